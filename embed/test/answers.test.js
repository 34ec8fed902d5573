// @ts-check
import assert from "node:assert/strict";
import { test } from "node:test";

import { typedFromValues } from "../src/answers.js";

/** @type {import("../src/types").Definition} */
const definition = {
  fields: [
    { field: "email" },
    { field: { custom: { id: 7, type: "select" } } },
    { field: { custom: { id: 9, type: "multi_select" } } },
    { field: { custom: { id: 14, type: "boolean" } } },
  ],
};

test("answers by question fill the controls they belong to", () => {
  assert.deepEqual(
    typedFromValues(definition, {
      email: "ada@globex.example",
      custom_7: 2,
      custom_9: ["3", " 4"],
      custom_14: "true",
      direction: "claim",
      consent: true,
    }),
    {
      "lf-email": "ada@globex.example",
      "lf-custom_7": "2",
      "lf-custom_9-3": true,
      "lf-custom_9-4": true,
      "lf-custom_14": true,
      "lf-direction-claim": true,
      "lf-consent": true,
    },
  );
});

test("a multi-select takes a comma-separated list too, and questions the form lacks are left out", () => {
  assert.deepEqual(typedFromValues(definition, { custom_9: "3,4", phone_number: "123" }), {
    "lf-custom_9-3": true,
    "lf-custom_9-4": true,
  });
  assert.deepEqual(typedFromValues(definition, null), {});
});
