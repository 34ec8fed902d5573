// @ts-check
/**
 * A form's answers as its controls hold them (element id → text or tick: the DOM id
 * contract of ids.js), read from and written into the server-rendered form, and made from
 * answers by question (a prefill, a kept submission).
 */

import { CONSENT, controlId, directionId, optionId, questionId } from "./ids.js";

/**
 * The controls that answers by question fill in.
 * @param {import("./types").Definition} definition
 * @param {import("./types").Values | null | undefined} values
 * @returns {import("./types").Typed}
 */
export function typedFromValues(definition, values) {
  /** @type {import("./types").Typed} */
  const typed = {};
  const tick = (/** @type {unknown} */ value) => value === true || value === "true";
  for (const [name, value] of Object.entries(values || {})) {
    if (name === "direction") typed[directionId(String(value))] = true;
    if (name === "consent") typed[CONSENT] = tick(value);
    for (const { field } of definition.fields || []) {
      if (questionId(field) !== name) continue;
      const kind = typeof field === "object" && field.custom.type;
      if (kind === "multi_select") {
        for (const option of Array.isArray(value) ? value : String(value).split(",")) {
          typed[optionId(name, String(option).trim())] = true;
        }
      } else if (kind === "boolean") {
        typed[controlId(name)] = tick(value);
      } else {
        typed[controlId(name)] = String(value);
      }
    }
  }
  return typed;
}

/**
 * What the visitor entered into the form in `container`.
 * @param {ParentNode | null | undefined} container
 * @returns {import("./types").Typed}
 */
export function typedInto(container) {
  /** @type {import("./types").Typed} */
  const typed = {};
  const form = container && container.querySelector("form");
  for (const element of form ? form.elements : []) {
    const control = /** @type {HTMLInputElement} */ (element);
    if (control.id && control.type !== "submit") {
      typed[control.id] =
        control.type === "checkbox" || control.type === "radio" ? control.checked : control.value;
    }
  }
  return typed;
}

/**
 * Writes answers into the controls of the form in `container`.
 * @param {ParentNode} container
 * @param {import("./types").Typed} typed
 */
export function typeInto(container, typed) {
  for (const [id, value] of Object.entries(typed)) {
    const control = /** @type {HTMLInputElement | null} */ (
      container.querySelector("#" + CSS.escape(id))
    );
    if (!control) continue;
    if (typeof value === "boolean") control.checked = value;
    else control.value = value;
  }
}
