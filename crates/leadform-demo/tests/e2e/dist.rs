//! One file to deploy: the tarball `cargo xtask dist` builds, extracted into an empty
//! directory, serves a working form from the bundle inside its binary (no `dist/`, no
//! `--bundle-dir`), with `--sandbox` and its example forms file; its systemd unit verifies.

use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};

use crate::*;

in_every_engine!(the_dist_tarball_serves_a_working_form_from_an_empty_directory);

/// The tarball `cargo xtask test` built (`LEADFORM_DIST_TARBALL`), extracted into `into`;
/// returns the folder it holds.
fn extract(into: &Path) -> PathBuf {
    let tarball = built_by_xtask(
        "LEADFORM_DIST_TARBALL",
        "the tarball with `cargo xtask dist`",
    );
    let status = Command::new("tar")
        .arg("-xzf")
        .arg(&tarball)
        .arg("-C")
        .arg(into)
        .status()
        .expect("tar runs");
    assert!(status.success(), "the tarball extracts");
    let mut folders: Vec<PathBuf> = std::fs::read_dir(into)
        .expect("extracted")
        .flatten()
        .map(|entry| entry.path())
        .collect();
    assert_eq!(folders.len(), 1, "one folder in the tarball: {folders:?}");
    let folder = folders.remove(0);
    let mut names: Vec<String> = std::fs::read_dir(&folder)
        .expect("its folder")
        .flatten()
        .filter_map(|entry| entry.file_name().into_string().ok())
        .collect();
    names.sort();
    assert_eq!(
        names,
        [
            "forms.example.toml",
            "leadform-proxy",
            "leadform-proxy.service"
        ]
    );
    folder
}

/// The extracted binary serving from `cwd`, killed when dropped.
struct Served(Child);

impl Drop for Served {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

async fn the_dist_tarball_serves_a_working_form_from_an_empty_directory(engine: Engine) {
    let dir = tempfile::tempdir().expect("a directory");
    let folder = extract(dir.path());
    let binary = folder.join("leadform-proxy");
    let size = std::fs::metadata(&binary).expect("the binary").len();
    println!(
        "dist: the binary weighs {:.1} MB with the widget inside",
        size as f64 / 1e6
    );

    let partner = loopback().await;
    let partner_url = format!("http://{}", partner.local_addr().expect("partner address"));
    let example = std::fs::read_to_string(folder.join("forms.example.toml")).expect("example");
    let forms = example.replace(
        r#"allowed_origins = ["https://www.partner.example"]"#,
        &format!(r#"allowed_origins = ["{partner_url}"]"#),
    );
    assert_ne!(forms, example, "the example names the partner's origin");
    let empty = dir.path().join("empty");
    std::fs::create_dir(&empty).expect("an empty directory");
    let config = dir.path().join("forms.toml");
    std::fs::write(&config, forms).expect("the forms file");
    let (_served, port) = start_extracted(&binary, &empty, &config, &[]).await;
    let proxy_url = format!("http://127.0.0.1:{port}");
    serve_pages(
        partner,
        vec![(
            "/",
            format!(
                "<!doctype html><title>Partner</title><h1>Refer a client</h1>\
                 <script async src=\"{proxy_url}/embed.js?form=partner-referral\"></script>"
            ),
        )],
    );
    with_browser(engine, move |driver| async move {
        driver.goto(&partner_url).await.expect("partner page opens");
        let root = shadow_root(&driver, "form.lf-form").await;
        eventually("the form live", || async {
            is_live(&driver).await.then_some(())
        })
        .await;
        fill_lead(&driver, &root, "Globex", "ada@globex.example").await;
        driver.press(&element(&root, ".lf-submit").await).await;
        thanked(&root, "the thank-you from the extracted proxy").await;
    })
    .await;
    let listed = Command::new(&binary)
        .current_dir(&empty)
        .args(["outbox", "list"])
        .output()
        .expect("outbox list runs");
    let listed = String::from_utf8_lossy(&listed.stdout).into_owned();
    assert!(
        listed.contains("partner-referral")
            && listed.contains("delivered")
            && listed.contains("1 record(s)"),
        "one lead, delivered, in the data directory it made in the empty directory: {listed}"
    );
}

/// The extracted binary serving `forms` from `cwd` on a free port, with `extra` flags.
async fn start_extracted(
    binary: &Path,
    cwd: &Path,
    config: &Path,
    extra: &[&std::ffi::OsStr],
) -> (Served, u16) {
    let port = loopback().await.local_addr().expect("a port").port();
    let served = Served(
        Command::new(binary)
            .current_dir(cwd)
            .args([
                "serve",
                "--sandbox",
                "--listen",
                &format!("127.0.0.1:{port}"),
            ])
            .arg("--config")
            .arg(config)
            .args(extra)
            .env_remove("LEADFORM_BUNDLE_DIR")
            .env_remove("JOURNEYBEE_API_KEY")
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("the binary starts"),
    );
    eventually("the extracted proxy listening", || async {
        tokio::net::TcpStream::connect(("127.0.0.1", port))
            .await
            .ok()
            .map(|_| ())
    })
    .await;
    (served, port)
}

/// `GET /embed.js` from the proxy on `port`, as text.
async fn loader_from(port: u16) -> String {
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    let mut stream = tokio::net::TcpStream::connect(("127.0.0.1", port))
        .await
        .expect("connects");
    stream
        .write_all(b"GET /embed.js HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n")
        .await
        .expect("asks");
    let mut answer = Vec::new();
    stream.read_to_end(&mut answer).await.expect("reads");
    String::from_utf8_lossy(&answer).into_owned()
}

/// `--bundle-dir` still replaces the bundle the binary carries.
#[tokio::test]
async fn a_bundle_dir_overrides_the_bundle_in_the_binary() {
    let dir = tempfile::tempdir().expect("a directory");
    let folder = extract(dir.path());
    let binary = folder.join("leadform-proxy");
    let config = folder.join("forms.example.toml");
    let own = tempfile::tempdir().expect("a directory");
    let (served, port) = start_extracted(&binary, own.path(), &config, &[]).await;
    let carried = loader_from(port).await;
    drop(served);
    let built = bundle_dir();
    let wasm = std::fs::read_dir(&built)
        .expect("the built bundle")
        .flatten()
        .filter_map(|entry| entry.file_name().into_string().ok())
        .find(|name| name.ends_with("_bg.wasm"))
        .expect("a wasm file in the built bundle");
    assert!(
        carried.contains(&wasm),
        "the binary serves the bundle it was built with, {wasm}"
    );

    let other = dir.path().join("other-bundle");
    std::fs::create_dir(&other).expect("a bundle directory");
    for file in ["embed.min.js", "leadform.css"] {
        std::fs::copy(built.join(file), other.join(file)).expect("copied");
    }
    std::fs::write(
        other.join("leadform-override.js"),
        "export default function init() {}",
    )
    .expect("glue");
    std::fs::write(other.join("leadform-override_bg.wasm"), b"\0asm\x01\0\0\0").expect("wasm");
    let (_served, port) = start_extracted(
        &binary,
        own.path(),
        &config,
        &["--bundle-dir".as_ref(), other.as_os_str()],
    )
    .await;
    let given = loader_from(port).await;
    assert!(
        given.contains("leadform-override_bg.wasm") && !given.contains(&wasm),
        "--bundle-dir wins over the carried bundle"
    );
}

/// The unit as shipped, its binary pointed at the extracted one, passes
/// `systemd-analyze verify` without a warning (where systemd is installed).
#[test]
fn the_systemd_unit_verifies() {
    let Some(analyze) = ["/usr/bin/systemd-analyze", "/bin/systemd-analyze"]
        .into_iter()
        .map(Path::new)
        .find(|path| path.exists())
    else {
        println!("dist: systemd-analyze is not installed here; the unit is not verified");
        return;
    };
    let dir = tempfile::tempdir().expect("a directory");
    let folder = extract(dir.path());
    let unit = std::fs::read_to_string(folder.join("leadform-proxy.service")).expect("the unit");
    for setting in [
        "DynamicUser=yes",
        "StateDirectory=leadform",
        "ProtectSystem=strict",
        "NoNewPrivileges=yes",
        "LoadCredential=journeybee-api-key:",
    ] {
        assert!(unit.contains(setting), "the unit sets {setting}");
    }
    let placed = unit.replace(
        "/usr/local/bin/leadform-proxy",
        folder
            .join("leadform-proxy")
            .to_str()
            .expect("a UTF-8 path"),
    );
    let checked = dir.path().join("leadform-proxy.service");
    std::fs::write(&checked, placed).expect("written");
    let output = Command::new(analyze)
        .arg("verify")
        .arg(&checked)
        .output()
        .expect("systemd-analyze runs");
    let complaints = String::from_utf8_lossy(&output.stderr);
    assert!(
        output.status.success() && complaints.trim().is_empty(),
        "systemd-analyze verify: {complaints}"
    );
    let exposure = Command::new(analyze)
        .args(["security", "--offline=yes"])
        .arg(&checked)
        .output()
        .ok()
        .map(|output| String::from_utf8_lossy(&output.stdout).into_owned())
        .unwrap_or_default();
    if let Some(score) = exposure
        .lines()
        .find(|line| line.contains("Overall exposure level"))
    {
        println!("dist: {}", score.trim());
    }
}
