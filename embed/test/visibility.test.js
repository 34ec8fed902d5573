// @ts-check
import assert from "node:assert/strict";
import { test } from "node:test";

import { visibleQuestions } from "../src/visibility.js";

/** @type {import("../src/types").Definition} */
const referral = {
  directions: ["send", "claim"],
  fields: [
    { field: { custom: { id: 12, type: "select" } }, options: [{ id: 1 }, { id: 2 }] },
    {
      field: { custom: { id: 13, type: "text" } },
      show_if: { question: "custom_12", any_of: [2] },
    },
    {
      field: { custom: { id: 14, type: "text" } },
      show_if: { question: "custom_13", answered: true },
    },
    { field: "sent_by_email", show_if: { not: { direction: "send" } } },
  ],
};

test("a question shows on its answer, and one reading a hidden question reads it as unanswered", () => {
  assert.deepEqual(visibleQuestions(referral, {}, "send"), [true, false, false, false]);
  assert.deepEqual(visibleQuestions(referral, { custom_12: "2", custom_13: "R-1" }, "claim"), [
    true,
    true,
    true,
    true,
  ]);
  assert.deepEqual(
    visibleQuestions(referral, { custom_12: "1", custom_13: "R-1" }, "send"),
    [true, false, false, false],
    "custom_14 reads the hidden custom_13 as unanswered",
  );
});
