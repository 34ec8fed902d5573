// @ts-check
/**
 * What the proxy writes into the loader as it serves it (crates/leadform-proxy/src/bundle.rs):
 * the widget's content-hashed file names, and its stylesheet as a string literal, so styling
 * the form costs no request of its own.
 */

/** The wasm-bindgen module (JS glue), under the proxy's `/bundle/`. */
export const MODULE_PATH = "/bundle/__LEADFORM_MODULE__";

/** The wasm beside it. */
export const WASM_PATH = "/bundle/__LEADFORM_WASM__";

/** The widget's stylesheet (read only when a form mounts). */
export function stylesheet() {
  return __LEADFORM_CSS__;
}
