// @ts-check
/*! leadform embed loader.
 * <script async src="https://FORMS-HOST/embed.js" data-form="FORM_ID"></script>
 * Optional: data-target="#selector", data-locale="de", data-theme="light|dark|auto".
 * The one global is `leadform`, a function taking commands (see docs/embedding.md). Each form lives
 * in the shadow root of its host element, styled by a constructable stylesheet (never a
 * <style> or a style="", so a strict CSP needs no 'unsafe-inline').
 */

import { commands } from "./commands.js";
import { install } from "./global.js";
import { mountForm } from "./form.js";
import { campaign } from "./page.js";
import { flushKept } from "./settle.js";

const script = /** @type {HTMLScriptElement | null} */ (document.currentScript);
if (script && script.src) start(script);

/** @param {HTMLScriptElement} script */
function start(script) {
  const base = script.src.replace(/\/embed\.js([?#].*)?$/, "");
  // What the page knew when the first form loaded: campaign parameters, referrer, URL.
  const { shared, first } = install(
    window,
    campaign(location.search, document.referrer, location.href),
    (shared) => commands(shared, base),
  );
  if (first) window.addEventListener("online", () => flushKept(shared));

  // The script tag's own form: where it stands, or in data-target.
  const formId = script.getAttribute("data-form");
  if (formId) {
    const targetSelector = script.getAttribute("data-target");
    const mountHere = () => {
      let host = targetSelector && document.querySelector(targetSelector);
      if (targetSelector && !host)
        console.error("leadform: no element matches data-target " + targetSelector);
      if (!host) {
        host = document.createElement("leadform-form");
        host.setAttribute("data-form", formId);
        script.before(host);
      }
      for (const name of ["data-locale", "data-theme"]) {
        if (script.hasAttribute(name) && !host.hasAttribute(name)) {
          host.setAttribute(name, /** @type {string} */ (script.getAttribute(name)));
        }
      }
      mountForm(shared, host, formId, {}, base);
    };
    // An async script can run before the element it targets has been parsed.
    if (
      targetSelector &&
      document.readyState === "loading" &&
      !document.querySelector(targetSelector)
    ) {
      document.addEventListener("DOMContentLoaded", mountHere);
    } else {
      mountHere();
    }
  }
  // After the forms on this page have taken what they kept on an earlier one.
  if (first) flushKept(shared);
}
