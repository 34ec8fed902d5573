// @ts-check
/**
 * What the loader keeps in the visitor's localStorage: each form's draft and the submissions
 * that wait for the network. Storage may be absent, refuse access (private mode, blocked
 * cookies) or be full; then the form works on without drafts, and a submission that cannot
 * be kept says so.
 */

/** The submissions waiting to be sent. */
export const KEPT = "leadform:kept";

/**
 * The draft of form `formId` of the proxy at `base`.
 * @param {string} base
 * @param {string} formId
 */
export const draftKey = (base, formId) => "leadform:draft:" + base + " " + formId;

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
