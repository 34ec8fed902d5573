// @ts-check
import assert from "node:assert/strict";
import { afterEach, test } from "node:test";

import {
  DRAFT_LIFETIME_MS,
  KEPT,
  KEPT_LIFETIME_MS,
  draftKey,
  expire,
  keep,
  kept,
  keptBut,
  read,
  readDraft,
  useStorage,
  write,
  writeDraft,
} from "../src/storage.js";

/** A localStorage holding at most `room` characters, like a full one. */
class FakeStorage {
  constructor(room = Infinity) {
    /** @type {Map<string, string>} */
    this.items = new Map();
    this.room = room;
  }
  get length() {
    return this.items.size;
  }
  clear() {
    this.items.clear();
  }
  /** @param {string} key */
  getItem(key) {
    return this.items.has(key) ? /** @type {string} */ (this.items.get(key)) : null;
  }
  /** @param {number} index */
  key(index) {
    return [...this.items.keys()][index] ?? null;
  }
  /** @param {string} key */
  removeItem(key) {
    this.items.delete(key);
  }
  /** @param {string} key @param {string} value */
  setItem(key, value) {
    const used = [...this.items].reduce(
      (sum, [k, v]) => sum + (k === key ? 0 : k.length + v.length),
      0,
    );
    if (used + key.length + value.length > this.room) {
      throw new DOMException("The quota has been exceeded.", "QuotaExceededError");
    }
    this.items.set(key, value);
  }
}

const entry = (/** @type {string} */ key) => ({
  base: "https://p",
  formId: "f",
  body: "{}",
  key,
  at: 1,
});

afterEach(() => useStorage(() => undefined));

test("submissions are kept, replaced and dropped by key", () => {
  const storage = new FakeStorage();
  useStorage(() => storage);
  assert.deepEqual(kept(), []);
  assert.equal(keep([entry("a"), entry("b")]), true);
  assert.deepEqual(
    kept().map((e) => e.key),
    ["a", "b"],
  );
  assert.deepEqual(
    keptBut("a").map((e) => e.key),
    ["b"],
  );
  keep(keptBut("a").concat([entry("c")]));
  assert.deepEqual(
    kept().map((e) => e.key),
    ["b", "c"],
  );
  keep([]);
  assert.equal(storage.getItem(KEPT), null, "nothing left: the key is removed, not an empty list");
});

test("drafts are kept per proxy and form, and removed", () => {
  const storage = new FakeStorage();
  useStorage(() => storage);
  const key = draftKey("https://forms.example", "acme-referral");
  assert.equal(key, "leadform:draft:https://forms.example acme-referral");
  assert.equal(write(key, { "lf-email": "ada@globex.example" }), true);
  assert.deepEqual(read(key), { "lf-email": "ada@globex.example" });
  write(key, null);
  assert.equal(read(key), null);
  assert.equal(storage.length, 0);
});

test("a full storage refuses the write and keeps what it had", () => {
  const storage = new FakeStorage(60);
  useStorage(() => storage);
  assert.equal(keep([entry("a")]), null, "the kept list does not fit");
  assert.deepEqual(kept(), [], "and nothing half-written is read back");
  assert.equal(write("x", "short"), true);
  assert.deepEqual(read("x"), "short");
});

test("storage that throws on access (private mode, blocked) is no storage", () => {
  useStorage(() => {
    throw new DOMException("The operation is insecure.", "SecurityError");
  });
  assert.equal(keep([entry("a")]), null);
  assert.deepEqual(kept(), []);
  assert.equal(read(draftKey("b", "f")), null);
  assert.equal(write(draftKey("b", "f"), { a: 1 }), null);
});

test("absent storage is no storage", () => {
  useStorage(() => undefined);
  assert.equal(write("x", 1), null);
  assert.equal(read("x"), null);
  assert.deepEqual(keptBut("a"), []);
});

test("what another script wrote there that is not JSON is not read", () => {
  const storage = new FakeStorage();
  storage.setItem(KEPT, "{not json");
  useStorage(() => storage);
  assert.deepEqual(kept(), []);
});

/** A fake clock: the day the test's visitor comes back. */
const NOW = Date.UTC(2026, 11, 7, 12);
const DAY = 24 * 60 * 60 * 1000;

test("drafts keep their time, and expire 30 days after they were last saved", () => {
  const storage = new FakeStorage();
  useStorage(() => storage);
  const fresh = draftKey("https://forms.example", "fresh");
  const old = draftKey("https://forms.example", "old");
  writeDraft(fresh, { "lf-email": "ada@globex.example" }, NOW - 29 * DAY);
  writeDraft(old, { "lf-email": "bob@initech.example" }, NOW - 30 * DAY);
  storage.setItem("someone-else's", JSON.stringify({ at: 0 }));
  expire(NOW);
  assert.deepEqual(readDraft(fresh), { "lf-email": "ada@globex.example" });
  assert.equal(readDraft(old), null);
  assert.equal(storage.getItem(old), null, "the old draft's answers are gone from storage");
  assert.notEqual(storage.getItem("someone-else's"), null, "the page's own keys are not touched");
  assert.equal(DRAFT_LIFETIME_MS, 30 * DAY);
});

test("a draft saved before drafts had a time is kept, from now", () => {
  const storage = new FakeStorage();
  useStorage(() => storage);
  const key = draftKey("https://forms.example", "acme-referral");
  write(key, { "lf-email": "ada@globex.example" });
  expire(NOW);
  assert.deepEqual(read(key), { at: NOW, answers: { "lf-email": "ada@globex.example" } });
  expire(NOW + 30 * DAY);
  assert.equal(read(key), null);
});

test("submissions waiting for the network are dropped after 7 days", () => {
  const storage = new FakeStorage();
  useStorage(() => storage);
  keep([
    { ...entry("week-old"), at: NOW - 7 * DAY },
    { ...entry("six-days"), at: NOW - 6 * DAY },
  ]);
  expire(NOW);
  assert.deepEqual(
    kept().map((kept) => kept.key),
    ["six-days"],
  );
  expire(NOW + DAY);
  assert.equal(storage.getItem(KEPT), null, "nothing left, nothing stored");
  assert.equal(KEPT_LIFETIME_MS, 7 * DAY);
});

test("expiry without storage does nothing and throws nothing", () => {
  useStorage(() => {
    throw new DOMException("The operation is insecure.", "SecurityError");
  });
  expire(NOW);
  useStorage(() => undefined);
  expire(NOW);
});
