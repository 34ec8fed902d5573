// @ts-check
import assert from "node:assert/strict";
import { test } from "node:test";

import {
  PARAMETER_LIMIT,
  URL_LIMIT,
  campaign,
  negotiate,
  urlPrefill,
  wantedLocales,
} from "../src/page.js";

test("the campaign is the utm_* parameters, the referrer and the landing page", () => {
  const href =
    "https://partner.example/offer?utm_source=newsletter&utm_campaign=spring&utm_medium=&other=x";
  assert.deepEqual(campaign(new URL(href).search, "https://search.example/", href), {
    utm_source: "newsletter",
    utm_campaign: "spring",
    referrer: "https://search.example/",
    landing_page: href,
  });
  assert.deepEqual(campaign("", "", "https://partner.example/"), {
    landing_page: "https://partner.example/",
  });
});

test("campaign values are cut to what the proxy takes, so a long URL never costs the lead", () => {
  const long = "x".repeat(5000);
  const href = "https://partner.example/?utm_term=" + long;
  const hidden = campaign(new URL(href).search, "https://r.example/" + long, href);
  assert.equal(hidden.utm_term.length, PARAMETER_LIMIT);
  assert.equal(hidden.referrer.length, URL_LIMIT);
  assert.equal(hidden.landing_page.length, URL_LIMIT);
  assert.equal(PARAMETER_LIMIT, 255);
  assert.equal(URL_LIMIT, 2000);
});

test("the URL prefills only the questions the form allows", () => {
  const search = "?lf_email=ada%40globex.example&lf_phone_number=123&lf_company_name=&email=nope";
  assert.deepEqual(urlPrefill(search, ["email", "company_name"]), {
    email: "ada@globex.example",
    company_name: "",
  });
  assert.deepEqual(urlPrefill(search, undefined), {}, "a form that allows none");
  assert.deepEqual(urlPrefill(search, []), {});
});

test("languages: the mount option, data-locale, <html lang>, then the browser's, most wanted first", () => {
  assert.equal(wantedLocales(["de", null, "en"], ["fr-FR", "fr"]), "de,en,fr-FR,fr");
  assert.equal(wantedLocales([undefined, "nl", ""], []), "nl");
  assert.equal(wantedLocales([undefined, null, ""], ["es"]), "es");
});

test("the language picked for the wanted ones is the proxy's pick (test/negotiation.json)", async () => {
  const { readFile } = await import("node:fs/promises");
  const table = JSON.parse(
    await readFile(new URL("./negotiation.json", import.meta.url), { encoding: "utf8" }),
  );
  for (const { wanted, picks } of table.cases) {
    assert.equal(negotiate(wanted, table.speaks), picks, wanted);
  }
});
