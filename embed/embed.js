/*! leadform embed loader.
 * <script async src="https://FORMS-HOST/embed.js" data-form="FORM_ID"></script>
 * Optional: data-target="#selector", data-locale="de", data-theme="light|dark|auto".
 * The one global is `leadform`, a function taking commands (see the README), which a page may
 * queue before this script arrives:
 *   window.leadform = window.leadform || function () { (leadform.q = leadform.q || []).push(arguments) };
 *   leadform("mount", "#form", "FORM_ID", { locale: "de", prefill: { email: "a@b.example" } });
 * Each form lives in the shadow root of its host element, styled by a constructable
 * stylesheet (never a <style> or a style="", so a strict CSP needs no 'unsafe-inline'). The
 * proxy sends the form rendered to HTML in the page's language; it is shown at once, and the
 * wasm takes it over when it arrives, keeping what was typed, the focus and a pending Send.
 * The loader also keeps the visitor's draft, the page's campaign parameters and, when the
 * network is down, the submission itself until it can be sent (with the same idempotency key).
 */
(function () {
  "use strict";
  var script = document.currentScript;
  if (!script || !script.src) return;
  var base = script.src.replace(/\/embed\.js([?#].*)?$/, "");
  // The proxy writes the widget's stylesheet here as a string literal.
  var css = __LEADFORM_CSS__;
  var HIDDEN = ["utm_source", "utm_medium", "utm_campaign", "utm_term", "utm_content"];
  // Only when the proxy could not be reached is there no table of words to say so in.
  var FAILED = "This form could not be loaded. Please reload the page or try again later.";


  var commands = {
    mount: function (target, formId, options) {
      var host = typeof target === "string" ? document.querySelector(target) : target;
      if (!host) return console.error("leadform: nothing matches " + target);
      return mountForm(host, formId, options || {}, (options && options.base) || base);
    },
    unmount: function (target) {
      var host = typeof target === "string" ? document.querySelector(target) : target;
      shared.forms.slice().forEach(function (form) { if (form.host === host) form.unmount(); });
    },
    prefill: function (formId, values) {
      shared.prefill[formId] = Object.assign({}, shared.prefill[formId], values);
      shared.forms.forEach(function (form) { if (form.formId === formId) form.fill(values); });
    },
    on: function (name, handler) {
      var listener = function (event) { handler(event.detail, event); };
      shared.listeners.push([name, handler, listener]);
      document.addEventListener("leadform:" + name, listener);
    },
    off: function (name, handler) {
      shared.listeners = shared.listeners.filter(function (entry) {
        if (entry[0] !== name || entry[1] !== handler) return true;
        document.removeEventListener("leadform:" + name, entry[2]);
      });
    }
  };

  var queued = window.leadform;
  var shared = queued && queued.shared;
  if (!shared) {
    shared = {
      forms: [],
      answers: {},
      bundles: {},
      sheets: {},
      listeners: [],
      prefill: {},
      // What the page knew when the first form loaded: campaign parameters, referrer, URL.
      hidden: capturePage()
    };
    var command = function (name) {
      var args = [].slice.call(arguments, 1);
      var run = commands[name];
      if (!run) return console.error("leadform: no command " + name);
      return run.apply(null, args);
    };
    command.shared = shared;
    command.forms = shared.forms;
    window.leadform = command;
    // Commands the page queued before the loader arrived, in order.
    ((queued && queued.q) || []).forEach(function (args) { command.apply(null, args); });
    window.addEventListener("online", flushKept);
  }

  function capturePage() {
    var hidden = {};
    var params = new URLSearchParams(location.search);
    // Cut to what the proxy accepts, so a long URL never costs the visitor their lead.
    HIDDEN.forEach(function (name) { if (params.get(name)) hidden[name] = params.get(name).slice(0, 255); });
    if (document.referrer) hidden.referrer = document.referrer.slice(0, 2000);
    hidden.landing_page = location.href.slice(0, 2000);
    return hidden;
  }

  function storage(act) {
    try { return act(window.localStorage); } catch (error) { return null; }
  }

  function read(key) {
    return storage(function (store) { return JSON.parse(store.getItem(key) || "null"); });
  }

  function write(key, value) {
    return storage(function (store) {
      if (value == null) store.removeItem(key);
      else store.setItem(key, JSON.stringify(value));
      return true;
    });
  }

  function emit(target, formId, name, detail) {
    detail = Object.assign({ formId: formId }, detail);
    target.dispatchEvent(new CustomEvent("leadform:" + name, { bubbles: true, composed: true, detail: detail }));
  }

  function formUrl(from, formId) {
    return from + "/v1/forms/" + encodeURIComponent(formId);
  }

  function mark(name) {
    if (performance.mark) performance.mark(name);
  }

  // The widget's JS glue and wasm, once per proxy and page, both started at once.
  function bundle(from) {
    if (!shared.bundles[from]) {
      var wasm = fetch(from + "/bundle/__LEADFORM_WASM__", { credentials: "omit" });
      shared.bundles[from] = import(from + "/bundle/__LEADFORM_MODULE__").then(function (widget) {
        return widget.default({ module_or_path: wasm }).then(function () { return widget; });
      });
    }
    return shared.bundles[from];
  }

  // The form's definition, HTML and words, as [status, parsed body]; status 0 when the
  // request failed. Forms of the same id and language share it for 60 s, as the proxy
  // lets it be cached.
  function embedAnswer(from, formId, locales) {
    var key = from + " " + formId + " " + locales;
    var cached = shared.answers[key];
    if (!cached || Date.now() - cached[0] > 60000) {
      var url = formUrl(from, formId) + "/embed?locale=" + encodeURIComponent(locales);
      cached = shared.answers[key] = [Date.now(), fetch(url, { credentials: "omit" }).then(
        function (response) {
          return response.text().then(function (body) {
            try { return [response.status, JSON.parse(body)]; } catch (error) { return [response.status]; }
          });
        },
        function () { return [0]; }
      )];
    }
    return cached[1];
  }

  // Constructable stylesheets are in every browser since Safari 16.4 (2023).
  function adoptStyles(root, from) {
    if (!shared.sheets[from]) {
      shared.sheets[from] = new CSSStyleSheet();
      shared.sheets[from].replaceSync(css);
    }
    root.adoptedStyleSheets = [shared.sheets[from]];
  }

  // The languages the page asks for, most wanted first; the proxy picks the first it speaks.
  function wantedLocales(host, options) {
    var wanted = [options.locale, host.getAttribute("data-locale"), document.documentElement.lang];
    return wanted.concat([].slice.call(navigator.languages || [navigator.language])).filter(Boolean).join(",");
  }

  // A question's answer as the form's controls hold it: element id -> text or tick.
  function typedFromValues(definition, values) {
    var typed = {};
    Object.keys(values || {}).forEach(function (name) {
      var value = values[name];
      if (name === "direction") typed["lf-direction-" + value] = true;
      if (name === "consent") typed["lf-consent"] = value === true || value === "true";
      (definition.fields || []).forEach(function (field) {
        var custom = field.field.custom;
        if ((custom ? "custom_" + custom.id : field.field) !== name) return;
        var kind = custom && custom.type;
        if (kind === "multi_select") {
          (Array.isArray(value) ? value : String(value).split(",")).forEach(function (option) {
            typed["lf-" + name + "-" + String(option).trim()] = true;
          });
        } else if (kind === "boolean") {
          typed["lf-" + name] = value === true || value === "true";
        } else {
          typed["lf-" + name] = String(value);
        }
      });
    });
    return typed;
  }

  // What the page's URL prefills (`?lf_email=…`), limited to the questions the form allows.
  function urlPrefill(allowed) {
    var values = {};
    var params = new URLSearchParams(location.search);
    (allowed || []).forEach(function (name) { if (params.get("lf_" + name) != null) values[name] = params.get("lf_" + name); });
    return values;
  }

  // Element id -> what the visitor entered into the form in `container`.
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

  // Writes answers into the server-rendered form's controls.
  function typeInto(container, typed) {
    Object.keys(typed).forEach(function (id) {
      var element = container.querySelector("#" + CSS.escape(id));
      if (!element) return;
      if (typeof typed[id] === "boolean") element.checked = typed[id];
      else element.value = typed[id];
    });
  }

  // An idempotency key: randomUUID where the page is a secure context, otherwise 128 bits
  // from the same generator (getRandomValues works on plain http pages too).
  function newKey() {
    if (crypto.randomUUID) return crypto.randomUUID();
    return [].map.call(crypto.getRandomValues(new Uint8Array(16)), function (byte) {
      return (byte + 256).toString(16).slice(1);
    }).join("");
  }

  function kept() { return read("leadform:kept") || []; }

  function keep(entries) { return write("leadform:kept", entries.length ? entries : null); }

  // What is kept, but the submission with this key.
  function keptBut(key) { return kept().filter(function (entry) { return entry.key !== key; }); }

  // A fill token: the proxy's signed word of when the form was shown. It drops, as a bot's,
  // a submission sent sooner than `wait` ms after, and refuses one without a token. Resolves
  // to [token, may be sent from, to be replaced after] in this page's clock, [] on failure.
  function fetchToken(from, formId) {
    return fetch(formUrl(from, formId) + "/token", { credentials: "omit" })
      .then(function (response) { return response.json(); })
      .then(function (got) {
        var now = Date.now();
        return [got.token, now + got.wait, now + got.life - 60000];
      }, function () { return []; });
  }

  // The holder's token once it may be sent: a new one if it has none, or it is spent or
  // about to run out (a tab left open overnight).
  function usableToken(holder, from, formId) {
    var fresh = function () { return (holder.token = fetchToken(from, formId)); };
    return (holder.token || fresh()).then(function (got) {
      return got[0] && Date.now() < got[2] ? got : fresh();
    }).then(function (got) {
      return new Promise(function (resolve) { setTimeout(resolve, got[1] - Date.now() || 0, got[0]); });
    });
  }

  // POSTs one submission with its token; [status, text], status 0 when no answer came.
  // Without a token (the proxy could not be asked for one) it is not sent: the proxy would
  // refuse it, so it is kept like a submission made offline.
  function post(entry, token) {
    if (!token) return Promise.resolve([0, ""]);
    return fetch(formUrl(entry.base, entry.formId) + "/submissions", {
      method: "POST",
      credentials: "omit",
      headers: { "Content-Type": "application/json", "Idempotency-Key": entry.key, "Leadform-Token": token },
      body: entry.body
    }).then(
      function (response) { return response.text().then(function (text) { return [response.status, text]; }, function () { return [response.status, ""]; }); },
      function () { return [0, ""]; }
    );
  }

  // What follows an answer: the events, and on success no draft, nothing kept, the redirect.
  function settle(entry, answer, target, redirect) {
    var status = answer[0];
    var body = {};
    try { body = JSON.parse(answer[1]); } catch (error) { /* not JSON */ }
    var received = status >= 200 && status < 300;
    // A refusal the proxy would repeat (4xx but 408 and 429) is as final as success: a kept
    // copy would only be posted again on every page load.
    if (received || (status >= 400 && status < 500 && status !== 408 && status !== 429)) {
      keep(keptBut(entry.key));
    }
    if (received) {
      write("leadform:draft:" + entry.base + " " + entry.formId, null);
      emit(target, entry.formId, "submitted", { status: body.status, leadId: body.id, submissionId: body.submission_id });
      if (redirect) location.assign(redirect);
    } else if (status) {
      var error = body.error || {};
      emit(target, entry.formId, "error", { code: error.code || "server", message: error.message || "" });
    }
  }

  // Sends what a visitor could not send while offline: once the browser is back online, and
  // on every page load. The idempotency key makes any repeat the same lead.
  function flushKept() {
    if (!navigator.onLine || shared.flushing) return;
    var waiting = kept();
    if (!waiting.length) return;
    shared.flushing = true;
    Promise.all(waiting.map(function (entry) {
      var owner = shared.forms.filter(function (form) { return form.key() === entry.key; })[0];
      // A form on the page sends it itself, so it can thank the visitor: at once when live,
      // else when the wasm takes it over.
      if (owner) return owner.resend();
      return usableToken({}, entry.base, entry.formId).then(function (token) {
        return post(entry, token);
      }).then(function (answer) { settle(entry, answer, document); });
    })).then(function () { shared.flushing = false; });
  }

  function mountForm(host, formId, options, from) {
    var root = host.shadowRoot || host.attachShadow({ mode: "open" });
    adoptStyles(root, from);
    var theme = options.theme || host.getAttribute("data-theme");
    if (theme) host.setAttribute("data-theme", theme);
    var draftKey = "leadform:draft:" + from + " " + formId;
    // Also, set as the form goes: `mounted` (the live form, the wasm's), else `container`
    // (the server-rendered one); `token` (a promise of the fill token); `lastBody` and
    // `lastKey` (the last submission and its idempotency key); `kept` (it waits on this
    // device), `sent`, `gone` (unmounted) and the draft's `timer`.
    var form = { host: host, formId: formId };
    var answer = null;
    // A submission kept on an earlier page is this form's to send again, with its key and the
    // campaign it was made under, so answers left as they were are the same lead.
    var adopted = kept().filter(function (entry) {
      return entry.base === from && entry.formId === formId &&
        !shared.forms.some(function (other) { return other.lastKey === entry.key; });
    })[0];
    if (adopted) {
      form.lastBody = adopted.body;
      form.lastKey = adopted.key;
      form.kept = true;
    }
    var adoptedBody = adopted ? JSON.parse(adopted.body) : {};
    var hidden = adopted ? adoptedBody.hidden : shared.hidden;

    function send(body) {
      var full = JSON.parse(body);
      full.hidden = hidden;
      var trap = root.querySelector("input[name=website]");
      if (trap && trap.value) full.website = trap.value;
      full = JSON.stringify(full);
      if (full !== form.lastBody) {
        // The same answers as a submission kept while offline keep its key; other answers
        // replace what this form kept, so the visitor's last Send is the one lead.
        var same = kept().filter(function (entry) { return entry.body === full && entry.formId === formId; })[0];
        if (form.lastKey) keep(keptBut(form.lastKey));
        form.lastBody = full;
        form.lastKey = same ? same.key : newKey();
      }
      var entry = { base: from, formId: formId, body: full, key: form.lastKey, at: Date.now() };
      emit(host, formId, "submit", {});
      return usableToken(form, from, formId).then(function (token) {
        return post(entry, token);
      }).then(function (result) {
        if (result[0]) {
          form.kept = false;
          settle(entry, result, host, answer && answer.redirect);
          // A token is one submission's: another needs a new one.
          if (result[0] >= 200 && result[0] < 300) {
            form.sent = true;
            form.token = null;
          }
          return result;
        }
        // No network: keep it, with its key, until it can be sent.
        var stored = keep(keptBut(entry.key).concat([entry]));
        form.kept = !!stored;
        if (stored) emit(host, formId, "queued", { offline: true });
        else emit(host, formId, "error", { code: "network", message: "" });
        return [0, stored ? "kept" : ""];
      });
    }

    function saveDraft() {
      clearTimeout(form.timer);
      form.timer = setTimeout(function () {
        if (!form.sent && !form.gone) write(draftKey, typedNow());
      }, 400);
    }

    function showDraftNotice(texts) {
      var notice = document.createElement("div");
      notice.className = "lf-root lf-draft";
      notice.setAttribute("role", "status");
      var words = document.createElement("span");
      words.textContent = texts.draft_restored;
      var button = document.createElement("button");
      button.type = "button";
      button.className = "lf-link";
      button.textContent = texts.start_over;
      button.addEventListener("click", function () {
        write(draftKey, null);
        // Starting over withdraws a submission kept on an earlier page, too.
        if (form.kept) keep(keptBut(form.lastKey));
        form.kept = false;
        adopted = null;
        hidden = shared.hidden;
        root.removeChild(notice);
        form.remount(startingAnswers(false));
      });
      notice.appendChild(words);
      notice.appendChild(button);
      root.insertBefore(notice, root.firstChild);
    }

    // Prefill from the page's URL and from JavaScript, then a kept submission's answers, then
    // the visitor's own draft.
    function startingAnswers(withDraft) {
      var sent = adopted && withDraft ? Object.assign({ direction: adoptedBody.direction, consent: adoptedBody.consent }, adoptedBody.values) : null;
      var typed = typedFromValues(answer.definition, Object.assign(urlPrefill(answer.prefill), shared.prefill[formId], options.prefill, sent));
      return Object.assign(typed, withDraft ? read(draftKey) : null);
    }

    // What the visitor has entered so far, in whichever form is showing.
    function typedNow() {
      return typedInto(form.mounted ? root : form.container);
    }

    function liveOptions(typed) {
      return { texts: answer.texts, typed: typed, send: send };
    }

    // Starts the form again from `typed` alone.
    form.remount = function (typed) {
      if (!form.mounted) {
        var rendered = form.container && form.container.querySelector("form");
        if (rendered) rendered.reset();
        return rendered && typeInto(form.container, typed);
      }
      form.mounted.unmount();
      [].slice.call(root.querySelectorAll(".lf-root:not(.lf-draft)")).forEach(function (node) { root.removeChild(node); });
      form.mounted = form.widget.mount(root, answer.definition, liveOptions(typed));
    };
    form.fill = function (values) {
      if (!answer) return;
      var typed = typedFromValues(answer.definition, values);
      form.remount(Object.assign(typedNow(), typed));
    };
    form.key = function () { return form.kept && form.lastKey; };
    form.resend = function () {
      var live = form.mounted && root.querySelector("form");
      if (live && live.requestSubmit) live.requestSubmit();
      return !!live;
    };
    form.unmount = function () {
      form.gone = true;
      clearTimeout(form.timer);
      root.removeEventListener("input", saveDraft);
      root.removeEventListener("change", saveDraft);
      if (form.mounted) form.mounted.unmount();
      form.mounted = null;
      while (root.firstChild) root.removeChild(root.firstChild);
      var index = shared.forms.indexOf(form);
      if (index >= 0) shared.forms.splice(index, 1);
    };
    shared.forms.push(form);
    root.addEventListener("input", saveDraft);
    root.addEventListener("change", saveDraft);

    // The wasm mounts beside the server-rendered form, starting from what was typed into it,
    // and replaces it; focus, caret and a Send pressed meanwhile carry over.
    function takeOver() {
      var container = form.container;
      var active = container && root.activeElement;
      var focused = active && active.id;
      var selection = active && [active.selectionStart, active.selectionEnd];
      var typed = container ? typedInto(container) : startingAnswers(true);
      form.mounted = form.widget.mount(root, answer.definition, liveOptions(typed));
      if (container) {
        root.removeChild(container);
        form.container = null;
        var next = focused && root.getElementById(focused);
        if (next) {
          next.focus();
          // The widget writes the inputs' values in a microtask after mounting, which moves
          // the caret to the end; it is put back after that.
          if (selection[0] != null && next.setSelectionRange) {
            Promise.resolve().then(function () { next.setSelectionRange(selection[0], selection[1]); });
          }
        }
      } else {
        mark("leadform:shown");
      }
      // A Send pressed before the takeover, or a submission kept on an earlier page.
      if (form.kept || (container && container.sendPending)) form.resend();
    }

    var loaded = embedAnswer(from, formId, wantedLocales(host, options));
    // A token is this visitor's, so it is not in the definition, which caches may share.
    // Asked for once the definition is in, so it never delays showing the form (several
    // forms would otherwise queue for the browser's few connections to the proxy).
    form.token = loaded.then(function () { return fetchToken(from, formId); });
    loaded.then(function (result) {
      if (form.gone || result[0] !== 200 || !result[1] || typeof result[1].html !== "string") return;
      answer = result[1];
      var container = document.createElement("div");
      container.className = "lf-root";
      try {
        // Throws where Trusted Types are enforced; the form then appears when the wasm mounts.
        container.innerHTML = answer.html;
      } catch (error) {
        return;
      }
      container.addEventListener("submit", function (event) {
        event.preventDefault();
        container.sendPending = true;
      });
      typeInto(container, startingAnswers(true));
      root.appendChild(container);
      form.container = container;
      if (read(draftKey)) showDraftNotice(answer.texts);
      mark("leadform:shown");
    });

    Promise.all([bundle(from), loaded])
      .then(function (both) {
        var result = both[1];
        if (result[0] !== 200) {
          var failure = new Error("the form could not be loaded (" + result[0] + ")");
          failure.refusal = result[1] && result[1].error && result[1].error.message;
          throw failure;
        }
        answer = result[1];
        form.widget = both[0];
        // A task of its own, so the other forms' server-rendered HTML is shown first.
        return new Promise(function (resolve) { setTimeout(resolve); }).then(function () {
          if (form.gone) return;
          takeOver();
          mark("leadform:mounted");
          emit(host, formId, "ready", {});
        });
      })
      .catch(function (error) {
        if (form.gone) return;
        // What the visitor typed into the server-rendered form stays where it is.
        var container = form.container;
        if (!container) {
          container = form.container = document.createElement("div");
          container.className = "lf-root";
          root.appendChild(container);
        }
        var notice = document.createElement("p");
        notice.className = "lf-card lf-notice";
        notice.setAttribute("role", "alert");
        // The proxy's own words when it refused the form (e.g. not enabled on this website).
        var refusal = !answer && error && error.refusal;
        notice.textContent = (answer && answer.texts.load_failed) || refusal || FAILED;
        container.insertBefore(notice, container.firstChild);
        emit(host, formId, "error", { code: "load_failed", message: String(error && error.message) });
        console.error("leadform:", error);
      });
    return form;
  }

  // The script tag's own form: where it stands, or in data-target.
  var formId = script.getAttribute("data-form");
  if (formId) {
    var targetSelector = script.getAttribute("data-target");
    var start = function () {
      var host = targetSelector && document.querySelector(targetSelector);
      if (targetSelector && !host) console.error("leadform: no element matches data-target " + targetSelector);
      if (!host) {
        host = document.createElement("leadform-form");
        host.setAttribute("data-form", formId);
        script.parentNode.insertBefore(host, script);
      }
      ["data-locale", "data-theme"].forEach(function (name) {
        if (script.hasAttribute(name) && !host.hasAttribute(name)) host.setAttribute(name, script.getAttribute(name));
      });
      mountForm(host, formId, {}, base);
    };
    // An async script can run before the element it targets has been parsed.
    if (targetSelector && document.readyState === "loading" && !document.querySelector(targetSelector)) {
      document.addEventListener("DOMContentLoaded", start);
    } else {
      start();
    }
  }
  // After the forms on this page have taken what they kept on an earlier one.
  if (!queued || !queued.shared) flushKept();
})();
