// @ts-check
/**
 * Which questions the server-rendered form shows for what is in it, until the wasm takes
 * over: the prefill, a restored draft, and what the visitor picks before the wasm arrives.
 * The rule is leadform-core's (crates/leadform-core/src/form/visibility.rs); the wasm is
 * not here yet, so this is its one copy in JavaScript, and a test (the proxy's
 * tests/it/visibility.rs) runs both on generated forms and answers and requires them to
 * agree.
 */

import { typedInto } from "./answers.js";
import { controlId, directionId, optionId, questionId } from "./ids.js";

/**
 * For each question of `definition`, in order, whether it is shown for `answers` (question
 * id → text, or the chosen option ids of a multi-select) and `direction`. A question whose
 * condition reads a hidden question reads it as unanswered.
 * @param {import("./types").Definition} definition
 * @param {Record<string, string | string[]>} answers
 * @param {string | undefined} direction
 * @returns {boolean[]}
 */
export function visibleQuestions(definition, answers, direction) {
  const fields = definition.fields || [];
  const directions = definition.directions || [];
  const chosen =
    directions.length === 1
      ? directions[0]
      : directions.includes(direction || "")
        ? direction
        : undefined;
  /** @type {(boolean | "deciding" | undefined)[]} */
  const known = [];
  /** @param {number} index */
  const shown = (index) => {
    const state = known[index];
    if (state !== undefined) return state === true;
    known[index] = "deciding";
    const condition = fields[index].show_if;
    return (known[index] = !condition || holds(condition));
  };
  /** @param {string} question */
  const answer = (question) => {
    const index = fields.findIndex(({ field }) => questionId(field) === question);
    if (index < 0 || !shown(index)) return null;
    const { field } = fields[index];
    const value = answers[question];
    return value === undefined
      ? null
      : { boolean: typeof field === "object" && field.custom.type === "boolean", value };
  };
  /** @param {string | string[]} value */
  const items = (value) =>
    (Array.isArray(value) ? value : [value]).map((item) => item.trim()).filter(Boolean);
  /** @param {string | string[]} value */
  const ticked = (value) => !Array.isArray(value) && value.trim() === "true";
  /**
   * @param {import("./types").Condition} condition
   * @returns {boolean}
   */
  const holds = (condition) => {
    if (condition.all) return condition.all.every(holds);
    if (condition.any) return condition.any.some(holds);
    if (condition.not) return !holds(condition.not);
    if (condition.direction) return chosen === condition.direction;
    const found = answer(condition.question || "");
    if (condition.any_of) {
      const options = condition.any_of;
      return (
        !!found &&
        items(found.value).some(
          (item) => /^\+?[0-9]+$/.test(item) && options.includes(Number(item)),
        )
      );
    }
    if (condition.equals !== undefined)
      return (!!found && ticked(found.value)) === condition.equals;
    const has = !!found && (found.boolean ? ticked(found.value) : items(found.value).length > 0);
    return has === condition.answered;
  };
  return fields.map((_, index) => shown(index));
}

/**
 * Hides and shows the questions of the server-rendered form in `container` for what its
 * controls hold (read as drafts read them, `typedInto`); in a form in steps, only the first step's (the wasm restores a later one).
 * @param {ParentNode} container
 * @param {import("./types").Definition} definition
 */
export function showVisible(container, definition) {
  const fields = definition.fields || [];
  if (!fields.some((field) => field.show_if)) return;
  const typed = typedInto(container);
  /** @type {Record<string, string | string[]>} */
  const answers = {};
  for (const { field, options } of fields) {
    const question = questionId(field);
    const kind = typeof field === "object" && field.custom.type;
    const value = typed[controlId(question)];
    if (kind === "multi_select") {
      answers[question] = (options || [])
        .map((option) => String(option.id))
        .filter((option) => typed[optionId(question, option)] === true);
    } else if (kind === "boolean") {
      answers[question] = String(value === true);
    } else {
      answers[question] = typeof value === "string" ? value : "";
    }
  }
  const direction = (definition.directions || []).find(
    (choice) => typed[directionId(choice)] === true,
  );
  const visible = visibleQuestions(definition, answers, direction);
  const firstStep =
    definition.steps && definition.steps.length ? definition.steps[0].questions : null;
  fields.forEach(({ field }, index) => {
    const question = questionId(field);
    const control = container.querySelector("#" + CSS.escape(controlId(question)));
    const shell = control && control.closest(".lf-field");
    const onStep = !firstStep || firstStep.includes(question);
    if (shell) /** @type {HTMLElement} */ (shell).hidden = !(visible[index] && onStep);
  });
}
