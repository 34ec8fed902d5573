// @ts-check
/**
 * What the proxy writes into the loader as it serves it
 * (crates/leadform-proxy/src/config/bundle.rs): the widget's content-hashed file names, its
 * stylesheet as a string literal, so styling the form costs no request of its own, and for
 * `/embed.js?form=…` that form's answer, so showing it costs none either.
 */

/** The wasm-bindgen module (JS glue), under the proxy's `/bundle/`. */
export const MODULE_PATH = "/bundle/__LEADFORM_MODULE__";

/** The wasm beside it. */
export const WASM_PATH = "/bundle/__LEADFORM_WASM__";

/** The widget's stylesheet (read only when a form mounts). */
export function stylesheet() {
  return __LEADFORM_CSS__;
}

/**
 * The answer of the form the loader was served for (`/embed.js?form=…`), or null. It comes as
 * JSON in a string: a browser reads that faster than the same object written as a literal.
 * @returns {import("./types").Inline | null}
 */
export function inline() {
  const carried = __LEADFORM_INLINE__;
  return carried && JSON.parse(carried);
}
