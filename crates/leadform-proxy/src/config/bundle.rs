//! The widget bundle `cargo xtask build` made (trunk's `leadform-<hash>.js` +
//! `leadform-<hash>_bg.wasm` + `leadform.css`, each with its `.br` and `.gz`, and
//! `embed.min.js`, the minified embed loader) and the loader rendered to point at it and carry
//! its stylesheet. Read from a directory (`--bundle-dir`) or carried inside the binary
//! (`cargo xtask dist` builds it so); either way held in memory and served from there.

use std::collections::BTreeMap;
use std::path::Path;
use std::sync::Arc;

use crate::error::StartupError;

const LOADER: &str = "embed.min.js";
/// Where a loader served for one form (`/embed.js?form=…`) carries that form's answer.
const INLINE: &str = "__LEADFORM_INLINE__";
const STYLESHEET: &str = "leadform.css";

/// The bundle files the binary carries, when it was built with `LEADFORM_EMBED_BUNDLE` set
/// (see `build.rs`): `(file name, bytes)`, precompressed copies included.
mod carried {
    include!(concat!(env!("OUT_DIR"), "/carried_bundle.rs"));
}

/// One file of the bundle, as sent: its type and its bytes, plain and precompressed.
#[derive(Debug, Clone)]
pub struct BundleFile {
    pub content_type: &'static str,
    pub identity: Arc<[u8]>,
    pub brotli: Option<Arc<[u8]>>,
    pub gzip: Option<Arc<[u8]>>,
}

/// The built widget and the embed loader rendered for it.
#[derive(Debug, Clone)]
pub struct WidgetBundle {
    /// Where it came from, for the start-up log: a directory, or "the binary".
    source: String,
    /// The files under `/bundle/`, by name.
    files: Arc<BTreeMap<String, BundleFile>>,
    embed_js: String,
    /// The loader around its inline answer: what comes before it, and after.
    around_inline: (String, String),
}

impl WidgetBundle {
    /// Reads the bundle in `dir` (trunk's `dist`).
    pub fn load(dir: &Path) -> Result<Self, StartupError> {
        let missing = || {
            StartupError::Bundle(format!(
                "no widget bundle in {}: build it with `cargo xtask build`",
                dir.display()
            ))
        };
        let entries = std::fs::read_dir(dir).map_err(|_| missing())?;
        let mut files = BTreeMap::new();
        for entry in entries.flatten() {
            let Ok(name) = entry.file_name().into_string() else {
                continue;
            };
            if !entry.file_type().is_ok_and(|kind| kind.is_file()) {
                continue;
            }
            let bytes = std::fs::read(entry.path()).map_err(|error| {
                StartupError::Bundle(format!(
                    "cannot read {name} in {}: {error} (`cargo xtask build` writes it)",
                    dir.display()
                ))
            })?;
            files.insert(name, bytes);
        }
        Self::from_files(files, &dir.display().to_string())
    }

    /// The bundle built into this binary, if it carries one.
    pub fn carried() -> Option<Result<Self, StartupError>> {
        if carried::FILES.is_empty() {
            return None;
        }
        let files = carried::FILES
            .iter()
            .map(|(name, bytes)| ((*name).to_owned(), bytes.to_vec()))
            .collect();
        Some(Self::from_files(files, "the binary"))
    }

    /// The bundle of `--bundle-dir` when given, else the one this binary carries, else `dist`.
    pub fn locate(dir: Option<&Path>) -> Result<Self, StartupError> {
        match dir {
            Some(dir) => Self::load(dir),
            None => Self::carried().unwrap_or_else(|| Self::load(Path::new("dist"))),
        }
    }

    /// Finds the one wasm-bindgen module among `files` and renders the loader for it.
    fn from_files(files: BTreeMap<String, Vec<u8>>, source: &str) -> Result<Self, StartupError> {
        let missing = || {
            StartupError::Bundle(format!(
                "no widget bundle in {source}: build it with `cargo xtask build`"
            ))
        };
        let mut wasm_files: Vec<String> = files
            .keys()
            .filter(|name| name.starts_with("leadform") && name.ends_with("_bg.wasm"))
            .cloned()
            .collect();
        let wasm_file = match wasm_files.len() {
            0 => return Err(missing()),
            1 => wasm_files.remove(0),
            _ => {
                return Err(StartupError::Bundle(format!(
                    "several widget builds in {source}: {wasm_files:?}"
                )));
            }
        };
        let module_file = format!("{}.js", wasm_file.trim_end_matches("_bg.wasm"));
        if !files.contains_key(&module_file) {
            return Err(StartupError::Bundle(format!(
                "{module_file} is missing beside {wasm_file}"
            )));
        }
        let text = |name: &str| {
            let bytes = files.get(name).ok_or_else(|| {
                StartupError::Bundle(format!(
                    "{name} is missing in {source} (`cargo xtask build` writes it)"
                ))
            })?;
            std::str::from_utf8(bytes)
                .map_err(|_| StartupError::Bundle(format!("{name} in {source} is not UTF-8")))
        };
        let (loader, css) = (text(LOADER)?, text(STYLESHEET)?);
        // A JSON string is a JavaScript string literal; the stylesheet travels inside the
        // loader, so styling the form costs no request of its own.
        let css_literal = serde_json::to_string(css)
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
        // The stylesheet is served too (the loader inlines it, an older one links it).
        Ok(Self {
            source: source.to_owned(),
            files: Arc::new(served(files, &[&module_file, &wasm_file, STYLESHEET])),
            embed_js,
            around_inline,
        })
    }

    /// Where the bundle came from: its directory, or "the binary".
    pub fn source(&self) -> &str {
        &self.source
    }

    /// The file `/bundle/{name}` sends, if the bundle has it.
    pub fn file(&self, name: &str) -> Option<&BundleFile> {
        self.files.get(name)
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

/// The files `/bundle/` serves, with their precompressed copies: the widget's module, wasm and
/// stylesheet, nothing else of the build directory.
fn served(mut files: BTreeMap<String, Vec<u8>>, names: &[&str]) -> BTreeMap<String, BundleFile> {
    let mut served = BTreeMap::new();
    for name in names {
        let Some(identity) = files.remove(*name) else {
            continue;
        };
        let mut copy = |suffix: &str| files.remove(&format!("{name}{suffix}")).map(Arc::from);
        let file = BundleFile {
            content_type: content_type(name),
            brotli: copy(".br"),
            gzip: copy(".gz"),
            identity: Arc::from(identity),
        };
        served.insert((*name).to_owned(), file);
    }
    served
}

fn content_type(name: &str) -> &'static str {
    match name.rsplit_once('.').map(|(_, extension)| extension) {
        Some("wasm") => "application/wasm",
        Some("js") => "text/javascript; charset=utf-8",
        Some("css") => "text/css; charset=utf-8",
        _ => "application/octet-stream",
    }
}
