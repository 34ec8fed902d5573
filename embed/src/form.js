// @ts-check
/**
 * One form on the page, from mount to unmount. The proxy's server-rendered HTML is shown as
 * soon as it arrives; the wasm takes it over when it has loaded, keeping what was typed, the
 * focus and a pending Send. The form keeps the visitor's draft, and a submission the network
 * could not take waits on the device with its idempotency key.
 */

import { typeInto, typedFromValues, typedInto } from "./answers.js";
import { stylesheet } from "./bundle.js";
import { emit } from "./events.js";
import { HONEYPOT, STEP, questionId } from "./ids.js";
import { embedAnswer, fetchToken, formUrl, post, usableToken, widget } from "./network.js";
import { pageLocales, urlPrefill } from "./page.js";
import { draftKey, keep, kept, keptBut, readDraft, write, writeDraft } from "./storage.js";
import { keyFor, newKey, received } from "./submission.js";
import { settle } from "./settle.js";
import { watchView } from "./views.js";
import { showVisible } from "./visibility.js";

/** Shown only when the proxy could not be reached: there is no table of words then. */
const FAILED = "This form could not be loaded. Please reload the page or try again later.";

/** A draft is saved this long after the visitor stops typing. */
const DRAFT_DELAY_MS = 400;

/**
 * @typedef {object} MountOptions what a page may pass to `leadform("mount", …)`
 * @property {string} [locale]
 * @property {import("./types").Values} [prefill]
 * @property {"light" | "dark" | "auto"} [theme]
 * @property {string} [base] another proxy's address than the loader's
 */

/**
 * A form on the page. Its phase: `container` (the server-rendered form) until the wasm
 * takes it over, then `mounted` (the live form); `gone` once unmounted.
 * @typedef {object} FormOnPage
 * @property {Element} host the element whose shadow root holds it
 * @property {string} formId
 * @property {HTMLDivElement & { sendPending?: boolean } | null} [container] the
 *   server-rendered form, shown until the wasm takes over; `sendPending` when Send was
 *   pressed in it
 * @property {import("./widget").Widget} [widget] the wasm module, once loaded
 * @property {import("./widget").LiveForm | null} [mounted] the live form
 * @property {Promise<import("./types").Token | null> | null} [token] the fill token for its
 *   next submission
 * @property {string} [lastBody] the last submission's body
 * @property {string} [lastKey] its idempotency key
 * @property {boolean} [kept] the last submission waits on this device
 * @property {boolean} [sent] the proxy has it
 * @property {boolean} [gone] unmounted
 * @property {import("./views.js").ViewWatch} [view] how this view converts
 * @property {ReturnType<typeof setTimeout>} [timer] the draft's pending save
 * @property {(typed: import("./types").Typed) => void} remount starts it again from `typed`
 * @property {(values: import("./types").Values) => void} fill prefills it
 * @property {() => string | false | undefined} key the kept submission's key, if any
 * @property {() => boolean} resend sends again, when live
 * @property {() => void} unmount
 */

/**
 * Mounts form `formId` of the proxy at `base` into `host`'s shadow root.
 * @param {import("./global.js").Shared} shared
 * @param {Element} host
 * @param {string} formId
 * @param {MountOptions} options
 * @param {string} base
 * @returns {FormOnPage}
 */
export function mountForm(shared, host, formId, options, base) {
  const root = host.shadowRoot || host.attachShadow({ mode: "open" });
  adoptStyles(shared, root, base);
  const theme = options.theme || host.getAttribute("data-theme");
  if (theme) host.setAttribute("data-theme", theme);
  const draft = draftKey(base, formId);
  /** @type {FormOnPage} */
  const form = /** @type {FormOnPage} */ ({ host, formId });
  /** @type {import("./types").EmbedAnswer | null} */
  let answer = null;
  // A submission kept on an earlier page is this form's to send again, with its key and
  // the campaign it was made under, so answers left as they were are the same lead.
  let adopted = kept().find(
    (entry) =>
      entry.base === base &&
      entry.formId === formId &&
      !shared.forms.some((other) => other.lastKey === entry.key),
  );
  if (adopted) {
    form.lastBody = adopted.body;
    form.lastKey = adopted.key;
    form.kept = true;
  }
  const adoptedBody = adopted ? JSON.parse(adopted.body) : {};
  let hidden = adopted ? adoptedBody.hidden : shared.hidden;

  /**
   * The widget's `send`: posts the answers with the campaign and the honeypot, under the
   * key these answers have, or keeps them on the device when no answer comes.
   * @param {string} body
   * @returns {Promise<import("./types").Posted>}
   */
  function send(body) {
    const full = JSON.parse(body);
    full.hidden = hidden;
    const trap = /** @type {HTMLInputElement | null} */ (
      root.querySelector("input[name=" + HONEYPOT + "]")
    );
    if (trap && trap.value) full.website = trap.value;
    // The language the form is shown in: the proxy keeps the consent text in it.
    if (answer) full.locale = answer.locale;
    const text = JSON.stringify(full);
    const { key, replaces } = keyFor(
      { body: form.lastBody, key: form.lastKey },
      text,
      kept(),
      formId,
      () => newKey(crypto),
    );
    // Other answers replace what this form kept: the visitor's last Send is the one lead.
    if (replaces) keep(keptBut(replaces));
    form.lastBody = text;
    form.lastKey = key;
    /** @type {import("./types").Submission} */
    const entry = { base, formId, body: text, key, at: Date.now() };
    emit(host, formId, "submit");
    return usableToken(form, base, formId)
      .then((token) => post(entry, token))
      .then((result) => {
        if (result.status) {
          form.kept = false;
          if (received(result.status) && form.view) form.view.sent();
          settle(entry, result, host, answer && answer.redirect);
          // A token is one submission's: another needs a new one.
          if (received(result.status)) {
            form.sent = true;
            form.token = null;
          }
          return result;
        }
        // No network: keep it, with its key, until it can be sent.
        const stored = keep(keptBut(entry.key).concat([entry]));
        form.kept = !!stored;
        if (stored && form.view) form.view.sent();
        if (stored) emit(host, formId, "queued", { offline: true });
        else emit(host, formId, "error", { code: "network", message: "" });
        return { status: 0, text: stored ? "kept" : "" };
      });
  }

  function saveDraft() {
    clearTimeout(form.timer);
    form.timer = setTimeout(() => {
      if (!form.sent && !form.gone) writeDraft(draft, typedNow(), Date.now());
    }, DRAFT_DELAY_MS);
  }

  /** @param {import("./types").Texts} texts */
  function showDraftNotice(texts) {
    const notice = document.createElement("div");
    notice.className = "lf-root lf-draft";
    notice.setAttribute("role", "status");
    const words = document.createElement("span");
    words.textContent = texts.draft_restored;
    const button = document.createElement("button");
    button.type = "button";
    button.className = "lf-link";
    button.textContent = texts.start_over;
    button.addEventListener("click", () => {
      write(draft, null);
      // Starting over withdraws a submission kept on an earlier page, too.
      if (form.kept) keep(keptBut(form.lastKey));
      form.kept = false;
      adopted = undefined;
      hidden = shared.hidden;
      root.removeChild(notice);
      form.remount(startingAnswers(false));
    });
    notice.append(words, button);
    root.insertBefore(notice, root.firstChild);
  }

  /**
   * Prefill from the page's URL and from JavaScript, then a kept submission's answers, then
   * the visitor's own draft.
   * @param {boolean} withDraft
   * @returns {import("./types").Typed}
   */
  function startingAnswers(withDraft) {
    const showing = /** @type {import("./types").EmbedAnswer} */ (answer);
    const sent =
      adopted && withDraft
        ? { direction: adoptedBody.direction, consent: adoptedBody.consent, ...adoptedBody.values }
        : null;
    // A kept submission was sent from the last step, and comes back there.
    const steps = showing.definition.steps;
    const lastStep = sent && steps && steps.length ? { [STEP]: String(steps.length - 1) } : null;
    const typed = typedFromValues(showing.definition, {
      ...urlPrefill(location.search, showing.prefill),
      ...shared.prefill[formId],
      ...options.prefill,
      ...sent,
    });
    return { ...typed, ...lastStep, ...(withDraft ? readDraft(draft) : null) };
  }

  /** What the visitor has entered so far, in whichever form is showing. */
  function typedNow() {
    return typedInto(form.mounted ? root : form.container);
  }

  /**
   * Mounts the live form, starting from `typed`.
   * @param {import("./types").Typed} typed
   */
  function mountLive(typed) {
    const module = /** @type {import("./widget").Widget} */ (form.widget);
    const showing = /** @type {import("./types").EmbedAnswer} */ (answer);
    return module.mount(root, showing.definition, { texts: showing.texts, typed, send });
  }

  form.remount = (typed) => {
    if (!form.mounted) {
      const rendered = form.container && form.container.querySelector("form");
      if (rendered) rendered.reset();
      if (rendered && form.container) typeInto(form.container, typed);
      if (form.container && answer) showVisible(form.container, answer.definition);
      return;
    }
    form.mounted.unmount();
    for (const node of root.querySelectorAll(".lf-root:not(.lf-draft):not(.lf-test-badge)"))
      root.removeChild(node);
    form.mounted = mountLive(typed);
  };
  form.fill = (values) => {
    if (!answer) return;
    form.remount({ ...typedNow(), ...typedFromValues(answer.definition, values) });
  };
  form.key = () => form.kept && form.lastKey;
  form.resend = () => {
    const live = form.mounted && root.querySelector("form");
    if (live && live.requestSubmit) live.requestSubmit();
    return !!live;
  };
  form.unmount = () => {
    form.gone = true;
    if (form.view) form.view.stop();
    clearTimeout(form.timer);
    root.removeEventListener("input", saveDraft);
    root.removeEventListener("change", saveDraft);
    if (form.mounted) form.mounted.unmount();
    form.mounted = null;
    while (root.firstChild) root.removeChild(root.firstChild);
    const index = shared.forms.indexOf(form);
    if (index >= 0) shared.forms.splice(index, 1);
  };
  shared.forms.push(form);
  root.addEventListener("input", saveDraft);
  root.addEventListener("change", saveDraft);

  // The wasm mounts beside the server-rendered form, starting from what was typed into it,
  // and replaces it; focus, caret and a Send pressed meanwhile carry over.
  function takeOver() {
    const container = form.container;
    const active = container && /** @type {HTMLInputElement | null} */ (root.activeElement);
    const focused = active && active.id;
    const selection = active && [active.selectionStart, active.selectionEnd];
    form.mounted = mountLive(container ? typedInto(container) : startingAnswers(true));
    if (container) {
      root.removeChild(container);
      form.container = null;
      const next = /** @type {HTMLInputElement | null} */ (focused && root.getElementById(focused));
      if (next && selection) {
        next.focus();
        // The widget writes the inputs' values in a microtask after mounting, which moves
        // the caret to the end; it is put back after that.
        if (selection[0] != null && next.setSelectionRange) {
          Promise.resolve().then(() => next.setSelectionRange(selection[0], selection[1]));
        }
      }
    } else {
      mark("leadform:shown");
    }
    // A Send pressed before the takeover, or a submission kept on an earlier page.
    if (form.kept || (container && container.sendPending)) form.resend();
  }

  const loaded = embedAnswer(
    shared.answers,
    shared.offered,
    base,
    formId,
    pageLocales([options.locale, host.getAttribute("data-locale")]),
  );
  // A token is this visitor's, so it is not in the definition, which caches may share.
  // Asked for once the definition is in, so it never delays showing the form (several forms
  // would otherwise queue for the browser's few connections to the proxy).
  form.token = loaded.then(() => fetchToken(base, formId));
  loaded.then((result) => {
    const body = result.body;
    if (form.gone || result.status !== 200 || !body || typeof body.html !== "string") return;
    answer = body;
    const container = document.createElement("div");
    container.className = "lf-root";
    try {
      // Throws where Trusted Types are enforced; the form then appears when the wasm mounts.
      container.innerHTML = body.html;
    } catch {
      return;
    }
    container.addEventListener("submit", (event) => {
      event.preventDefault();
      /** @type {HTMLDivElement & { sendPending?: boolean }} */ (container).sendPending = true;
    });
    typeInto(container, startingAnswers(true));
    // The questions shown for the prefill and the draft, and for what is picked until
    // the wasm takes over.
    const definition = body.definition;
    showVisible(container, definition);
    for (const type of ["input", "change"]) {
      container.addEventListener(type, () => showVisible(container, definition));
    }
    if (body.test) showTestBadge(root, body.texts);
    root.appendChild(container);
    form.container = container;
    const view = watchView(
      root,
      (definition.fields || []).map(({ field }) => questionId(field)),
      formUrl(base, formId) + "/views",
    );
    form.view = view;
    if (form.token) form.token.then((got) => view.vouch(got && got.token));
    if (readDraft(draft)) showDraftNotice(body.texts);
    mark("leadform:shown");
  });

  Promise.all([widget(shared.widgets, base), loaded])
    .then(([module, result]) => {
      if (result.status !== 200 || !result.body) {
        const failure = /** @type {Error & { refusal?: string }} */ (
          new Error("the form could not be loaded (" + result.status + ")")
        );
        failure.refusal = result.body && result.body.error && result.body.error.message;
        throw failure;
      }
      answer = result.body;
      form.widget = module;
      // A task of its own, so the other forms' server-rendered HTML is shown first.
      return new Promise((resolve) => setTimeout(resolve)).then(() => {
        if (form.gone) return;
        takeOver();
        mark("leadform:mounted");
        emit(host, formId, "ready");
      });
    })
    .catch((error) => {
      if (form.gone) return;
      // What the visitor typed into the server-rendered form stays where it is.
      let container = form.container;
      if (!container) {
        container = form.container = document.createElement("div");
        container.className = "lf-root";
        root.appendChild(container);
      }
      const notice = document.createElement("p");
      notice.className = "lf-card lf-notice";
      notice.setAttribute("role", "alert");
      // The proxy's own words when it refused the form (e.g. not enabled on this website).
      const refusal = !answer && error && error.refusal;
      notice.textContent = (answer && answer.texts.load_failed) || refusal || FAILED;
      container.insertBefore(notice, container.firstChild);
      emit(host, formId, "error", { code: "load_failed", message: String(error && error.message) });
      console.error("leadform:", error);
    });
  return form;
}

/**
 * One constructable stylesheet per proxy, adopted by every form's shadow root (in every
 * browser since Safari 16.4, 2023): no <style>, nothing a strict CSP blocks.
 * @param {import("./global.js").Shared} shared
 * @param {ShadowRoot} root
 * @param {string} base
 */
function adoptStyles(shared, root, base) {
  let sheet = shared.sheets[base];
  if (!sheet) {
    sheet = shared.sheets[base] = new CSSStyleSheet();
    sheet.replaceSync(stylesheet());
  }
  root.adoptedStyleSheets = [sheet];
}

/** @param {string} name */
function mark(name) {
  if (performance.mark) performance.mark(name);
}

/**
 * The "Test" badge of a page on one of the form's test origins, above the form in the
 * shadow root (it stays when the wasm takes over): its leads go to the sandbox.
 * @param {ShadowRoot} root
 * @param {import("./types").Texts} texts
 */
function showTestBadge(root, texts) {
  const badge = document.createElement("p");
  badge.className = "lf-root lf-test-badge";
  badge.setAttribute("role", "note");
  badge.textContent = texts.test_badge || "Test";
  root.insertBefore(badge, root.firstChild);
}
