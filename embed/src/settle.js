// @ts-check
/**
 * What follows a submission's answer (the events; on success no draft, nothing kept and the
 * redirect), and sending what waits on the device.
 */

import { emit } from "./events.js";
import { post, usableToken } from "./network.js";
import { draftKey, keep, kept, keptBut, write } from "./storage.js";
import { received, settles } from "./submission.js";

/**
 * @param {import("./types").Submission} entry
 * @param {import("./types").Posted} answer
 * @param {EventTarget} target where the events go
 * @param {string | null | undefined} [redirect] where the visitor goes after success
 */
export function settle(entry, answer, target, redirect) {
  /** @type {{ status?: string, id?: number, submission_id?: string, error?: import("./types").Refusal }} */
  let body = {};
  try {
    body = JSON.parse(answer.text);
  } catch {
    // not JSON
  }
  if (settles(answer.status)) keep(keptBut(entry.key));
  if (received(answer.status)) {
    write(draftKey(entry.base, entry.formId), null);
    emit(target, entry.formId, "submitted", {
      status: body.status,
      leadId: body.id,
      submissionId: body.submission_id,
    });
    if (redirect) location.assign(redirect);
  } else if (answer.status) {
    const error = body.error || {};
    emit(target, entry.formId, "error", {
      code: error.code || "server",
      message: error.message || "",
    });
  }
}

/**
 * Sends what a visitor could not send while offline: once the browser is back online, and
 * on every page load. The idempotency key makes any repeat the same lead. A form on the page
 * sends its own, so it can thank the visitor: at once when live, else when the wasm takes
 * it over.
 * @param {import("./global.js").Shared} shared
 */
export function flushKept(shared) {
  if (!navigator.onLine || shared.flushing) return;
  const waiting = kept();
  if (!waiting.length) return;
  shared.flushing = true;
  Promise.all(
    waiting.map((entry) => {
      const owner = shared.forms.find((form) => form.key() === entry.key);
      if (owner) return owner.resend();
      return usableToken({}, entry.base, entry.formId)
        .then((token) => post(entry, token))
        .then((answer) => settle(entry, answer, document));
    }),
  ).then(() => {
    shared.flushing = false;
  });
}
