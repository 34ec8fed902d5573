// @ts-check
/**
 * Everything the loader asks the proxy: the form (definition, HTML, words), the widget's
 * bundle, fill tokens, and the submissions. No request carries credentials.
 */

import { MODULE_PATH, WASM_PATH } from "./bundle.js";
import { negotiate } from "./page.js";

/** How long forms of the same id and language share one `/embed` answer (its max-age). */
export const EMBED_REUSE_MS = 60000;

/** A token is replaced this long before it expires (a tab left open overnight). */
export const TOKEN_MARGIN_MS = 60000;

/**
 * `base`'s address of form `formId`.
 * @param {string} base
 * @param {string} formId
 */
export const formUrl = (base, formId) => base + "/v1/forms/" + encodeURIComponent(formId);

/**
 * The form's definition, HTML and words in the first of `locales` the proxy speaks; status
 * 0 when the request failed. Forms of the same id and language share it for a minute. The
 * answer the loader was served with (`offered`, from `/embed.js?form=…`) serves when it is
 * in the language these `locales` pick. Forms asked for in the same task of the same proxy
 * and languages are asked for in one request (`/v1/embed?forms=a,b`), so a page's forms never
 * queue behind the widget's bundle for the browser's few connections to the proxy.
 * @param {Record<string, { at: number, answer: Promise<import("./types").Fetched<import("./types").EmbedAnswer>> }>} cache
 * @param {Record<string, import("./types").Inline>} offered by proxy and form
 * @param {string} base
 * @param {string} formId
 * @param {string} locales
 */
export function embedAnswer(cache, offered, base, formId, locales) {
  const key = base + " " + formId + " " + locales;
  let cached = cache[key];
  if (!cached || Date.now() - cached.at > EMBED_REUSE_MS) {
    const given = offered[base + " " + formId];
    const usable = given && negotiate(locales, given.speaks) === given.answer.locale;
    cached = {
      at: Date.now(),
      answer: usable
        ? Promise.resolve({ status: 200, body: given.answer })
        : ask(base, formId, locales),
    };
    cache[key] = cached;
  }
  return cached.answer;
}

/**
 * Keeps the answer a loader was served with (`/embed.js?form=…`) for its form's mount, where
 * `embedAnswer` finds it (by proxy and form).
 * @param {Record<string, import("./types").Inline>} offered
 * @param {string} base
 * @param {import("./types").Inline} given
 */
export function offer(offered, base, given) {
  offered[base + " " + given.form] = given;
}

/**
 * Forms waiting for the end of this task to be asked for, by proxy and languages.
 * @type {Record<string, { base: string, locales: string, forms: Record<string, ((answer: import("./types").Fetched<import("./types").EmbedAnswer>) => void)[]> }> | null}
 */
let asking = null;

/**
 * @param {string} base
 * @param {string} formId
 * @param {string} locales
 * @returns {Promise<import("./types").Fetched<import("./types").EmbedAnswer>>}
 */
function ask(base, formId, locales) {
  return new Promise((resolve) => {
    if (!asking) {
      asking = {};
      queueMicrotask(sendAsked);
    }
    const group = (asking[base + " " + locales] ||= { base, locales, forms: {} });
    (group.forms[formId] ||= []).push(resolve);
  });
}

function sendAsked() {
  const groups = asking || {};
  asking = null;
  for (const { base, locales, forms } of Object.values(groups)) {
    const ids = Object.keys(forms);
    const language = "locale=" + encodeURIComponent(locales);
    const one = ids.length === 1;
    const url = one
      ? formUrl(base, ids[0]) + "/embed?" + language
      : base + "/v1/embed?forms=" + ids.map(encodeURIComponent).join(",") + "&" + language;
    getJson(url).then((got) => {
      for (const id of ids) {
        // A batch answers each form with its own status and body.
        const answer = one ? got : (got.body && got.body[id]) || { status: got.status };
        for (const resolve of forms[id]) resolve(answer);
      }
    });
  }
}

/**
 * GETs JSON: its status and parsed body (none when it was not JSON); status 0 when the
 * request failed.
 * @param {string} url
 * @returns {Promise<import("./types").Fetched<any>>}
 */
function getJson(url) {
  return fetch(url, { credentials: "omit" }).then(
    (response) =>
      response.text().then((text) => {
        try {
          return { status: response.status, body: JSON.parse(text) };
        } catch {
          return { status: response.status };
        }
      }),
    () => ({ status: 0 }),
  );
}

/**
 * The widget's JS glue and wasm, once per proxy and page, both fetched at once.
 * @param {Record<string, Promise<import("./widget").Widget>>} cache
 * @param {string} base
 */
export function widget(cache, base) {
  let loading = cache[base];
  if (!loading) {
    const wasm = fetch(base + WASM_PATH, { credentials: "omit" });
    loading = import(base + MODULE_PATH).then((/** @type {import("./widget").Widget} */ module) =>
      module.default({ module_or_path: wasm }).then(() => module),
    );
    cache[base] = loading;
  }
  return loading;
}

/**
 * A fill token: the proxy's signed word of when the form was shown. The proxy drops, as a
 * bot's, a submission sent sooner than `wait` after it, and refuses one without a token.
 * Null when the proxy could not be asked.
 * @param {string} base
 * @param {string} formId
 * @returns {Promise<import("./types").Token | null>}
 */
export function fetchToken(base, formId) {
  return fetch(formUrl(base, formId) + "/token", { credentials: "omit" })
    .then((response) => response.json())
    .then(
      (got) => {
        const now = Date.now();
        return {
          token: got.token,
          sendFrom: now + got.wait,
          renewAfter: now + got.life - TOKEN_MARGIN_MS,
        };
      },
      () => null,
    );
}

/**
 * The holder's token once it may be sent: a new one when it has none, or one that failed,
 * was spent or is about to run out. Null when none could be had.
 * @param {{ token?: Promise<import("./types").Token | null> | null }} holder
 * @param {string} base
 * @param {string} formId
 * @returns {Promise<string | null>}
 */
export function usableToken(holder, base, formId) {
  const fresh = () => (holder.token = fetchToken(base, formId));
  return (holder.token || fresh())
    .then((got) => (got && got.token && Date.now() < got.renewAfter ? got : fresh()))
    .then(
      (got) =>
        new Promise((resolve) =>
          setTimeout(resolve, got ? got.sendFrom - Date.now() : 0, got && got.token),
        ),
    );
}

/**
 * POSTs one submission with its token; status 0 when no answer came. Without a token (the
 * proxy could not be asked for one) it is not sent, since the proxy would refuse it: it is
 * kept like a submission made offline.
 * @param {import("./types").Submission} entry
 * @param {string | null} token
 * @returns {Promise<import("./types").Posted>}
 */
export function post(entry, token) {
  if (!token) return Promise.resolve({ status: 0, text: "" });
  return fetch(formUrl(entry.base, entry.formId) + "/submissions", {
    method: "POST",
    credentials: "omit",
    headers: {
      "Content-Type": "application/json",
      "Idempotency-Key": entry.key,
      "Leadform-Token": token,
    },
    body: entry.body,
  }).then(
    (response) =>
      response.text().then(
        (text) => ({ status: response.status, text }),
        () => ({ status: response.status, text: "" }),
      ),
    () => ({ status: 0, text: "" }),
  );
}
