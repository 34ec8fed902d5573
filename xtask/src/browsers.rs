//! The three engines the browser tests run in, as visitors meet them: Chromium, WebKit
//! (Safari's engine: WebKitGTK's MiniBrowser, driven by WebKitWebDriver) and Firefox (ESR,
//! driven by geckodriver). What to install, the display MiniBrowser needs (it has no headless
//! mode), and each engine's environment for the wasm-bindgen test runner and the end-to-end
//! tests. Their capabilities (binaries, flags) are the files in `tests/webdriver/`.

use std::ffi::OsString;
use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};

use crate::run::{Failure, output};
use crate::toolchain::{apt_install, cargo_home, ensure_cargo_tool};

const CHROMIUM: &str = "/usr/bin/chromium";
const CHROMEDRIVER: &str = "/usr/bin/chromedriver";
const MINIBROWSER: &str = "/usr/lib/x86_64-linux-gnu/webkit2gtk-4.1/MiniBrowser";
const WEBKITWEBDRIVER: &str = "/usr/bin/WebKitWebDriver";
const FIREFOX: &str = "/usr/bin/firefox-esr";
const XVFB: &str = "/usr/bin/Xvfb";
/// Debian does not package geckodriver; this version builds from the crate registry.
const GECKODRIVER_VERSION: &str = "0.37.1";

/// A browser engine.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Engine {
    Chromium,
    WebKit,
    Firefox,
}

/// Every engine, in the order the tests run in.
pub const ENGINES: [Engine; 3] = [Engine::Chromium, Engine::WebKit, Engine::Firefox];

impl Engine {
    pub fn name(self) -> &'static str {
        match self {
            Engine::Chromium => "Chromium",
            Engine::WebKit => "WebKit",
            Engine::Firefox => "Firefox",
        }
    }

    /// What wasm-bindgen-test-runner needs to run the widget's tests in this engine.
    /// Chromium's is in .cargo/config.toml. The runner knows no WebKitGTK driver, but its
    /// geckodriver path works for WebKitWebDriver: it starts the driver with `--port=N`
    /// (which WebKitWebDriver takes) and asks for a W3C session with the capabilities of
    /// `tests/webdriver/webkit.json` (MiniBrowser ignores the Firefox options it adds). It
    /// then says it runs in "Firefox"; the step's heading names the engine.
    pub fn wasm_test_env(self, root: &Path, display: &Display) -> Vec<(&'static str, OsString)> {
        let capabilities = |name: &str| root.join("tests/webdriver").join(name).into_os_string();
        match self {
            Engine::Chromium => Vec::new(),
            Engine::WebKit => vec![
                ("GECKODRIVER", WEBKITWEBDRIVER.into()),
                (
                    "WASM_BINDGEN_TEST_WEBDRIVER_JSON",
                    capabilities("webkit.json"),
                ),
                ("DISPLAY", display.name.clone()),
            ],
            Engine::Firefox => vec![
                ("GECKODRIVER", geckodriver().into_os_string()),
                (
                    "WASM_BINDGEN_TEST_WEBDRIVER_JSON",
                    capabilities("firefox.json"),
                ),
            ],
        }
    }
}

/// What the end-to-end tests need to start every engine's driver.
pub fn end_to_end_env(display: &Display) -> Vec<(&'static str, OsString)> {
    vec![
        ("CHROMEDRIVER", CHROMEDRIVER.into()),
        ("WEBKITWEBDRIVER", WEBKITWEBDRIVER.into()),
        ("GECKODRIVER", geckodriver().into_os_string()),
        ("DISPLAY", display.name.clone()),
    ]
}

fn geckodriver() -> PathBuf {
    cargo_home().join("bin/geckodriver")
}

/// Installs what is missing: the engines and their drivers from Debian, geckodriver from
/// the crate registry (about 5 minutes on 2 cores, once), Xvfb for MiniBrowser's display.
pub fn ensure_installed() -> Result<(), Failure> {
    let packages = [
        (CHROMIUM, "chromium"),
        (CHROMEDRIVER, "chromium-driver"),
        (MINIBROWSER, "webkit2gtk-driver"),
        (WEBKITWEBDRIVER, "webkit2gtk-driver"),
        (FIREFOX, "firefox-esr"),
        (XVFB, "xvfb"),
    ];
    let mut missing: Vec<&str> = packages
        .iter()
        .filter(|(path, _)| !Path::new(path).exists())
        .map(|(_, package)| *package)
        .collect();
    missing.dedup();
    if !missing.is_empty() {
        println!(
            "    installing Debian's {} (apt-get, a minute or two)",
            missing.join(", ")
        );
        apt_install(&missing)?;
    }
    ensure_cargo_tool(
        &geckodriver(),
        "geckodriver",
        GECKODRIVER_VERSION,
        &[
            "install",
            "geckodriver",
            "--version",
            GECKODRIVER_VERSION,
            "--locked",
        ],
        "about 5 minutes",
    )
}

/// A virtual X display (Xvfb) for MiniBrowser, on the first free display number; stopped
/// when dropped.
pub struct Display {
    process: Child,
    /// `:N`, for `DISPLAY`.
    pub name: OsString,
}

impl Display {
    pub fn start(root: &Path) -> Result<Self, Failure> {
        let log = root.join("target/browser/xvfb.log");
        let log = std::fs::File::create(&log)
            .map_err(|error| Failure(format!("cannot create {}: {error}", log.display())))?;
        // -displayfd: Xvfb picks a free display and writes its number once it is ready.
        let mut process = Command::new(XVFB)
            .args([
                "-displayfd",
                "1",
                "-screen",
                "0",
                "1280x1024x24",
                "-nolisten",
                "tcp",
            ])
            .stdout(Stdio::piped())
            .stderr(log)
            .spawn()
            .map_err(|error| Failure(format!("cannot start {XVFB}: {error}")))?;
        let mut number = String::new();
        if let Some(stdout) = process.stdout.take() {
            let _ = BufReader::new(stdout).read_line(&mut number);
        }
        let number = number.trim();
        if number.is_empty() || number.parse::<u32>().is_err() {
            let _ = process.kill();
            return Err(Failure(format!(
                "Xvfb did not start (see target/browser/xvfb.log); it said {number:?}"
            )));
        }
        println!("    virtual display :{number} (Xvfb) for WebKit's MiniBrowser");
        Ok(Self {
            process,
            name: format!(":{number}").into(),
        })
    }
}

impl Drop for Display {
    fn drop(&mut self) {
        let _ = self.process.kill();
        let _ = self.process.wait();
    }
}

/// The versions in use, for the toolchain line.
pub fn versions() -> String {
    let version = |binary: &str| {
        output(binary, &["--version"])
            .and_then(|text| text.lines().next().map(str::to_owned))
            .unwrap_or_else(|| format!("{binary}: ?"))
    };
    format!(
        "{}, {}, {}",
        version(CHROMIUM),
        version(FIREFOX),
        version(geckodriver().to_string_lossy().as_ref())
    )
}
