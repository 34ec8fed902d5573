/*! leadform embed loader.
 * <script async src="https://FORMS-HOST/embed.js" data-form="FORM_ID" data-target="#optional-selector"></script>
 * Creates a <leadform-form> where the script stands (or uses data-target), attaches a shadow
 * root and mounts the form there. The wasm bundle loads once per page, however many forms.
 * The one global is `leadform`: `leadform.forms` lists the mounted forms (each has .unmount()).
 */
(function () {
  "use strict";
  var script = document.currentScript;
  if (!script || !script.src) return;
  var base = script.src.replace(/\/embed\.js([?#].*)?$/, "");
  var formId = script.getAttribute("data-form") || "";
  var targetSelector = script.getAttribute("data-target");
  var leadform = (window.leadform = window.leadform || { forms: [] });

  // Both downloads start now, side by side: the form's definition and (once) the widget.
  var definition = fetch(base + "/v1/forms/" + encodeURIComponent(formId), { credentials: "omit" }).then(
    function (response) {
      return response.text().then(function (body) { return [response.status, body]; });
    },
    function () { return [0, ""]; }
  );
  leadform.ready =
    leadform.ready ||
    import(base + "/bundle/__LEADFORM_MODULE__").then(function (widget) {
      return widget.default({ module_or_path: base + "/bundle/__LEADFORM_WASM__" }).then(function () { return widget; });
    });

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
