/** The stylesheet the proxy writes in place of this name (see bundle.js). */
declare const __LEADFORM_CSS__: string;
/** A form's answer the proxy writes in place of this name for `/embed.js?form=…`, else null. */
declare const __LEADFORM_INLINE__: import("./types").Inline | null;
