// @ts-check
/*! leadform embed loader.
 * <script async src="https://FORMS-HOST/embed.js?form=FORM_ID"></script>, or
 * <script async src="https://FORMS-HOST/embed.js" data-form="FORM_ID"></script>
 * Optional: data-target="#selector", data-locale="de" (or &locale=de), data-theme="light|dark|auto".
 * The one global is `leadform`, a function taking commands (see docs/embedding.md). Each form lives
 * in the shadow root of its host element, styled by a constructable stylesheet (never a
 * <style> or a style="", so a strict CSP needs no 'unsafe-inline').
 */

import { inline } from "./bundle.js";
import { commands } from "./commands.js";
import { install } from "./global.js";
import { mountForm } from "./form.js";
import { offer } from "./network.js";
import { campaign } from "./page.js";
import { flushKept } from "./settle.js";
import { expire } from "./storage.js";

const script = /** @type {HTMLScriptElement | null} */ (document.currentScript);
if (script && script.src) start(script);

/** @param {HTMLScriptElement} script */
function start(script) {
  // Old drafts and submissions kept too long go before any form can show them.
  expire(Date.now());
  const base = baseOf(script.src);
  // What the page knew when the first form loaded: campaign parameters, referrer, URL.
  const { shared, first } = install(
    window,
    campaign(location.search, document.referrer, location.href),
    (shared) => commands(shared, base),
  );
  if (first) window.addEventListener("online", () => flushKept(shared));
  // Served for one form (`?form=`): its answer came with the loader.
  const given = inline();
  if (given) offer(shared.offered, base, given);
  // This snippet's form, and those of the page's `data-form` snippets of this proxy whose
  // loaders have not run yet: mounted now, in one task, their forms asked for in one request.
  // A `?form=` snippet still loading carries its own form and mounts it when it runs (asking
  // for it here would queue behind those very downloads).
  for (const other of [script, ...document.querySelectorAll("script[src]")]) {
    const element = /** @type {HTMLScriptElement} */ (other);
    if (shared.snippets.has(element) || baseOf(element.src) !== base) continue;
    if (element !== script && snippet(element).carries) continue;
    shared.snippets.add(element);
    mountSnippet(shared, base, element);
  }
  // After the forms on this page have taken what they kept on an earlier one.
  if (first) flushKept(shared);
}

/**
 * Mounts the form a snippet names where it stands, or in its data-target.
 * @param {import("./global.js").Shared} shared
 * @param {string} base
 * @param {HTMLScriptElement} script
 */
function mountSnippet(shared, base, script) {
  const { formId, locale } = snippet(script);
  if (!formId) return;
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
    if (locale && !host.hasAttribute("data-locale")) host.setAttribute("data-locale", locale);
    const theme = script.getAttribute("data-theme");
    if (theme && !host.hasAttribute("data-theme")) host.setAttribute("data-theme", theme);
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

/**
 * The proxy a loader's URL points at. (A function declaration: `start` runs before any
 * `const` below it is defined.)
 * @param {string} src
 */
function baseOf(src) {
  return src.replace(/\/embed\.js([?#].*)?$/, "");
}

/**
 * The form a snippet names, and the language chosen for it: `data-form` / `data-locale`, or
 * the loader URL's `form` / `locale`.
 * @param {HTMLScriptElement} script
 */
function snippet(script) {
  const query = new URL(script.src).searchParams;
  const named = script.getAttribute("data-form");
  return {
    formId: named || query.get("form"),
    locale: script.getAttribute("data-locale") || query.get("locale"),
    /** Its loader comes with the form. */
    carries: !named && query.has("form"),
  };
}
