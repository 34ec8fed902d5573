//! The three browser engines visitors use, each through its WebDriver server: Chromium
//! (chromedriver), WebKit (WebKitWebDriver driving WebKitGTK's MiniBrowser, under the Xvfb
//! display `cargo xtask test` starts) and Firefox (geckodriver). Shared by the end-to-end
//! tests and the widget benchmark (which includes this file by path). Each session gets a
//! fresh profile. The capabilities (binary, flags) are the files in `tests/webdriver/` that
//! the widget's wasm-bindgen tests use too.

#![allow(dead_code)]

use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use thirtyfour::Capabilities;
use thirtyfour::prelude::*;
use tokio::net::TcpListener;

/// A browser engine.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Engine {
    Chromium,
    WebKit,
    Firefox,
}

impl Engine {
    /// Its WebDriver capabilities, as the wasm-bindgen tests use them.
    fn capabilities(self) -> Capabilities {
        let json = match self {
            Engine::Chromium => include_str!("../../../../tests/webdriver/chromium.json"),
            Engine::WebKit => include_str!("../../../../tests/webdriver/webkit.json"),
            Engine::Firefox => include_str!("../../../../tests/webdriver/firefox.json"),
        };
        serde_json::from_str(json).expect("tests/webdriver/*.json holds capabilities")
    }

    /// Its WebDriver server: the environment variable `cargo xtask test` sets, and the
    /// default where there is one.
    fn driver_binary(self) -> PathBuf {
        let (variable, default) = match self {
            Engine::Chromium => ("CHROMEDRIVER", Some("/usr/bin/chromedriver")),
            Engine::WebKit => ("WEBKITWEBDRIVER", Some("/usr/bin/WebKitWebDriver")),
            Engine::Firefox => ("GECKODRIVER", None),
        };
        std::env::var_os(variable)
            .map(PathBuf::from)
            .or_else(|| default.map(PathBuf::from))
            .unwrap_or_else(|| {
                panic!("{variable} is not set: run the browser tests with `cargo xtask test`")
            })
    }
}

/// A free loopback port, bound.
pub async fn loopback() -> TcpListener {
    TcpListener::bind("127.0.0.1:0")
        .await
        .expect("a free loopback port")
}

/// A WebDriver server on a free port, killed when dropped.
pub struct Driver {
    process: Child,
    pub url: String,
    pub engine: Engine,
}

impl Drop for Driver {
    fn drop(&mut self) {
        let _ = self.process.kill();
        let _ = self.process.wait();
    }
}

/// The kept name of the Chromium driver, for the widget benchmark.
pub type ChromeDriver = Driver;

pub async fn start_chromedriver() -> Driver {
    start_driver(Engine::Chromium).await
}

pub async fn start_driver(engine: Engine) -> Driver {
    if engine == Engine::WebKit {
        assert!(
            std::env::var_os("DISPLAY").is_some(),
            "MiniBrowser needs a display: run the browser tests with `cargo xtask test`, which starts Xvfb"
        );
    }
    let port = loopback().await.local_addr().expect("port").port();
    let binary = engine.driver_binary();
    let process = Command::new(&binary)
        .arg(format!("--port={port}"))
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap_or_else(|error| {
            panic!(
                "{} starts (cargo xtask installs it): {error}",
                binary.display()
            )
        });
    let driver = Driver {
        process,
        url: format!("http://127.0.0.1:{port}"),
        engine,
    };
    let deadline = Instant::now() + Duration::from_secs(20);
    while tokio::net::TcpStream::connect(("127.0.0.1", port))
        .await
        .is_err()
    {
        assert!(
            Instant::now() < deadline,
            "{} did not start listening",
            binary.display()
        );
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    driver
}

/// A browser session with an empty profile of its own; quit it, then remove the profile.
pub struct Session {
    pub driver: WebDriver,
    profile: Option<PathBuf>,
}

impl Session {
    pub async fn start(driver: &Driver) -> Self {
        // The WebDriver client's reqwest needs a crypto provider; a test that starts no proxy
        // in this process (which installs one) must install it here. A second install fails
        // harmlessly.
        let _ = rustls::crypto::ring::default_provider().install_default();
        let mut caps = driver.engine.capabilities();
        // Chromium keeps its profile where it is told; geckodriver makes (and removes) one
        // in TMPDIR, and MiniBrowser's automation sessions keep nothing.
        let profile = (driver.engine == Engine::Chromium).then(|| {
            let profile = tempfile_dir("leadform-chromium-profile-");
            let args = caps
                .get_mut("goog:chromeOptions")
                .and_then(|options| options.get_mut("args"))
                .and_then(|args| args.as_array_mut())
                .expect("tests/webdriver/chromium.json lists Chromium's args");
            args.push(format!("--user-data-dir={}", profile.display()).into());
            profile
        });
        let session = WebDriver::new(&driver.url, caps)
            .await
            .unwrap_or_else(|error| panic!("a {:?} session: {error}", driver.engine));
        Self {
            driver: session,
            profile,
        }
    }

    pub async fn quit(self) {
        let _ = self.driver.quit().await;
        if let Some(profile) = self.profile {
            let _ = std::fs::remove_dir_all(&profile);
        }
    }
}

fn tempfile_dir(prefix: &str) -> PathBuf {
    tempfile::Builder::new()
        .prefix(prefix)
        .tempdir()
        .expect("a profile directory")
        .keep()
}
