/** The stylesheet the proxy writes in place of this name (see bundle.js). */
declare const __LEADFORM_CSS__: string;
/** A form's answer, as JSON in a string, the proxy writes in place of this name for
 * `/embed.js?form=…`; else null. */
declare const __LEADFORM_INLINE__: string | null;
