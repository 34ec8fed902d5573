// @ts-check
/**
 * What the loader keeps in the visitor's localStorage: each form's draft and the submissions
 * that wait for the network. Storage may be absent, refuse access (private mode, blocked
 * cookies) or be full; then the form works on without drafts, and a submission that cannot
 * be kept says so.
 */

/** The submissions waiting to be sent. */
export const KEPT = "leadform:kept";

/** What every draft's key starts with. */
const DRAFT = "leadform:draft:";

/**
 * The draft of form `formId` of the proxy at `base`.
 * @param {string} base
 * @param {string} formId
 */
export const draftKey = (base, formId) => DRAFT + base + " " + formId;

const DAY_MS = 864e5;
/** A draft is dropped this long after it was last saved. */
export const DRAFT_LIFETIME_MS = 30 * DAY_MS;
/** A submission waiting for the network is dropped this long after it was made. */
export const KEPT_LIFETIME_MS = 7 * DAY_MS;

/** @type {() => Storage | null | undefined} */
let open = () => window.localStorage;

/**
 * Where the store is: the page's localStorage, unless a test gives another (or one that
 * throws, or none).
 * @param {() => Storage | null | undefined} storage
 */
export function useStorage(storage) {
  open = storage;
}

/**
 * @template T
 * @param {(storage: Storage) => T} act
 * @returns {T | null}
 */
function use(act) {
  try {
    const storage = open();
    return storage ? act(storage) : null;
  } catch {
    return null;
  }
}

/**
 * The value under `key`, or null.
 * @param {string} key
 * @returns {any}
 */
export const read = (key) => use((storage) => JSON.parse(storage.getItem(key) || "null"));

/**
 * Writes `value` under `key`, or removes it when null; true when it was written.
 * @param {string} key
 * @param {unknown} value
 */
export const write = (key, value) =>
  use((storage) => {
    if (value == null) storage.removeItem(key);
    else storage.setItem(key, JSON.stringify(value));
    return true;
  });

/** @returns {import("./types").Submission[]} */
export const kept = () => read(KEPT) || [];

/**
 * Keeps exactly `entries`; true when they are kept.
 * @param {import("./types").Submission[]} entries
 */
export const keep = (entries) => write(KEPT, entries.length ? entries : null);

/**
 * What is kept, but the submission with idempotency key `key`.
 * @param {string | undefined} key
 */
export const keptBut = (key) => kept().filter((entry) => entry.key !== key);

/**
 * The answers saved as the draft under `key`, or null.
 * @param {string} key
 * @returns {import("./types").Typed | null}
 */
export const readDraft = (key) => (read(key) || {}).answers || null;

/**
 * Saves `answers` as the draft under `key`, with the time, so it can expire.
 * @param {string} key
 * @param {import("./types").Typed} answers
 * @param {number} now
 */
export const writeDraft = (key, answers, now) => write(key, { at: now, answers });

/**
 * Drops drafts saved more than 30 days before `now` and submissions kept more than 7 days;
 * the loader does it when it starts, before any form is shown. A draft saved before drafts
 * had a time gets `now` as its time rather than being lost.
 * @param {number} now
 */
export function expire(now) {
  keep(kept().filter((entry) => now - entry.at < KEPT_LIFETIME_MS));
  use((storage) => {
    for (let index = storage.length; index--;) {
      const key = storage.key(index) || "";
      const draft = key.startsWith(DRAFT) && read(key);
      if (draft && !draft.answers) writeDraft(key, draft, now);
      else if (draft && !(now - draft.at < DRAFT_LIFETIME_MS)) write(key, null);
    }
  });
}
