// @ts-check
/**
 * How each form converts, without cookies, identifiers or answers. For each view of a form
 * the loader tells the proxy that it was shown, that the visitor started, which steps they
 * reached and, if they leave without sending, the last question they answered. One small
 * `navigator.sendBeacon` when the page is hidden or left, saying only what is new since the
 * last; a visitor counted as gone who comes back and answers more moves the count from the
 * question they had left at (`returned`) to the new one. The view's fill token vouches for
 * it (the proxy counts no beacon without one).
 */

import { STEP } from "./ids.js";

/**
 * @typedef {object} ViewWatch
 * @property {(token: string | null | undefined) => void} vouch the view's fill token
 * @property {() => void} sent the visitor sent the form: they did not give up
 * @property {() => void} stop the form is unmounted: what is new is told, and nothing after
 */

/**
 * Watches one view of a form shown in `root`, whose questions are `questions`, reporting
 * to `url` (the form's `/views`).
 * @param {ShadowRoot} root
 * @param {string[]} questions the form's question ids
 * @param {string} url
 * @returns {ViewWatch}
 */
export function watchView(root, questions, url) {
  /** @type {string | null | undefined} */
  let token;
  let last = "";
  let started = false;
  let sent = false;
  /** @type {number[]} */
  const reached = [];
  const told = { shown: false, started: false, steps: 0, left: "" };

  /** @param {Event} event */
  const answered = (event) => {
    const id = /** @type {Element} */ (event.target).id || "";
    if (id === STEP) {
      const step = Number(/** @type {HTMLInputElement} */ (event.target).value);
      if (step > 0 && !reached.includes(step)) reached.push(step);
      return;
    }
    const question = questions.find((q) => id === "lf-" + q || id.startsWith("lf-" + q + "-"));
    if (question) {
      started = true;
      last = question;
    }
  };

  const report = () => {
    if (!token || !navigator.sendBeacon) return;
    /** @type {Record<string, unknown>} */
    const view = { token };
    if (!told.shown) view.shown = told.shown = true;
    if (started && !told.started) view.started = told.started = true;
    if (reached.length > told.steps) view.steps = reached.slice(told.steps);
    told.steps = reached.length;
    const left = sent ? "" : last;
    if (left !== told.left) {
      if (left) view.left = left;
      if (told.left) view.returned = told.left;
      told.left = left;
    }
    if (Object.keys(view).length > 1) navigator.sendBeacon(url, JSON.stringify(view));
  };
  const hidden = () => {
    if (document.visibilityState === "hidden") report();
  };

  root.addEventListener("input", answered);
  root.addEventListener("change", answered);
  document.addEventListener("visibilitychange", hidden);
  addEventListener("pagehide", report);
  return {
    vouch: (given) => {
      token = token || given;
    },
    sent: () => {
      sent = true;
    },
    stop: () => {
      report();
      root.removeEventListener("input", answered);
      root.removeEventListener("change", answered);
      document.removeEventListener("visibilitychange", hidden);
      removeEventListener("pagehide", report);
    },
  };
}
