//! Running commands, loudly.

use std::ffi::OsStr;
use std::fmt;
use std::path::Path;
use std::process::Command;

/// Why a task stopped.
#[derive(Debug)]
pub struct Failure(pub String);

impl fmt::Display for Failure {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// Announces a step.
pub fn step(what: &str) {
    println!("\n==> {what}");
}

/// Runs a command to completion with inherited output; a non-zero exit is a failure.
pub fn command(mut command: Command) -> Result<(), Failure> {
    let shown = format!("{command:?}");
    let status = command
        .status()
        .map_err(|error| Failure(format!("cannot start {shown}: {error}")))?;
    if status.success() {
        Ok(())
    } else {
        Err(Failure(format!("{shown} failed ({status})")))
    }
}

/// Runs `cargo` in the project root.
pub fn cargo(
    root: &Path,
    args: &[&str],
    more: &[&OsStr],
    env: &[(&str, &OsStr)],
) -> Result<(), Failure> {
    let mut cargo = Command::new(std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into()));
    cargo.current_dir(root).args(args).args(more);
    for (name, value) in env {
        cargo.env(name, value);
    }
    command(cargo)
}

/// A command's trimmed standard output, if it ran and succeeded.
pub fn output(program: impl AsRef<OsStr>, args: &[&str]) -> Option<String> {
    let output = Command::new(program).args(args).output().ok()?;
    output
        .status
        .success()
        .then(|| String::from_utf8_lossy(&output.stdout).trim().to_owned())
}
