/*! leadform embed loader.
 * <script async src="https://FORMS-HOST/embed.js" data-form="FORM_ID" data-target="#optional-selector"></script>
 * Creates a <leadform-form> where the script stands (or uses data-target), attaches a shadow
 * root and mounts the form there. The wasm bundle loads once per page, however many forms.
 * The one global is `leadform`: `leadform.forms` lists the mounted forms (each has .unmount()).
 * Styles are a constructable stylesheet adopted by the shadow root, never a <style> or a
 * style="" attribute, so a page whose CSP lacks 'unsafe-inline' shows the form fully styled.
 * The proxy sends the form rendered to HTML with its definition; it is shown at once, and the
 * wasm takes it over when it arrives, keeping what was typed, the focus and a pending Send.
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

  // Every download starts now, side by side: the form's definition and HTML and (once per
  // page) the widget's JS glue and its wasm, which the glue would otherwise only request once
  // it ran. The answer is [status, parsed body]; status 0 when the request failed. Forms of
  // the same id share it for as long as the proxy lets it be cached (60 s).
  var answers = (leadform.answers = leadform.answers || {});
  var key = base + " " + formId;
  if (!answers[key] || Date.now() - answers[key][0] > 60000) {
    answers[key] = [Date.now(), fetch(base + "/v1/forms/" + encodeURIComponent(formId) + "/embed", { credentials: "omit" }).then(
      function (response) {
        return response.text().then(function (body) {
          try {
            return [response.status, JSON.parse(body)];
          } catch (error) {
            return [response.status];
          }
        });
      },
      function () { return [0]; }
    )];
  }
  var definition = answers[key][1];
  if (!leadform.ready) {
    var wasm = fetch(base + "/bundle/__LEADFORM_WASM__", { credentials: "omit" });
    leadform.ready = import(base + "/bundle/__LEADFORM_MODULE__").then(function (widget) {
      return widget.default({ module_or_path: wasm }).then(function () { return widget; });
    });
  }

  function adoptStyles(root) {
    if (window.CSSStyleSheet && "adoptedStyleSheets" in root && "replaceSync" in CSSStyleSheet.prototype) {
      if (!leadform.sheet) {
        leadform.sheet = new CSSStyleSheet();
        leadform.sheet.replaceSync(css);
      }
      root.adoptedStyleSheets = [leadform.sheet];
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

  function mark(name) {
    if (performance.mark) performance.mark(name);
  }

  // The server-rendered form, shown until the wasm takes over. A Send pressed meanwhile is
  // held, never a navigation, and replayed once the form is live.
  function prerender(root, html) {
    var container = document.createElement("div");
    container.className = "lf-root";
    try {
      // Throws where Trusted Types are enforced; the form then appears when the wasm mounts.
      container.innerHTML = html;
    } catch (error) {
      return null;
    }
    container.addEventListener("submit", function (event) {
      event.preventDefault();
      container.sendPending = true;
    });
    root.appendChild(container);
    mark("leadform:shown");
    return container;
  }

  // Element id -> what the visitor entered: text, or whether a box or radio is ticked.
  function typedInto(container) {
    var typed = {};
    var form = container && container.querySelector("form");
    if (form) {
      [].forEach.call(form.elements, function (element) {
        if (element.id && element.type !== "submit") {
          typed[element.id] = element.type === "checkbox" || element.type === "radio" ? element.checked : element.value;
        }
      });
    }
    return typed;
  }

  function takeOver(root, widget, answer, container) {
    var active = container && root.activeElement;
    var focused = active && active.id;
    var selection = active && [active.selectionStart, active.selectionEnd];
    var body = answer[0] === 200 ? answer[1].definition : answer[1];
    var mounted = widget.mount(root, base, formId, answer[0], body, typedInto(container));
    if (container) {
      root.removeChild(container);
      var next = focused && root.getElementById(focused);
      if (next) {
        next.focus();
        // The widget writes the inputs' values in a microtask after mounting, which moves
        // the caret to the end; it is put back after that.
        if (selection[0] != null && next.setSelectionRange) {
          Promise.resolve().then(function () { next.setSelectionRange(selection[0], selection[1]); });
        }
      }
      if (container.sendPending) {
        var form = root.querySelector("form");
        if (form && form.requestSubmit) form.requestSubmit();
      }
    } else {
      mark("leadform:shown");
    }
    return mounted;
  }

  function start() {
    var host = hostElement();
    var root = host.shadowRoot || host.attachShadow({ mode: "open" });
    adoptStyles(root);
    var container = null;
    definition.then(function (answer) {
      if (answer[0] === 200 && answer[1] && typeof answer[1].html === "string") {
        container = prerender(root, answer[1].html);
      }
    });
    Promise.all([leadform.ready, definition])
      .then(function (loaded) {
        // A task of its own, so the other forms' server-rendered HTML is shown first.
        return new Promise(function (resolve) { setTimeout(resolve); }).then(function () {
          leadform.forms.push(takeOver(root, loaded[0], loaded[1], container));
          mark("leadform:mounted");
          host.dispatchEvent(new CustomEvent("leadform:ready", { bubbles: true }));
        });
      })
      .catch(function (error) {
        // What the visitor typed into the server-rendered form stays where it is.
        if (!container) {
          container = document.createElement("div");
          container.className = "lf-root";
          root.appendChild(container);
        }
        var notice = document.createElement("p");
        notice.className = "lf-card lf-notice";
        notice.setAttribute("role", "alert");
        notice.textContent = "This form could not be loaded. Please reload the page or try again later.";
        container.insertBefore(notice, container.firstChild);
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
