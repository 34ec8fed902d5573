//! The widget bundle `cargo xtask build` made (trunk's `leadform-<hash>.js` +
//! `leadform-<hash>_bg.wasm` + `leadform.css`, and `embed.min.js`, the minified embed loader)
//! and the loader rendered to point at it and carry its stylesheet.

use std::path::{Path, PathBuf};

use crate::error::StartupError;

const LOADER: &str = "embed.min.js";
/// Where a loader served for one form (`/embed.js?form=…`) carries that form's answer.
const INLINE: &str = "__LEADFORM_INLINE__";
const STYLESHEET: &str = "leadform.css";

/// The built widget and the embed loader rendered for it.
#[derive(Debug, Clone)]
pub struct WidgetBundle {
    dir: PathBuf,
    embed_js: String,
    /// The loader around its inline answer: what comes before it, and after.
    around_inline: (String, String),
}

impl WidgetBundle {
    /// Finds the one wasm-bindgen module in `dir` (trunk's `dist`).
    pub fn load(dir: &Path) -> Result<Self, StartupError> {
        let missing = || {
            StartupError::Bundle(format!(
                "no widget bundle in {}: build it with `cargo xtask build`",
                dir.display()
            ))
        };
        let entries = std::fs::read_dir(dir).map_err(|_| missing())?;
        let mut wasm_files: Vec<String> = entries
            .filter_map(|entry| entry.ok()?.file_name().into_string().ok())
            .filter(|name| name.starts_with("leadform") && name.ends_with("_bg.wasm"))
            .collect();
        let wasm_file = match wasm_files.len() {
            0 => return Err(missing()),
            1 => wasm_files.remove(0),
            _ => {
                return Err(StartupError::Bundle(format!(
                    "several widget builds in {}: {wasm_files:?}",
                    dir.display()
                )));
            }
        };
        let module_file = format!("{}.js", wasm_file.trim_end_matches("_bg.wasm"));
        if !dir.join(&module_file).is_file() {
            return Err(StartupError::Bundle(format!(
                "{module_file} is missing beside {wasm_file}"
            )));
        }
        let read = |name: &str| {
            std::fs::read_to_string(dir.join(name)).map_err(|error| {
                StartupError::Bundle(format!(
                    "cannot read {name} in {}: {error} (`cargo xtask build` writes it)",
                    dir.display()
                ))
            })
        };
        let (loader, css) = (read(LOADER)?, read(STYLESHEET)?);
        // A JSON string is a JavaScript string literal; the stylesheet travels inside the
        // loader, so styling the form costs no request of its own.
        let css_literal = serde_json::to_string(&css)
            .map_err(|error| StartupError::Bundle(format!("{STYLESHEET}: {error}")))?;
        let embed_js = loader
            .replace("__LEADFORM_MODULE__", &module_file)
            .replace("__LEADFORM_WASM__", &wasm_file)
            .replace("__LEADFORM_CSS__", &css_literal);
        let Some((before, after)) = embed_js
            .split_once(INLINE)
            .filter(|(_, after)| !after.contains(INLINE))
        else {
            return Err(StartupError::Bundle(format!(
                "{LOADER} must hold {INLINE} once: rebuild it with `cargo xtask build`"
            )));
        };
        let around_inline = (before.to_owned(), after.to_owned());
        let embed_js = format!("{before}null{after}");
        Ok(Self {
            dir: dir.to_owned(),
            embed_js,
            around_inline,
        })
    }

    /// Where the bundle files are.
    pub fn dir(&self) -> &Path {
        &self.dir
    }

    /// The embed loader, pointing at this bundle's hashed file names.
    pub fn embed_js(&self) -> &str {
        &self.embed_js
    }

    /// The loader carrying `inline`, a JavaScript expression (one form's answer, for
    /// `/embed.js?form=…`).
    pub fn embed_js_with(&self, inline: &str) -> String {
        let (before, after) = &self.around_inline;
        [before.as_str(), inline, after.as_str()].concat()
    }
}
