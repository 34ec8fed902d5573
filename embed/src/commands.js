// @ts-check
/**
 * The `leadform(...)` commands a page calls (see docs/embedding.md): mount, unmount, prefill, on,
 * off.
 */

import { mountForm } from "./form.js";

/**
 * The commands, acting on `shared`.
 * @param {import("./global.js").Shared} shared
 * @param {string} base the loader's proxy
 */
export function commands(shared, base) {
  /** @param {Element | string} target */
  const element = (target) =>
    typeof target === "string" ? document.querySelector(target) : target;
  return {
    /**
     * Mounts form `formId` into `target`'s shadow root.
     * @param {Element | string} target
     * @param {string} formId
     * @param {import("./form.js").MountOptions} [options]
     */
    mount(target, formId, options) {
      const host = element(target);
      if (!host) return console.error("leadform: nothing matches " + target);
      return mountForm(shared, host, formId, options || {}, (options && options.base) || base);
    },
    /**
     * Removes the forms mounted in `target`.
     * @param {Element | string} target
     */
    unmount(target) {
      const host = element(target);
      for (const form of shared.forms.slice()) if (form.host === host) form.unmount();
    },
    /**
     * Prefills every form with id `formId`, now and when one mounts later.
     * @param {string} formId
     * @param {import("./types").Values} values
     */
    prefill(formId, values) {
      shared.prefill[formId] = { ...shared.prefill[formId], ...values };
      for (const form of shared.forms) if (form.formId === formId) form.fill(values);
    },
    /**
     * Calls `handler(detail, event)` for every form's event `name`.
     * @param {import("./events.js").EventName} name
     * @param {(detail: unknown, event: Event) => void} handler
     */
    on(name, handler) {
      const listener = (/** @type {Event} */ event) =>
        handler(/** @type {CustomEvent} */ (event).detail, event);
      shared.listeners.push({ name, handler, listener });
      document.addEventListener("leadform:" + name, listener);
    },
    /**
     * @param {import("./events.js").EventName} name
     * @param {(detail: unknown, event: Event) => void} handler
     */
    off(name, handler) {
      shared.listeners = shared.listeners.filter((entry) => {
        if (entry.name !== name || entry.handler !== handler) return true;
        document.removeEventListener("leadform:" + name, entry.listener);
        return false;
      });
    },
  };
}

/** @typedef {ReturnType<typeof commands>} Commands */
