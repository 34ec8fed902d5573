//! Installs what the build and the tests need, as ../shared/TOOLCHAIN.md verified it, and
//! skips whatever is already there at the right version. Trunk itself never downloads.

use std::ffi::OsString;
use std::path::{Path, PathBuf};
use std::process::Command;

use crate::run::{self, Failure, command, output};

const TRUNK_VERSION: &str = "0.21.14";
const WASM_TARGET: &str = "wasm32-unknown-unknown";
const BINARYEN_VERSION: &str = "version 132";
const TERSER_VERSION: &str = "terser 5.51.4";
/// What lightningcss-cli 1.33.0 (the version in xtask/npm's lock file) says it is.
const LIGHTNINGCSS_VERSION: &str = "lightningcss 1.0.0-alpha.72";
const ESBUILD_VERSION: &str = "0.28.2";
const TYPESCRIPT_VERSION: &str = "Version 6.0.3";
const PRETTIER_VERSION: &str = "3.10.2";
/// axe-core's browser build, which the end-to-end tests run inside the form's shadow root.
pub const AXE: &str = "xtask/npm/node_modules/axe-core/axe.min.js";
const AXE_VERSION: &str = "\"version\": \"4.14.1\"";

/// What terser minifies.
#[derive(Clone, Copy, PartialEq, Eq)]
pub enum Script {
    /// wasm-bindgen's JS glue, an ES module.
    Module,
    /// The embed loader, a classic script.
    Loader,
}

/// What a task needs installed.
#[derive(Clone, Copy, PartialEq, Eq)]
pub enum Needs {
    /// The widget build: wasm target, trunk, wasm-bindgen, wasm-opt, terser, lightningcss.
    Build,
    /// The build, plus the three browser engines and their drivers for the browser tests
    /// and the PostgreSQL server for the outbox tests.
    Tests,
}

/// The installed tools, and the PATH that finds them first.
pub struct Toolchain {
    pub path_env: OsString,
}

/// Installs what is missing. The first run on a fresh machine takes about 25 minutes, most
/// of it compiling trunk; later runs only check versions.
pub fn ensure(root: &Path, needs: Needs) -> Result<Toolchain, Failure> {
    run::step(
        "checking the toolchain (the first run on a fresh machine installs it: about 25 minutes)",
    );
    let cargo_bin = cargo_home().join("bin");
    let npm_dir = root.join("xtask/npm");
    let npm_bin = npm_dir.join("node_modules/.bin");
    let mut paths = vec![npm_bin.clone(), cargo_bin.clone()];
    paths.extend(std::env::split_paths(
        &std::env::var_os("PATH").unwrap_or_default(),
    ));
    let path_env = std::env::join_paths(paths)
        .map_err(|error| Failure(format!("cannot build PATH: {error}")))?;

    ensure_wasm_target()?;
    let bindgen_version = wasm_bindgen_version(root)?;
    ensure_cargo_tool(
        &cargo_bin.join("trunk"),
        "trunk",
        TRUNK_VERSION,
        &["install", "trunk", "--version", TRUNK_VERSION, "--locked"],
        "about 14 minutes",
    )?;
    // Not --locked: wasm-bindgen-cli's lock file pins a webpki-roots release this registry lacks.
    ensure_cargo_tool(
        &cargo_bin.join("wasm-bindgen"),
        "wasm-bindgen",
        &bindgen_version,
        &["install", "wasm-bindgen-cli", "--version", &bindgen_version],
        "about 4 minutes",
    )?;
    ensure_npm_tools(&npm_dir, &npm_bin)?;
    if needs == Needs::Tests {
        crate::browsers::ensure_installed()?;
        crate::postgres::ensure_installed()?;
        println!("    browsers: {}", crate::browsers::versions());
    }
    println!(
        "    toolchain ready: trunk {TRUNK_VERSION}, wasm-bindgen {bindgen_version}, wasm-opt {BINARYEN_VERSION}, {TERSER_VERSION}, {LIGHTNINGCSS_VERSION}"
    );
    Ok(Toolchain { path_env })
}

impl Toolchain {
    /// Runs trunk with our tools first on PATH, never letting it look for updates online.
    pub fn trunk(&self, root: &Path, args: &[&str]) -> Result<(), Failure> {
        run::cargo(root, &["fetch", "--quiet"], &[], &[])?;
        let mut trunk = Command::new(cargo_home().join("bin/trunk"));
        trunk
            .current_dir(root)
            .args(args)
            .env("PATH", &self.path_env)
            .env("TRUNK_SKIP_VERSION_CHECK", "true");
        command(trunk)
    }

    /// Runs wasm-bindgen (the version Cargo.lock pins) on `wasm`: an ES module and its wasm in
    /// `out_dir`, named `out_name`.
    pub fn wasm_bindgen(&self, wasm: &Path, out_dir: &Path, out_name: &str) -> Result<(), Failure> {
        let mut bindgen = Command::new(cargo_home().join("bin/wasm-bindgen"));
        bindgen
            .args(["--target", "web", "--out-name", out_name, "--out-dir"])
            .arg(out_dir)
            .arg(wasm)
            .env("PATH", &self.path_env);
        command(bindgen)
    }

    /// Runs wasm-opt (binaryen, from xtask/npm) with `args` on `input`, writing `output`.
    pub fn wasm_opt(&self, input: &Path, output: &Path, args: &[&str]) -> Result<(), Failure> {
        let mut wasm_opt = Command::new("wasm-opt");
        wasm_opt
            .args(args)
            .arg(input)
            .arg("-o")
            .arg(output)
            .env("PATH", &self.path_env);
        command(wasm_opt)
    }

    /// Minifies JavaScript with terser: an ES module keeps its exports, a classic script its
    /// globals.
    pub fn minify_js(&self, source: &Path, output: &Path, script: Script) -> Result<(), Failure> {
        let mut terser = Command::new("terser");
        terser.arg(source).env("PATH", &self.path_env);
        match script {
            Script::Module => terser.args(["--compress", "--module"]),
            // Written for this project, so terser may assume what these options need: getters
            // without side effects, no use of `this` in function expressions or of a
            // function's length (about 30 bytes brotli).
            Script::Loader => terser.args([
                "--compress",
                "passes=2,pure_getters,unsafe_arrows,keep_fargs=false",
                "--ecma",
                "2020",
            ]),
        };
        terser
            .args(["--mangle", "--comments", "false", "--output"])
            .arg(output);
        command(terser)
    }

    /// Bundles the loader's modules (embed/src) into one classic script with esbuild: an
    /// IIFE, so it adds nothing to the page but the `leadform` global it installs.
    pub fn bundle_loader(&self, root: &Path, output: &Path) -> Result<(), Failure> {
        let outfile = format!("--outfile={}", output.display());
        self.npm_tool(
            root,
            "esbuild",
            &[
                "embed/src/main.js",
                "--bundle",
                "--format=iife",
                "--target=es2022",
                "--log-level=warning",
                &outfile,
            ],
        )
    }

    /// Runs a tool from xtask/npm in `dir`.
    pub fn npm_tool(&self, dir: &Path, tool: &str, args: &[&str]) -> Result<(), Failure> {
        let mut run = Command::new(tool);
        run.current_dir(dir).args(args).env("PATH", &self.path_env);
        command(run)
    }

    /// Minifies a stylesheet in place with lightningcss, without rewriting it for older
    /// browsers (no targets given).
    pub fn minify_css(&self, file: &Path) -> Result<(), Failure> {
        let mut lightningcss = Command::new("lightningcss");
        lightningcss
            .arg("--minify")
            .arg(file)
            .arg("--output-file")
            .arg(file)
            .env("PATH", &self.path_env);
        command(lightningcss)
    }

    /// Keeps the browsers' profiles and caches under target/ rather than /tmp and $HOME.
    pub fn browser_env(&self, root: &Path) -> Result<Vec<(&'static str, PathBuf)>, Failure> {
        let base = root.join("target/browser");
        let env = vec![
            ("TMPDIR", base.join("tmp")),
            ("XDG_CONFIG_HOME", base.join("config")),
            ("XDG_CACHE_HOME", base.join("cache")),
        ];
        for (_, dir) in &env {
            std::fs::create_dir_all(dir)
                .map_err(|error| Failure(format!("cannot create {}: {error}", dir.display())))?;
        }
        Ok(env)
    }
}

pub fn cargo_home() -> PathBuf {
    std::env::var_os("CARGO_HOME")
        .map(PathBuf::from)
        .unwrap_or_else(|| {
            PathBuf::from(std::env::var_os("HOME").unwrap_or_default()).join(".cargo")
        })
}

fn ensure_wasm_target() -> Result<(), Failure> {
    let installed = output("rustup", &["target", "list", "--installed"]).unwrap_or_default();
    if installed.lines().any(|line| line.trim() == WASM_TARGET) {
        return Ok(());
    }
    println!("    installing the {WASM_TARGET} target (rustup)");
    let mut rustup = Command::new("rustup");
    rustup.args(["target", "add", WASM_TARGET]);
    command(rustup)
}

/// The wasm-bindgen version in Cargo.lock, which Trunk.toml must pin too.
fn wasm_bindgen_version(root: &Path) -> Result<String, Failure> {
    let lock = std::fs::read_to_string(root.join("Cargo.lock"))
        .map_err(|error| Failure(format!("cannot read Cargo.lock: {error}")))?;
    let version = lock
        .split("[[package]]")
        .find(|package| package.contains("\nname = \"wasm-bindgen\"\n"))
        .and_then(|package| {
            package
                .lines()
                .find_map(|line| line.strip_prefix("version = \""))
        })
        .map(|version| version.trim_end_matches('"').to_owned())
        .ok_or_else(|| Failure("Cargo.lock has no wasm-bindgen".into()))?;
    let trunk_toml = std::fs::read_to_string(root.join("Trunk.toml"))
        .map_err(|error| Failure(format!("cannot read Trunk.toml: {error}")))?;
    if !trunk_toml.contains(&format!("wasm_bindgen = \"{version}\"")) {
        return Err(Failure(format!(
            "Trunk.toml must pin wasm_bindgen = \"{version}\", the version in Cargo.lock"
        )));
    }
    Ok(version)
}

pub fn ensure_cargo_tool(
    binary: &Path,
    name: &str,
    version: &str,
    install: &[&str],
    duration: &str,
) -> Result<(), Failure> {
    let found = output(binary, &["--version"]).unwrap_or_default();
    if found.split_whitespace().nth(1) == Some(version) {
        return Ok(());
    }
    println!(
        "    installing {name} {version} with cargo install ({duration} on 2 cores; found: {:?})",
        found
    );
    let mut cargo = Command::new(std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into()));
    cargo.args(install);
    command(cargo)
}

/// wasm-opt, terser, lightningcss, esbuild, TypeScript, prettier, @types/node and axe-core,
/// from npm into xtask/npm (versions pinned by its package-lock.json).
fn ensure_npm_tools(dir: &Path, bin: &Path) -> Result<(), Failure> {
    let has = |tool: &str, version: &str| {
        output(bin.join(tool), &["--version"]).is_some_and(|found| found.contains(version))
    };
    let has_axe = std::fs::read_to_string(dir.join("node_modules/axe-core/package.json"))
        .is_ok_and(|manifest| manifest.contains(AXE_VERSION));
    if has("wasm-opt", BINARYEN_VERSION)
        && has("terser", TERSER_VERSION)
        && has("lightningcss", LIGHTNINGCSS_VERSION)
        && has("esbuild", ESBUILD_VERSION)
        && has("tsc", TYPESCRIPT_VERSION)
        && has("prettier", PRETTIER_VERSION)
        && has_axe
    {
        return Ok(());
    }
    if output("npm", &["--version"]).is_none() {
        println!("    installing Node.js and npm (apt-get) for wasm-opt, terser and lightningcss");
        apt_install(&["nodejs", "npm"])?;
    }
    println!(
        "    installing wasm-opt ({BINARYEN_VERSION}), {TERSER_VERSION}, lightningcss, esbuild, TypeScript, prettier and axe-core from npm into xtask/npm (seconds)"
    );
    let mut npm = Command::new("npm");
    npm.current_dir(dir).args(["ci", "--no-audit", "--no-fund"]);
    command(npm)
}

/// Installs Debian packages (as root, or through sudo).
pub fn apt_install(packages: &[&str]) -> Result<(), Failure> {
    let as_root = output("id", &["-u"]).as_deref() == Some("0");
    let apt = |args: &[&str]| {
        let mut apt = if as_root {
            Command::new("apt-get")
        } else {
            Command::new("sudo")
        };
        if !as_root {
            apt.arg("apt-get");
        }
        apt.args(args).env("DEBIAN_FRONTEND", "noninteractive");
        command(apt)
    };
    apt(&["update", "-qq"])?;
    apt(&[&["install", "-y", "-qq"], packages].concat())
}
