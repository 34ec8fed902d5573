//! What a Leptos app pays for `LeadForm`: examples/leptos-app built as an app would ship it
//! (profile wasm-release, wasm-opt -Oz, terser), with its two forms and without them (without
//! its default feature `forms`, so without leadform), sizes printed side by side. The widget bundle is not involved:
//! an app links the component into its own wasm, beside its own Leptos.

use std::path::Path;

use crate::bundle_size::{FileSize, measure_file};
use crate::run::{self, Failure, cargo};
use crate::toolchain::{Script, Toolchain};

const APP: &str = "leadform-example-app";

/// wasm-opt as the widget's own build runs it (index.html), without `--converge`.
const WASM_OPT: [&str; 6] = [
    "-Oz",
    "--enable-bulk-memory",
    "--enable-nontrapping-float-to-int",
    "--enable-sign-ext",
    "--enable-mutable-globals",
    "--enable-reference-types",
];

/// Builds both and prints their sizes and the difference.
pub fn report(root: &Path, tools: &Toolchain) -> Result<(), Failure> {
    let without = build(root, tools, "without-forms", &["--no-default-features"])?;
    let with = build(root, tools, "with-forms", &[])?;
    println!("\nexamples/leptos-app, release as an app ships it (bytes: raw / brotli):");
    let total = |files: &[FileSize]| files.iter().map(|file| file.brotli).sum::<usize>();
    for (name, files) in [
        ("without the forms", &without),
        ("with two LeadForms", &with),
    ] {
        let [wasm, glue] = [&files[0], &files[1]];
        println!(
            "  {name:<20} wasm {:>7} / {:>7}   glue {:>6} / {:>6}   total brotli {:>7}",
            wasm.raw,
            wasm.brotli,
            glue.raw,
            glue.brotli,
            total(files)
        );
    }
    println!(
        "  what LeadForm costs the app: {} bytes brotli",
        total(&with) as i64 - total(&without) as i64
    );
    Ok(())
}

/// The app's wasm and JS glue, optimised and minified, in `target/app-size/<name>`.
fn build(
    root: &Path,
    tools: &Toolchain,
    name: &str,
    features: &[&str],
) -> Result<Vec<FileSize>, Failure> {
    run::step(&format!(
        "building examples/leptos-app ({name}, wasm-release)"
    ));
    let target = "wasm32-unknown-unknown";
    cargo(
        root,
        &[
            &[
                "build",
                "-p",
                APP,
                "--profile",
                "wasm-release",
                "--target",
                target,
            ][..],
            features,
        ]
        .concat(),
        &[],
        &[],
    )?;
    let out = root.join("target/app-size").join(name);
    let built = root.join(format!("target/{target}/wasm-release/{APP}.wasm"));
    tools.wasm_bindgen(&built, &out, "app")?;
    let (wasm, glue) = (out.join("app_bg.wasm"), out.join("app.js"));
    tools.wasm_opt(&wasm, &wasm, &WASM_OPT)?;
    tools.minify_js(&glue, &glue, Script::Module)?;
    Ok(vec![
        measure_file(&wasm, false)?,
        measure_file(&glue, false)?,
    ])
}
