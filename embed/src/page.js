// @ts-check
/**
 * What the page tells the form: the campaign the visitor landed with, what its URL
 * prefills, and the languages it wants.
 */

/** The campaign parameters kept with every submission. */
export const CAMPAIGN = ["utm_source", "utm_medium", "utm_campaign", "utm_term", "utm_content"];

/** The most the proxy takes of a campaign parameter, and of the referrer and landing page. */
export const PARAMETER_LIMIT = 255;
export const URL_LIMIT = 2000;

/**
 * The page's campaign: its utm_* parameters, referrer and URL, cut to what the proxy
 * accepts, so a long URL never costs the visitor their lead.
 * @param {string} search the page URL's query, `?…`
 * @param {string} referrer
 * @param {string} href the page's URL
 * @returns {import("./types").Hidden}
 */
export function campaign(search, referrer, href) {
  /** @type {import("./types").Hidden} */
  const hidden = {};
  const params = new URLSearchParams(search);
  for (const name of CAMPAIGN) {
    const value = params.get(name);
    if (value) hidden[name] = value.slice(0, PARAMETER_LIMIT);
  }
  if (referrer) hidden.referrer = referrer.slice(0, URL_LIMIT);
  hidden.landing_page = href.slice(0, URL_LIMIT);
  return hidden;
}

/**
 * What the page's URL prefills (`?lf_email=…`), limited to the questions the form allows.
 * @param {string} search the URL's query, `?…`
 * @param {string[] | undefined} allowed
 * @returns {import("./types").Values}
 */
export function urlPrefill(search, allowed) {
  /** @type {import("./types").Values} */
  const values = {};
  const params = new URLSearchParams(search);
  for (const name of allowed || []) {
    const value = params.get("lf_" + name);
    if (value != null) values[name] = value;
  }
  return values;
}

/**
 * The languages a form is asked for, most wanted first (the proxy picks the first it
 * speaks): the mount option, the host's `data-locale`, the page's `<html lang>`, then the
 * browser's languages.
 * @param {(string | null | undefined)[]} chosen
 * @param {readonly string[]} browser `navigator.languages`
 */
export const wantedLocales = (chosen, browser) => [...chosen, ...browser].filter(Boolean).join(",");

/**
 * The languages a form on this page is asked for, given the ones chosen for it.
 * @param {(string | null | undefined)[]} chosen
 */
export const pageLocales = (chosen) =>
  wantedLocales(
    [...chosen, document.documentElement.lang],
    navigator.languages || [navigator.language],
  );

/**
 * The language the proxy answers `wanted` (comma-separated tags, most wanted first) in:
 * the first whose primary subtag it `speaks`, else the first it speaks. The same rule as
 * `leadform::locales::negotiate`; test/negotiation.json holds cases both must agree on.
 * @param {string} wanted
 * @param {readonly string[]} speaks
 */
export function negotiate(wanted, speaks) {
  for (const tag of wanted.split(",")) {
    const primary = tag.trim().split(/[-_]/)[0].toLowerCase();
    if (speaks.includes(primary)) return primary;
  }
  return speaks[0];
}
