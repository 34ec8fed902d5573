//! The form as the proxy first paints it, for `LeadForm` in an SSR app. The app's server asks
//! the proxy for it while rendering the page and puts the HTML into the host's declarative
//! shadow root, with the stylesheet, so the visitor reads and types before any wasm. The page
//! carries the rest of the proxy's answer (the definition and words, without the HTML it
//! already holds) to the browser, which mounts the live form from it without asking again.

use std::fmt;
use std::str::FromStr;

/// The proxy's embed answer for one `LeadForm`, as the page carries it. Empty when the
/// server could not get it: the browser then asks the proxy itself.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct FirstPaint {
    /// The proxy's embed answer as JSON, without its `html`.
    pub answer: String,
    /// The form as HTML: on the server only (the page has it in the host's shadow root).
    pub html: String,
}

/// What the page carries to the browser: the answer without the HTML.
impl fmt::Display for FirstPaint {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.answer)
    }
}

impl FromStr for FirstPaint {
    type Err = std::convert::Infallible;

    fn from_str(answer: &str) -> Result<Self, Self::Err> {
        Ok(FirstPaint {
            answer: answer.to_owned(),
            html: String::new(),
        })
    }
}

#[cfg(feature = "ssr")]
impl FirstPaint {
    /// The proxy's embed answer for `form` in the first of `locales` it speaks; empty, and
    /// logged, when it cannot be had in time.
    pub async fn fetch(base: String, form: String, locales: String) -> FirstPaint {
        let text = match crate::api::server::embed(&base, &form, &locales).await {
            Ok(text) => text,
            Err(error) => {
                leptos::logging::warn!(
                    "leadform: form {form} is left to the browser, its first paint failed: {error}"
                );
                return FirstPaint::default();
            }
        };
        let Ok(serde_json::Value::Object(mut answer)) = serde_json::from_str(&text) else {
            leptos::logging::warn!("leadform: form {form}: the proxy's answer is not an object");
            return FirstPaint::default();
        };
        let html = match answer.remove("html") {
            Some(serde_json::Value::String(html)) => html,
            _ => String::new(),
        };
        FirstPaint {
            answer: serde_json::Value::Object(answer).to_string(),
            html,
        }
    }

    /// The inside of the host element: a declarative shadow root holding the stylesheet
    /// (under the page's CSP nonce, if it has one) and the form, in the `.lf-root` the
    /// loader's first paint also uses. Nothing without a first paint.
    pub fn shadow_markup(&self, stylesheet: &str, nonce: Option<&str>) -> String {
        if self.html.is_empty() {
            return String::new();
        }
        let nonce = nonce
            .map(|nonce| format!(r#" nonce="{nonce}""#))
            .unwrap_or_default();
        format!(
            r#"<template shadowrootmode="open"><style{nonce}>{stylesheet}</style><div class="lf-root">{}</div></template>"#,
            self.html
        )
    }
}

#[cfg(all(test, feature = "ssr"))]
mod tests {
    use super::*;

    #[test]
    fn the_page_carries_the_answer_without_the_html_it_already_has() {
        let paint = FirstPaint {
            answer: r#"{"locale":"en"}"#.to_owned(),
            html: "<form></form>".to_owned(),
        };
        let carried: FirstPaint = paint.to_string().parse().expect("infallible");
        assert_eq!(carried.answer, paint.answer);
        assert_eq!(carried.html, "");
    }

    #[test]
    fn the_shadow_root_holds_the_stylesheet_under_the_nonce_and_the_form() {
        let paint = FirstPaint {
            answer: "{}".to_owned(),
            html: "<form class=\"lf-form\"></form>".to_owned(),
        };
        assert_eq!(
            paint.shadow_markup(".lf-form{color:red}", Some("n0nce")),
            "<template shadowrootmode=\"open\"><style nonce=\"n0nce\">.lf-form{color:red}</style>\
             <div class=\"lf-root\"><form class=\"lf-form\"></form></div></template>"
        );
        assert!(!paint.shadow_markup("", None).contains("nonce"));
        assert_eq!(FirstPaint::default().shadow_markup(".x{}", None), "");
    }
}
