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
    succeeded(&shown, status)
}

fn succeeded(shown: &str, status: std::process::ExitStatus) -> Result<(), Failure> {
    if status.success() {
        Ok(())
    } else {
        Err(Failure(format!("{shown} failed ({status})")))
    }
}

/// `cargo` in the project root, with extra environment variables.
fn cargo_command(root: &Path, args: &[&str], env: &[(&str, &OsStr)]) -> Command {
    let mut cargo = Command::new(std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into()));
    cargo.current_dir(root).args(args);
    for (name, value) in env {
        cargo.env(name, value);
    }
    cargo
}

/// Runs `cargo` in the project root.
pub fn cargo(
    root: &Path,
    args: &[&str],
    more: &[&OsStr],
    env: &[(&str, &OsStr)],
) -> Result<(), Failure> {
    let mut cargo = cargo_command(root, args, env);
    cargo.args(more);
    command(cargo)
}

/// Test counts summed over every `cargo test` of a task.
#[derive(Default, Clone, Copy)]
pub struct Tally {
    pub passed: u64,
    pub failed: u64,
}

impl Tally {
    /// Adds the counts of node's TAP summary (`# pass 12`, `# fail 0`).
    fn add_tap_line(&mut self, line: &str) {
        let count = |label: &str| line.strip_prefix(label)?.trim().parse::<u64>().ok();
        self.passed += count("# pass ").unwrap_or(0);
        self.failed += count("# fail ").unwrap_or(0);
    }

    /// Adds the counts of a libtest summary line (`test result: ok. 12 passed; 0 failed; …`).
    fn add_line(&mut self, line: &str) {
        let Some(counts) = line.trim().strip_prefix("test result: ") else {
            return;
        };
        let count = |label: &str| {
            counts.split(';').find_map(|part| {
                part.trim()
                    .trim_start_matches(|c: char| !c.is_ascii_digit())
                    .strip_suffix(label)?
                    .trim()
                    .parse::<u64>()
                    .ok()
            })
        };
        self.passed += count(" passed").unwrap_or(0);
        self.failed += count(" failed").unwrap_or(0);
    }
}

/// Runs `cargo test …`, echoing its output and adding its results to `tally`.
pub fn cargo_test(
    root: &Path,
    args: &[&str],
    env: &[(&str, &OsStr)],
    tally: &mut Tally,
) -> Result<(), Failure> {
    let cargo = cargo_command(root, &[&["test"], args].concat(), env);
    counting(cargo, |line| tally.add_line(line))
}

/// Runs `node --test` in `dir` (its `test/` folder), echoing its TAP output and adding its
/// results to `tally`.
pub fn node_test(dir: &Path, path_env: &OsStr, tally: &mut Tally) -> Result<(), Failure> {
    let mut node = Command::new("node");
    node.current_dir(dir)
        .args(["--test", "--test-reporter=tap", "test/"])
        .env("PATH", path_env);
    counting(node, |line| tally.add_tap_line(line))
}

/// Runs a test command, echoing each line of its output and handing it to `count`.
fn counting(mut command: Command, mut count: impl FnMut(&str)) -> Result<(), Failure> {
    use std::io::BufRead;
    command.stdout(std::process::Stdio::piped());
    let shown = format!("{command:?}");
    let mut child = command
        .spawn()
        .map_err(|error| Failure(format!("cannot start {shown}: {error}")))?;
    if let Some(stdout) = child.stdout.take() {
        for line in std::io::BufReader::new(stdout)
            .lines()
            .map_while(Result::ok)
        {
            println!("{line}");
            count(&line);
        }
    }
    let status = child
        .wait()
        .map_err(|error| Failure(format!("{shown}: {error}")))?;
    succeeded(&shown, status)
}

/// A command's trimmed standard output, if it ran and succeeded.
pub fn output(program: impl AsRef<OsStr>, args: &[&str]) -> Option<String> {
    let output = Command::new(program).args(args).output().ok()?;
    output
        .status
        .success()
        .then(|| String::from_utf8_lossy(&output.stdout).trim().to_owned())
}

#[cfg(test)]
mod tests {
    use super::Tally;

    #[test]
    fn sums_libtest_and_wasm_bindgen_test_summaries() {
        let mut tally = Tally::default();
        tally.add_line("test result: ok. 12 passed; 0 failed; 0 ignored; 0 measured; 0 filtered out; finished in 0.34s");
        tally.add_line(
            "test result: FAILED. 5 passed; 2 failed; 0 ignored; 0 filtered out; finished in 0.39s",
        );
        tally.add_line("running 3 tests");
        assert_eq!((tally.passed, tally.failed), (17, 2));
    }

    #[test]
    fn sums_node_test_tap_summaries() {
        let mut tally = Tally::default();
        for line in [
            "# tests 17",
            "# pass 15",
            "# fail 2",
            "ok 1 - # pass 3 in a name",
        ] {
            tally.add_tap_line(line);
        }
        assert_eq!((tally.passed, tally.failed), (15, 2));
    }
}
