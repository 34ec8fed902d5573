// @ts-check
/**
 * The DOM events a form fires on its host, bubbling and composed, each with
 * `detail.formId` (see docs/embedding.md).
 */

/**
 * @typedef {"ready" | "submit" | "submitted" | "queued" | "error"} EventName
 * @typedef {{ status?: string, leadId?: number, submissionId?: string, offline?: boolean,
 *   code?: string, message?: string }} EventDetail
 */

/**
 * Fires `leadform:<name>` on `target`.
 * @param {EventTarget} target
 * @param {string} formId
 * @param {EventName} name
 * @param {EventDetail} [detail]
 */
export function emit(target, formId, name, detail) {
  target.dispatchEvent(
    new CustomEvent("leadform:" + name, {
      bubbles: true,
      composed: true,
      detail: { formId, ...detail },
    }),
  );
}
