//! `cargo xtask <task>`: the project's two front-door commands and their helpers.
//!
//! - `demo`:  install what is missing, build the widget, run the demo (partner page + proxy + sandbox)
//! - `test`:  install what is missing, then formatting, lints, native, browser and end-to-end tests
//! - `setup`: only install the toolchain
//! - `build`: build the widget bundle and print its sizes against the budget
//! - `dist`:  the proxy as one file, the widget inside it, in a tarball with an example forms
//!   file and a systemd unit (`target/dist/leadform-proxy-<version>-<target>.tar.gz`)
//! - `bench proxy`: the proxy's durable accepts and a rate-limited burst, figures printed
//! - `bench app`: what a Leptos app pays for `LeadForm` (examples/leptos-app with and without
//!   its forms, release sizes printed)
//! - `bench widget`: cold loads of the widget against a plain HTML form in headless Chromium,
//!   on loopback and throttled, figures printed
//! - `postgres`: start the tests' throwaway PostgreSQL server until Enter is pressed, for
//!   running `cargo test -p leadform-proxy` by hand

mod app_size;
mod browsers;
mod bundle_size;
mod dist;
mod postgres;
mod run;
mod toolchain;

use std::ffi::OsStr;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use run::{Failure, Tally, cargo, cargo_test};

const WASM: &str = "wasm32-unknown-unknown";
/// The widget's feature for Leptos apps (`leadform::api`, `LeadForm`): linted and tested in
/// the browsers with the widget, left out of the script-tag bundle.
const COMPONENT: &str = "leadform/component";
/// `examples/leptos-app`: a Leptos app with two `LeadForm`s, built with trunk and driven end
/// to end.
const EXAMPLE_APP: &str = "leadform-example-app";
/// `examples/leptos-ssr-app`: a server-rendered Leptos app with two `LeadForm`s; its server
/// runs inside the end-to-end tests, its browser half is built here.
const SSR_APP: &str = "leadform-example-ssr";

fn main() -> ExitCode {
    let task = std::env::args().nth(1).unwrap_or_default();
    let root = project_root();
    let outcome = match task.as_str() {
        "setup" => toolchain::ensure(&root, toolchain::Needs::Tests).map(|_| ()),
        "build" => toolchain::ensure(&root, toolchain::Needs::Build)
            .and_then(|tools| build_widget(&root, &tools)),
        "dist" => toolchain::ensure(&root, toolchain::Needs::Build)
            .and_then(|tools| build_widget(&root, &tools))
            .and_then(|()| dist::dist(&root).map(|_| ())),
        "demo" => demo(&root),
        "postgres" => postgres_until_enter(&root),
        "bench" => bench(&root, std::env::args().nth(2).as_deref()),
        "test" => test(&root),
        _ => {
            eprintln!(
                "usage: cargo xtask <demo|test|setup|build|dist|bench proxy|bench widget|bench app|postgres>"
            );
            return ExitCode::from(2);
        }
    };
    match outcome {
        Ok(()) => ExitCode::SUCCESS,
        Err(failure) => {
            eprintln!("\nxtask {task}: {failure}");
            ExitCode::FAILURE
        }
    }
}

fn project_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .map(Path::to_path_buf)
        .unwrap_or_else(|| PathBuf::from("."))
}

fn build_widget(root: &Path, tools: &toolchain::Toolchain) -> Result<(), Failure> {
    run::step("building the widget bundle (trunk, release)");
    tools.trunk(root, &["build", "--release"])?;
    let dist = root.join("dist");
    // wasm-bindgen writes readable JS glue, and trunk's minifier cannot parse it
    // (`export { … as default }`): terser takes it from 41 KB to 15 KB, 6.6 to 4.2 KB brotli.
    for glue in bundle_size::glue_modules(&dist)? {
        tools.minify_js(&glue, &glue, toolchain::Script::Module)?;
    }
    // The loader is the first request of every page with a form, and the stylesheet rides in
    // it: lightningcss takes the stylesheet from 1.1 to 0.8 KB brotli, terser the loader from
    // 1.3 to 0.7 KB.
    tools.minify_css(&dist.join("leadform.css"))?;
    let bundled = root.join("target/embed/embed.js");
    tools.bundle_loader(root, &bundled)?;
    let loader = dist.join(bundle_size::LOADER);
    tools.minify_js(&bundled, &loader, toolchain::Script::Loader)?;
    let report = bundle_size::measure(&dist, &loader)?;
    report.print();
    report.check_budget()
}

/// `cargo clippy <args> -- -D warnings`.
fn clippy(root: &Path, args: &[&str]) -> Result<(), Failure> {
    cargo(
        root,
        &[&["clippy"], args, &["--", "-D", "warnings"]].concat(),
        &[],
        &[],
    )
}

/// The browser half of examples/leptos-ssr-app (debug, as the tests need it): the app's
/// wasm with the `hydrate` feature, through wasm-bindgen into `target/example-ssr/pkg`.
fn build_ssr_app(root: &Path, tools: &toolchain::Toolchain) -> Result<PathBuf, Failure> {
    run::step("building examples/leptos-ssr-app's browser half (hydrate, debug, wasm-bindgen)");
    cargo(
        root,
        &[
            "build",
            "-p",
            SSR_APP,
            "--lib",
            "--features",
            "hydrate",
            "--target",
            WASM,
        ],
        &[],
        &[],
    )?;
    let pkg = root.join("target/example-ssr/pkg");
    let wasm = root.join("target/wasm32-unknown-unknown/debug/leadform_example_ssr.wasm");
    tools.wasm_bindgen(&wasm, &pkg, "leadform_example_ssr")?;
    Ok(pkg)
}

fn bench(root: &Path, what: Option<&str>) -> Result<(), Failure> {
    match what {
        Some("proxy") => bench_proxy(root),
        Some("widget") => bench_widget(root),
        Some("app") => toolchain::ensure(root, toolchain::Needs::Build)
            .and_then(|tools| app_size::report(root, &tools)),
        _ => Err(Failure(
            "usage: cargo xtask bench <proxy|widget|app>".into(),
        )),
    }
}

fn bench_widget(root: &Path) -> Result<(), Failure> {
    let tools = toolchain::ensure(root, toolchain::Needs::Tests)?;
    build_widget(root, &tools)?;
    let browser_dirs = tools.browser_env(root)?;
    let bundle = root.join("dist");
    let env: Vec<(&str, &OsStr)> = browser_dirs
        .iter()
        .map(|(name, dir)| (*name, dir.as_os_str()))
        .chain([("LEADFORM_BUNDLE_DIR", bundle.as_os_str())])
        .collect();
    run::step("benchmark: the widget against a plain form, cold loads in headless Chromium");
    cargo(
        root,
        &["bench", "-p", "leadform-demo", "--bench", "widget"],
        &[],
        &env,
    )
}

fn bench_proxy(root: &Path) -> Result<(), Failure> {
    postgres::ensure_installed()?;
    let cluster = postgres::TestCluster::start(root)?;
    let database_url = std::ffi::OsString::from(cluster.url());
    run::step("benchmark: the proxy (release build), SQLite and PostgreSQL");
    cargo(
        root,
        &["bench", "-p", "leadform-proxy", "--bench", "proxy"],
        &[],
        &[("LEADFORM_BENCH_DATABASE_URL", database_url.as_os_str())],
    )
}

fn postgres_until_enter(root: &Path) -> Result<(), Failure> {
    postgres::ensure_installed()?;
    let cluster = postgres::TestCluster::start(root)?;
    println!("\n    export LEADFORM_TEST_DATABASE_URL={}", cluster.url());
    println!("    Press Enter to stop the server.");
    let mut line = String::new();
    let _ = std::io::stdin().read_line(&mut line);
    Ok(())
}

fn demo(root: &Path) -> Result<(), Failure> {
    let tools = toolchain::ensure(root, toolchain::Needs::Build)?;
    build_widget(root, &tools)?;
    run::step("starting the demo (Ctrl-C stops it)");
    let bundle = root.join("dist");
    cargo(
        root,
        &[
            "run",
            "--quiet",
            "-p",
            "leadform-demo",
            "--",
            "--bundle-dir",
        ],
        &[bundle.as_os_str()],
        &[],
    )
}

fn test(root: &Path) -> Result<(), Failure> {
    let started = std::time::Instant::now();
    let tools = toolchain::ensure(root, toolchain::Needs::Tests)?;
    let browser_dirs = tools.browser_env(root)?;
    let browser_env: Vec<(&str, &OsStr)> = browser_dirs
        .iter()
        .map(|(name, dir)| (*name, dir.as_os_str()))
        .collect();
    let mut tally = Tally::default();

    run::step("formatting (cargo fmt --check)");
    cargo(root, &["fmt", "--all", "--check"], &[], &[])?;

    run::step(
        "lints (clippy -D warnings; the widget, patches/wasm-streams and the example apps' browser halves as wasm, the rest native)",
    );
    // The widget and the example app are wasm (below): natively the example would unify the
    // widget's `component` feature with the proxy's `ssr`.
    clippy(
        root,
        &[
            "--workspace",
            "--exclude",
            "leadform",
            "--exclude",
            EXAMPLE_APP,
            "--all-targets",
        ],
    )?;
    clippy(
        root,
        &[
            "-p",
            "leadform",
            "-p",
            "wasm-streams",
            "-p",
            EXAMPLE_APP,
            "--features",
            COMPONENT,
            "--target",
            WASM,
            "--all-targets",
        ],
    )?;
    // The widget as the script-tag bundle is built: without the feature for apps.
    clippy(root, &["-p", "leadform", "--target", WASM, "--all-targets"])?;
    // The widget as the proxy compiles it (its components rendered to HTML), and as an SSR
    // app's server does (`LeadForm`'s first paint too).
    for features in ["ssr", "ssr,component"] {
        clippy(
            root,
            &[
                "-p",
                "leadform",
                "--no-default-features",
                "--features",
                features,
            ],
        )?;
    }
    // An SSR app's browser half: the widget and the example app hydrating.
    clippy(
        root,
        &[
            "-p",
            "leadform",
            "-p",
            SSR_APP,
            "--no-default-features",
            "--features",
            "leadform/component,leadform/hydrate,leadform-example-ssr/hydrate",
            "--target",
            WASM,
            "--lib",
        ],
    )?;

    run::step(
        "the loader (embed/): types (tsc --noEmit), format (prettier --check), unit tests (node --test)",
    );
    let embed = root.join("embed");
    tools.npm_tool(&embed, "tsc", &["-p", "tsconfig.json"])?;
    tools.npm_tool(&embed, "prettier", &["--check", "src", "test"])?;
    run::node_test(&embed, &tools.path_env, &mut tally)?;

    run::step(
        "native tests: leadform-core, leadform-proxy (SQLite and PostgreSQL), xtask, patches/send_wrapper",
    );
    let cluster = postgres::TestCluster::start(root)?;
    let database_url = std::ffi::OsString::from(cluster.url());
    cargo_test(
        root,
        &[
            "-p",
            "leadform-core",
            "-p",
            "leadform-proxy",
            "-p",
            "xtask",
            "-p",
            "send_wrapper",
        ],
        &[("LEADFORM_TEST_DATABASE_URL", database_url.as_os_str())],
        &mut tally,
    )?;
    drop(cluster);
    // `LeadForm`'s first paint on an SSR app's server.
    cargo_test(
        root,
        &[
            "-p",
            "leadform",
            "--no-default-features",
            "--features",
            "ssr,component",
            "--lib",
        ],
        &[],
        &mut tally,
    )?;

    let display = browsers::Display::start(root)?;
    for engine in browsers::ENGINES {
        run::step(&format!(
            "widget tests in {} (wasm-bindgen-test)",
            engine.name()
        ));
        let engine_env = engine.wasm_test_env(root, &display);
        let wasm_env: Vec<(&str, &OsStr)> = browser_env
            .iter()
            .copied()
            .chain([("PATH", tools.path_env.as_os_str())])
            .chain(
                engine_env
                    .iter()
                    .map(|(name, value)| (*name, value.as_os_str())),
            )
            .collect();
        cargo_test(
            root,
            &["-p", "leadform", "-p", "wasm-streams", "--target", WASM],
            &wasm_env,
            &mut tally,
        )?;
        // `leadform::api` and `LeadForm`, with the feature apps turn on.
        cargo_test(
            root,
            &[
                "-p",
                "leadform",
                "--features",
                COMPONENT,
                "--target",
                WASM,
                "--test",
                "widget",
                "for_apps::",
            ],
            &wasm_env,
            &mut tally,
        )?;
    }

    build_widget(root, &tools)?;
    let tarball = dist::dist(root)?;
    run::step("building examples/leptos-app (trunk, debug): a Leptos app with two LeadForms");
    let example = root.join("examples/leptos-app");
    tools.trunk(&example, &["build"])?;
    let example_dist = example.join("dist");
    let ssr_pkg = build_ssr_app(root, &tools)?;

    run::step(
        "end-to-end tests: partner page and proxy on two origins, in Chromium, WebKit and Firefox",
    );
    let bundle = root.join("dist");
    let axe = root.join(toolchain::AXE);
    let drivers = browsers::end_to_end_env(&display);
    let e2e_env: Vec<(&str, &OsStr)> = browser_env
        .iter()
        .copied()
        .chain([
            ("LEADFORM_BUNDLE_DIR", bundle.as_os_str()),
            ("LEADFORM_AXE", axe.as_os_str()),
            ("LEADFORM_DIST_TARBALL", tarball.as_os_str()),
            ("LEADFORM_EXAMPLE_APP_DIR", example_dist.as_os_str()),
            ("LEADFORM_EXAMPLE_SSR_PKG", ssr_pkg.as_os_str()),
        ])
        .chain(
            drivers
                .iter()
                .map(|(name, value)| (*name, value.as_os_str())),
        )
        .collect();
    cargo_test(
        root,
        &["-p", "leadform-demo", "--", "--nocapture"],
        &e2e_env,
        &mut tally,
    )?;

    println!(
        "\nxtask test: everything passed in {:.0} s",
        started.elapsed().as_secs_f64()
    );
    println!("summary: {} passed, {} failed", tally.passed, tally.failed);
    Ok(())
}
