// @ts-check
/**
 * A submission and its idempotency key: one key per set of answers, reused for every send of
 * them (a retry, a resend after the network came back, another page load), so the proxy
 * makes one lead however often they go; and which answers settle a submission.
 */

/**
 * An idempotency key: randomUUID where the page is a secure context, otherwise 128 bits from
 * the same generator (getRandomValues works on plain http pages too).
 * @param {Crypto} random
 */
export function newKey(random) {
  if (random.randomUUID) return random.randomUUID();
  return Array.from(random.getRandomValues(new Uint8Array(16)), (byte) =>
    (byte + 256).toString(16).slice(1),
  ).join("");
}

/**
 * The key to send `body` with, given the last submission of this form: its key while the
 * answers are unchanged; for other answers, the key of a kept submission with the same
 * answers (sent offline earlier), else a new one. `replaces` names the last submission's key
 * when these answers replace it (what it kept is then dropped: the last Send is the lead).
 * @param {{ body?: string, key?: string }} last
 * @param {string} body
 * @param {import("./types").Submission[]} kept
 * @param {string} formId
 * @param {() => string} makeKey
 * @returns {{ key: string, replaces?: string }}
 */
export function keyFor(last, body, kept, formId, makeKey) {
  if (last.key && body === last.body) return { key: last.key };
  const same = kept.find((entry) => entry.body === body && entry.formId === formId);
  return { key: same ? same.key : makeKey(), replaces: last.key };
}

/**
 * Whether the proxy has the submission: any 2xx (delivered or queued).
 * @param {number} status
 */
export const received = (status) => status >= 200 && status < 300;

/**
 * Whether an answer settles a submission for good: received, or refused in a way the proxy
 * would repeat (a 4xx but 408 and 429), where a kept copy would only be posted again on
 * every page load. No answer (0), 408, 429 and 5xx leave it to be sent again.
 * @param {number} status
 */
export const settles = (status) =>
  received(status) || (status >= 400 && status < 500 && status !== 408 && status !== 429);
