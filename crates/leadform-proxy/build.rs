//! Carries the widget bundle inside the binary when `LEADFORM_EMBED_BUNDLE` names its
//! directory (`cargo xtask dist` sets it), so a deployed proxy is one file. Without it the
//! binary carries nothing and reads `--bundle-dir`.

use std::fmt::Write as _;
use std::path::Path;

fn main() {
    println!("cargo::rerun-if-env-changed=LEADFORM_EMBED_BUNDLE");
    let mut code = String::from("pub const FILES: &[(&str, &[u8])] = &[\n");
    if let Some(dir) = std::env::var_os("LEADFORM_EMBED_BUNDLE").filter(|dir| !dir.is_empty()) {
        let dir = Path::new(&dir);
        println!("cargo::rerun-if-changed={}", dir.display());
        let entries = std::fs::read_dir(dir)
            .unwrap_or_else(|error| panic!("LEADFORM_EMBED_BUNDLE={}: {error}", dir.display()));
        let mut paths: Vec<_> = entries
            .flatten()
            .map(|entry| entry.path())
            .filter(|path| path.is_file())
            .collect();
        paths.sort();
        for path in paths {
            println!("cargo::rerun-if-changed={}", path.display());
            let name = path
                .file_name()
                .and_then(|name| name.to_str())
                .unwrap_or_default();
            let absolute = std::fs::canonicalize(&path).unwrap_or(path.clone());
            let _ = writeln!(
                code,
                "    ({name:?}, include_bytes!({:?})),",
                absolute.display().to_string()
            );
        }
    }
    code.push_str("];\n");
    let out = std::env::var_os("OUT_DIR")
        .map(std::path::PathBuf::from)
        .unwrap_or_default();
    std::fs::write(out.join("carried_bundle.rs"), code)
        .unwrap_or_else(|error| panic!("cannot write the carried bundle's table: {error}"));
}
