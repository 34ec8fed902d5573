//! `cargo xtask dist`: the proxy as one file to deploy. The release binary carries the widget
//! bundle `build_widget` just made (`LEADFORM_EMBED_BUNDLE`, read by the proxy's `build.rs`),
//! and the tarball holds it beside an example forms file and a systemd unit:
//! `target/dist/leadform-proxy-<version>-<target>.tar.gz`.

use std::path::{Path, PathBuf};
use std::process::Command;

use crate::run::{self, Failure, cargo};

/// What goes beside the binary, from `crates/leadform-proxy/deploy/`.
const BESIDE: [&str; 2] = ["forms.example.toml", "leadform-proxy.service"];

/// The cargo profile the shipped binary is built with (see the workspace's Cargo.toml).
const PROFILE: &str = "proxy-dist";

/// Builds the tarball from the bundle in `root/dist`; returns its path.
pub fn dist(root: &Path) -> Result<PathBuf, Failure> {
    run::step("building the proxy (release, without symbols) with the widget bundle inside it");
    let bundle = root.join("dist");
    cargo(
        root,
        &[
            "build",
            "--profile",
            PROFILE,
            "-p",
            "leadform-proxy",
            "--bin",
            "leadform-proxy",
        ],
        &[],
        &[("LEADFORM_EMBED_BUNDLE", bundle.as_os_str())],
    )?;
    let target = run::output("rustc", &["-vV"])
        .and_then(|info| {
            info.lines()
                .find_map(|line| line.strip_prefix("host: ").map(str::to_owned))
        })
        .ok_or_else(|| Failure("cannot learn the host target from `rustc -vV`".into()))?;
    let name = tarball_name(env!("CARGO_PKG_VERSION"), &target);
    let out = root.join("target/dist");
    let staging = out.join(&name);
    let io = |what: &str, error: std::io::Error| Failure(format!("{what}: {error}"));
    if staging.exists() {
        std::fs::remove_dir_all(&staging)
            .map_err(|error| io("clearing the staging folder", error))?;
    }
    std::fs::create_dir_all(&staging).map_err(|error| io("making target/dist", error))?;
    let binary = staging.join("leadform-proxy");
    std::fs::copy(
        root.join("target").join(PROFILE).join("leadform-proxy"),
        &binary,
    )
    .map_err(|error| io("copying the binary", error))?;
    let deploy = root.join("crates/leadform-proxy/deploy");
    for file in BESIDE {
        std::fs::copy(deploy.join(file), staging.join(file))
            .map_err(|error| io(&format!("copying {file}"), error))?;
    }
    let tarball = out.join(format!("{name}.tar.gz"));
    let mut tar = Command::new("tar");
    tar.current_dir(&out)
        .args(["--owner=0", "--group=0", "-czf"])
        .arg(&tarball)
        .arg(&name);
    run::command(tar)?;
    let size = |path: &Path| std::fs::metadata(path).map(|meta| meta.len()).unwrap_or(0);
    println!(
        "    {}: the binary {:.1} MB (widget bundle inside), the tarball {:.1} MB",
        tarball.display(),
        size(&binary) as f64 / 1e6,
        size(&tarball) as f64 / 1e6
    );
    Ok(tarball)
}

/// `leadform-proxy-0.1.0-x86_64-unknown-linux-gnu`.
fn tarball_name(version: &str, target: &str) -> String {
    format!("leadform-proxy-{version}-{target}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_tarball_is_named_for_its_version_and_target() {
        assert_eq!(
            tarball_name("0.1.0", "x86_64-unknown-linux-gnu"),
            "leadform-proxy-0.1.0-x86_64-unknown-linux-gnu"
        );
    }

    #[test]
    fn what_goes_beside_the_binary_is_in_the_repository() {
        let deploy = Path::new(env!("CARGO_MANIFEST_DIR")).join("../crates/leadform-proxy/deploy");
        for file in BESIDE {
            assert!(deploy.join(file).is_file(), "{file}");
        }
    }
}
