// @ts-check
/**
 * The one global, `leadform`: a function taking commands. A page may define a queue under
 * that name before the loader arrives (the Plausible / cal.com shape); its commands run, in
 * order, once the loader is here. A second copy of the loader on the page finds the first
 * one's global and leaves it be.
 */

/**
 * What every form on the page shares, kept on the global.
 * @typedef {object} Shared
 * @property {import("./form.js").FormOnPage[]} forms the mounted forms
 * @property {Record<string, { at: number, answer: Promise<import("./types").Fetched<import("./types").EmbedAnswer>> }>} answers
 *   `/embed` answers by proxy, form and languages
 * @property {Record<string, import("./types").Inline>} offered answers the loader was served
 *   with (`/embed.js?form=…`), by proxy and form
 * @property {WeakSet<Element>} snippets the snippets whose forms have been mounted
 * @property {Record<string, Promise<import("./widget").Widget>>} widgets the wasm, by proxy
 * @property {Record<string, CSSStyleSheet>} sheets the stylesheet, by proxy
 * @property {{ name: string, handler: Function, listener: EventListener }[]} listeners the
 *   page's `on` handlers
 * @property {Record<string, import("./types").Values>} prefill by form id
 * @property {import("./types").Hidden} hidden the campaign the visitor landed with
 * @property {boolean} [flushing] kept submissions are being sent
 */

/**
 * @typedef {((name: string, ...args: any[]) => unknown) & { shared?: Shared, forms?: unknown[],
 *   q?: IArguments[] }} Global
 */

/**
 * Installs the global, unless a loader did already; returns the shared state, and whether
 * this loader installed it.
 * @param {Window & { leadform?: Global }} window
 * @param {import("./types").Hidden} hidden the page's campaign
 * @param {(shared: Shared) => Record<string, (...args: any[]) => unknown>} makeCommands
 * @returns {{ shared: Shared, first: boolean }}
 */
export function install(window, hidden, makeCommands) {
  const queued = window.leadform;
  if (queued && queued.shared) return { shared: queued.shared, first: false };
  /** @type {Shared} */
  const shared = {
    forms: [],
    answers: {},
    offered: {},
    snippets: new WeakSet(),
    widgets: {},
    sheets: {},
    listeners: [],
    prefill: {},
    hidden,
  };
  const commands = makeCommands(shared);
  /** @type {Global} */
  const command = (name, ...args) => {
    const run = commands[name];
    if (!run) return console.error("leadform: no command " + name);
    return run(...args);
  };
  command.shared = shared;
  command.forms = shared.forms;
  window.leadform = command;
  // Commands the page queued before the loader arrived, in order.
  for (const args of (queued && queued.q) || []) {
    const [name, ...rest] = Array.from(args);
    command(name, ...rest);
  }
  return { shared, first: true };
}
