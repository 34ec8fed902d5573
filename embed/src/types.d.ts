/** The data the loader handles: what the proxy sends, what it keeps, what it posts. */

/** A question's place in JourneyBee: a contact field's name, or a custom field. */
export type FieldTarget = string | { custom: { id: number; type: string } };

/** `show_if`: one of its shapes (see leadform-core's form/condition.rs). */
export interface Condition {
  question?: string;
  any_of?: number[];
  equals?: boolean;
  answered?: boolean;
  direction?: string;
  all?: Condition[];
  any?: Condition[];
  not?: Condition;
}

/** The part of a form's public definition the loader reads. */
export interface Definition {
  fields?: { field: FieldTarget; options?: { id: number }[]; show_if?: Condition }[];
  directions?: string[];
  steps?: { questions: string[] }[];
}

/** The words of the page's language, by key (locales/<language>.json). */
export type Texts = Record<string, string>;

/** What a form's controls hold, by element id (see ids.js): text, or a tick. */
export type Typed = Record<string, string | boolean>;

/** Answers by question id (`email`, `custom_7`, `direction`, `consent`), as pages prefill them. */
export type Values = Record<string, unknown>;

/** `GET /v1/forms/{id}/embed`: the form in the language the proxy picked. */
export interface EmbedAnswer {
  locale: string;
  definition: Definition;
  /** The form rendered to HTML by the widget's own components. */
  html: string;
  texts: Texts;
  /** The questions the page's URL may prefill. */
  prefill?: string[];
  /** Where the visitor goes after success. */
  redirect?: string | null;
  /** A refusal: `{code, message}`. */
  error?: Refusal;
  /** The page is on one of the form's test origins: its leads go to the sandbox. */
  test?: boolean;
}

/** The proxy's refusal body's `error`. */
export interface Refusal {
  code?: string;
  message?: string;
}

/** What the proxy writes into a loader served for one form (`/embed.js?form=…`). */
export interface Inline {
  /** The form's id. */
  form: string;
  /** The languages the widget speaks, the fallback first. */
  speaks: string[];
  /** The form's `/embed` answer in the language the request picked. */
  answer: EmbedAnswer;
}

/** An HTTP answer: its status (0 when none came) and its parsed JSON body, if it was JSON. */
export interface Fetched<T> {
  status: number;
  body?: T;
}

/** An answer to a submission: its status (0 when none came) and its text. */
export interface Posted {
  status: number;
  text: string;
}

/** The campaign a visitor landed with: utm_* parameters, referrer, landing page. */
export type Hidden = Record<string, string>;

/** A submission on its way: kept on the device (`leadform:kept`) while it cannot be sent. */
export interface Submission {
  /** The proxy's base URL. */
  base: string;
  formId: string;
  /** The JSON body, answers and campaign. */
  body: string;
  /** Its `Idempotency-Key`, the same for every send of these answers. */
  key: string;
  /** When it was made (ms). */
  at: number;
}

/** A fill token, with this page's clock's times for it. */
export interface Token {
  token: string;
  /** It may be sent from then on (the proxy's minimum fill time). */
  sendFrom: number;
  /** It is replaced after this (a minute before it expires). */
  renewAfter: number;
}
