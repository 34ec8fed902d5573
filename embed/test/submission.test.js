// @ts-check
import assert from "node:assert/strict";
import { test } from "node:test";

import { keyFor, newKey, received, settles } from "../src/submission.js";

const counter = () => {
  let n = 0;
  return () => "key-" + ++n;
};

test("the same answers keep their key, for every send of them", () => {
  const makeKey = counter();
  const first = keyFor({}, '{"a":1}', [], "form", makeKey);
  assert.deepEqual(first, { key: "key-1", replaces: undefined });
  const again = keyFor({ body: '{"a":1}', key: first.key }, '{"a":1}', [], "form", makeKey);
  assert.deepEqual(again, { key: "key-1" }, "a retry is the same submission");
});

test("changed answers get a new key and replace the last submission", () => {
  const makeKey = counter();
  const changed = keyFor({ body: '{"a":1}', key: "key-0" }, '{"a":2}', [], "form", makeKey);
  assert.deepEqual(changed, { key: "key-1", replaces: "key-0" });
});

test("answers already kept on the device take the kept submission's key", () => {
  const kept = [
    { base: "https://p", formId: "other", body: '{"a":2}', key: "theirs", at: 0 },
    { base: "https://p", formId: "form", body: '{"a":2}', key: "kept-offline", at: 0 },
  ];
  const back = keyFor({ body: '{"a":1}', key: "key-0" }, '{"a":2}', kept, "form", counter());
  assert.deepEqual(
    back,
    { key: "kept-offline", replaces: "key-0" },
    "one lead, whichever page sends it",
  );
});

test("a new key is a UUID where randomUUID exists, else 128 random bits in hex", () => {
  assert.match(
    newKey(crypto),
    /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/,
  );
  const plainHttp = /** @type {Crypto} */ ({
    getRandomValues: (/** @type {Uint8Array} */ bytes) => bytes.fill(171),
  });
  assert.equal(newKey(plainHttp), "ab".repeat(16));
  assert.match(
    newKey(/** @type {Crypto} */ ({ getRandomValues: crypto.getRandomValues.bind(crypto) })),
    /^[0-9a-f]{32}$/,
  );
});

test("what settles a submission: any 2xx, and refusals the proxy would repeat", () => {
  for (const status of [200, 201, 202, 204]) {
    assert.ok(received(status) && settles(status), String(status));
  }
  for (const status of [400, 403, 404, 409, 413, 415, 422]) {
    assert.ok(!received(status) && settles(status), status + " would be refused again: drop it");
  }
  for (const status of [0, 408, 429, 500, 502, 503]) {
    assert.ok(!settles(status), status + " may go through later: keep it");
  }
});
