/** The stylesheet the proxy writes in place of this name (see bundle.js). */
declare const __LEADFORM_CSS__: string;
