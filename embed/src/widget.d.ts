/**
 * The widget's wasm module as trunk builds it, seen from the loader: `mount` in
 * src/mount.rs, the `send` it calls in src/submit.rs. The end-to-end tests run both sides in
 * every engine.
 */
import type { Definition, Posted, Texts, Typed } from "./types";

export interface Widget {
  /** Instantiates the wasm, from a response or its promise. */
  default(init: { module_or_path: Promise<Response> }): Promise<unknown>;
  /** Mounts a form into `root`; throws when the definition cannot be read. */
  mount(root: ShadowRoot, definition: Definition, options: MountOptions): LiveForm;
}

export interface MountOptions {
  /** The locale's words. */
  texts: Texts;
  /** What the form starts from: typed before the wasm arrived, a draft, a prefill. */
  typed: Typed;
  /**
   * Posts a submission's JSON body; resolves to the proxy's answer, status 0 when none came
   * (text `"kept"` when it was then kept on the device).
   */
  send(body: string): Promise<Posted>;
}

/** A mounted form. */
export interface LiveForm {
  unmount(): void;
}
