/*! leadform embed loader.
 * <script async src="https://FORMS-HOST/embed.js" data-form="FORM_ID" data-target="#optional-selector"></script>
 * Creates a <leadform-form> where the script stands (or uses data-target), attaches a shadow
 * root and mounts the form there. The wasm bundle loads once per page, however many forms.
 * The one global is `leadform`: `leadform.forms` lists the mounted forms (each has .unmount()).
 * Styles are a constructable stylesheet adopted by the shadow root, never a <style> or a
 * style="" attribute, so a page whose CSP lacks 'unsafe-inline' shows the form fully styled.
 */
(function () {
  "use strict";
  var script = document.currentScript;
  if (!script || !script.src) return;
  var base = script.src.replace(/\/embed\.js([?#].*)?$/, "");
  var formId = script.getAttribute("data-form") || "";
  var targetSelector = script.getAttribute("data-target");
  var leadform = (window.leadform = window.leadform || { forms: [] });

  // The proxy writes the widget's stylesheet here as a string literal.
  var css = __LEADFORM_CSS__;
  var sheet;

  // Every download starts now, side by side: the form's definition and (once per page) the
  // widget's JS glue and its wasm, which the glue would otherwise only request once it ran.
  var definition = fetch(base + "/v1/forms/" + encodeURIComponent(formId), { credentials: "omit" }).then(
    function (response) {
      return response.text().then(function (body) { return [response.status, body]; });
    },
    function () { return [0, ""]; }
  );
  if (!leadform.ready) {
    var wasm = fetch(base + "/bundle/__LEADFORM_WASM__", { credentials: "omit" });
    leadform.ready = import(base + "/bundle/__LEADFORM_MODULE__").then(function (widget) {
      return widget.default({ module_or_path: wasm }).then(function () { return widget; });
    });
  }

  function adoptStyles(root) {
    if (window.CSSStyleSheet && "adoptedStyleSheets" in root && "replaceSync" in CSSStyleSheet.prototype) {
      if (!sheet) {
        sheet = new CSSStyleSheet();
        sheet.replaceSync(css);
      }
      root.adoptedStyleSheets = [sheet];
    } else {
      // Browsers without constructable stylesheets (Safari before 16.4): a strict CSP will
      // block this, but elsewhere the form is still styled.
      var style = document.createElement("style");
      style.textContent = css;
      root.appendChild(style);
    }
  }

  function hostElement() {
    var target = targetSelector && document.querySelector(targetSelector);
    if (target) return target;
    if (targetSelector) console.error("leadform: no element matches data-target " + targetSelector);
    var element = document.createElement("leadform-form");
    element.setAttribute("data-form", formId);
    script.parentNode.insertBefore(element, script);
    return element;
  }

  function start() {
    var host = hostElement();
    var root = host.shadowRoot || host.attachShadow({ mode: "open" });
    adoptStyles(root);
    Promise.all([leadform.ready, definition])
      .then(function (loaded) {
        leadform.forms.push(loaded[0].mount(root, base, formId, loaded[1][0], loaded[1][1]));
        if (performance.mark) performance.mark("leadform:mounted");
        host.dispatchEvent(new CustomEvent("leadform:ready", { bubbles: true }));
      })
      .catch(function (error) {
        root.textContent = "This form could not be loaded. Please reload the page or try again later.";
        console.error("leadform:", error);
      });
  }

  // An async script can run before the element it targets has been parsed.
  if (targetSelector && document.readyState === "loading" && !document.querySelector(targetSelector)) {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
