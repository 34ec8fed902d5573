//! Headless Chromium through chromedriver, shared by the end-to-end tests and the widget
//! benchmark (which includes this file by path). Each session gets a fresh profile.

use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use thirtyfour::ChromiumLikeCapabilities;
use thirtyfour::prelude::*;
use tokio::net::TcpListener;

/// A free loopback port, bound.
pub async fn loopback() -> TcpListener {
    TcpListener::bind("127.0.0.1:0")
        .await
        .expect("a free loopback port")
}

/// A chromedriver on a free port, killed when dropped.
pub struct ChromeDriver {
    process: Child,
    pub url: String,
}

impl Drop for ChromeDriver {
    fn drop(&mut self) {
        let _ = self.process.kill();
        let _ = self.process.wait();
    }
}

pub async fn start_chromedriver() -> ChromeDriver {
    let port = loopback().await.local_addr().expect("port").port();
    let process = Command::new("/usr/bin/chromedriver")
        .arg(format!("--port={port}"))
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("chromedriver starts (cargo xtask installs it)");
    let driver = ChromeDriver {
        process,
        url: format!("http://127.0.0.1:{port}"),
    };
    let deadline = Instant::now() + Duration::from_secs(20);
    while tokio::net::TcpStream::connect(("127.0.0.1", port))
        .await
        .is_err()
    {
        assert!(
            Instant::now() < deadline,
            "chromedriver did not start listening"
        );
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    driver
}

/// A Chromium session with an empty profile of its own; quit it, then remove the profile.
pub struct Session {
    pub driver: WebDriver,
    profile: PathBuf,
}

impl Session {
    pub async fn start(chromedriver: &ChromeDriver) -> Self {
        let profile = tempfile_dir("leadform-chromium-profile-");
        let mut caps = DesiredCapabilities::chrome();
        caps.set_binary("/usr/bin/chromium").expect("binary");
        for arg in [
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-dev-shm-usage",
            "--disable-quic",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
        ] {
            caps.add_arg(arg).expect("arg");
        }
        caps.add_arg(&format!("--user-data-dir={}", profile.display()))
            .expect("arg");
        let driver = WebDriver::new(&chromedriver.url, caps)
            .await
            .expect("a Chromium session");
        Self { driver, profile }
    }

    pub async fn quit(self) {
        let _ = self.driver.quit().await;
        let _ = std::fs::remove_dir_all(&self.profile);
    }
}

fn tempfile_dir(prefix: &str) -> PathBuf {
    tempfile::Builder::new()
        .prefix(prefix)
        .tempdir()
        .expect("a profile directory")
        .keep()
}
