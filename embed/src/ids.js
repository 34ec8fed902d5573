// @ts-check
/**
 * The DOM id contract: the ids the widget gives its controls (src/components/field_ids.rs),
 * by which the loader reads what a visitor typed, writes prefills and drafts in, and keys the
 * drafts kept in localStorage. A test renders every input kind on the proxy and checks that
 * these functions name exactly the ids in its HTML.
 */

/**
 * The question a field is (`email`, `custom_12`, …): what URL and script prefills name, and
 * what its ids are made from.
 * @param {import("./types").FieldTarget} field
 */
export const questionId = (field) =>
  typeof field === "object" ? "custom_" + field.custom.id : field;

/** The consent checkbox. */
export const CONSENT = "lf-consent";

/** The hidden input holding the step shown, so a draft (or a kept submission) restores it. */
export const STEP = "lf-step";

/** The honeypot input's name (it has no id, so it is never in a draft). */
export const HONEYPOT = "website";

/**
 * The control of question `question` (`email`, `custom_12`, …).
 * @param {string} question
 */
export const controlId = (question) => "lf-" + question;

/**
 * The checkbox of one option of a multi-select question.
 * @param {string} question
 * @param {string} option the option's id
 */
export const optionId = (question, option) => controlId(question) + "-" + option;

/**
 * The radio button of one direction (`send`, `claim`).
 * @param {string} direction
 */
export const directionId = (direction) => "lf-direction-" + direction;
