// @ts-check
import assert from "node:assert/strict";
import { test } from "node:test";

import { embedAnswer, offer } from "../src/network.js";

/**
 * Replaces `fetch` with one that records each URL and answers `answer(url)`.
 * @param {(url: string) => unknown} answer
 */
function fakeFetch(answer) {
  /** @type {string[]} */
  const asked = [];
  globalThis.fetch = /** @type {typeof fetch} */ (
    /** @type {unknown} */ (
      (/** @type {string} */ url) => {
        asked.push(url);
        const body = JSON.stringify(answer(url));
        return Promise.resolve({ status: 200, text: () => Promise.resolve(body) });
      }
    )
  );
  return asked;
}

/**
 * An answer for form `form` (its id is in the HTML here) in `locale`.
 * @param {string} form
 * @param {string} locale
 * @returns {import("../src/types").EmbedAnswer}
 */
const answerOf = (form, locale) => ({ locale, definition: {}, html: form, texts: {} });

/** @returns {Parameters<typeof embedAnswer>[0]} */
const noCache = () => ({});

test("forms asked for in one task cost one request, each getting its own answer", async () => {
  const asked = fakeFetch(() => ({
    a: { status: 200, body: answerOf("a", "de") },
    b: { status: 403, body: { error: { code: "origin_not_allowed", message: "Nein" } } },
  }));
  const cache = noCache();
  const [a, b, again] = await Promise.all([
    embedAnswer(cache, {}, "https://forms.example", "a", "de"),
    embedAnswer(cache, {}, "https://forms.example", "b", "de"),
    embedAnswer(cache, {}, "https://forms.example", "a", "de"),
  ]);
  assert.deepEqual(asked, ["https://forms.example/v1/embed?forms=a,b&locale=de"]);
  assert.equal(a.status, 200);
  assert.equal(a.body && a.body.html, "a");
  assert.equal(again, a);
  assert.equal(b.status, 403);
});

test("a form asked for alone uses its own address, which caches share", async () => {
  const asked = fakeFetch(() => answerOf("a", "en"));
  const got = await embedAnswer(noCache(), {}, "https://forms.example", "a", "en-US,en");
  assert.deepEqual(asked, ["https://forms.example/v1/forms/a/embed?locale=en-US%2Cen"]);
  assert.equal(got.body && got.body.locale, "en");
});

test("the answer served with the loader is used when it is in the language the page wants", async () => {
  const asked = fakeFetch(() => answerOf("a", "fr"));
  /** @type {Record<string, import("../src/types").Inline>} */
  const offered = {};
  offer(offered, "https://forms.example", {
    form: "a",
    speaks: ["en", "de", "fr"],
    answer: answerOf("a", "de"),
  });
  const german = await embedAnswer(noCache(), offered, "https://forms.example", "a", "de-CH,en");
  assert.equal(german.body && german.body.locale, "de");
  assert.deepEqual(asked, [], "no request");
  // The page is in French (`<html lang="fr">`): the loader asks for the French answer.
  const french = await embedAnswer(noCache(), offered, "https://forms.example", "a", "fr,de");
  assert.equal(french.body && french.body.locale, "fr");
  assert.deepEqual(asked, ["https://forms.example/v1/forms/a/embed?locale=fr%2Cde"]);
});

test("a batch that fails answers every form with status 0", async () => {
  globalThis.fetch = () => Promise.reject(new Error("offline"));
  const [a, b] = await Promise.all([
    embedAnswer(noCache(), {}, "https://forms.example", "a", "en"),
    embedAnswer(noCache(), {}, "https://forms.example", "b", "en"),
  ]);
  assert.equal(a.status, 0);
  assert.equal(b.status, 0);
});
