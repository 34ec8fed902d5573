//! A throwaway PostgreSQL server for the tests and the benchmark: Debian's server binaries,
//! a fresh cluster under target/, on a free loopback port, run by an unprivileged user
//! (PostgreSQL refuses to run as root, and CI runs as root). Stopped when dropped.

use std::path::{Path, PathBuf};
use std::process::Command;

use crate::run::{Failure, command, output};
use crate::toolchain::apt_install;

/// Who runs the server when we are root.
const UNPRIVILEGED_USER: &str = "nobody";

/// A running throwaway cluster.
pub struct TestCluster {
    bin: PathBuf,
    data: PathBuf,
    run_as: Option<&'static str>,
    port: u16,
}

impl TestCluster {
    /// Initialises and starts a new cluster, replacing any left by an earlier run.
    pub fn start(root: &Path) -> Result<Self, Failure> {
        let bin = server_binaries().ok_or_else(|| {
            Failure("PostgreSQL's server binaries are missing: run `cargo xtask setup`".into())
        })?;
        let as_root = output("id", &["-u"]).as_deref() == Some("0");
        let run_as = as_root.then_some(UNPRIVILEGED_USER);
        let data = cluster_dir(root, run_as)?;
        let mut cluster = Self {
            bin,
            data,
            run_as,
            port: free_port()?,
        };
        cluster.stop_leftover();
        let _ = std::fs::remove_dir_all(&cluster.data);
        std::fs::create_dir_all(&cluster.data).map_err(|error| {
            Failure(format!("cannot create {}: {error}", cluster.data.display()))
        })?;
        if let Some(user) = run_as {
            let mut chown = Command::new("chown");
            chown.arg(format!("{user}:")).arg(&cluster.data);
            command(chown)?;
        }
        let data = cluster.data.display().to_string();
        cluster.pg(
            "initdb",
            &[
                "-D",
                &data,
                "-U",
                "postgres",
                "--auth=trust",
                "-E",
                "UTF8",
                "--no-sync",
                "--no-instructions",
            ],
        )?;
        let options = format!(
            "-p {} -c listen_addresses=127.0.0.1 -c unix_socket_directories='' -c max_connections=200",
            cluster.port
        );
        let log = format!("{data}/server.log");
        cluster.pg(
            "pg_ctl",
            &["-D", &data, "-o", &options, "-l", &log, "-w", "start"],
        )?;
        cluster.port = read_port(&cluster.data).unwrap_or(cluster.port);
        println!(
            "    PostgreSQL test server on 127.0.0.1:{} ({data})",
            cluster.port
        );
        Ok(cluster)
    }

    /// The administrative database's URL; tests create databases of their own beside it.
    pub fn url(&self) -> String {
        format!("postgres://postgres@127.0.0.1:{}/postgres", self.port)
    }

    fn pg(&self, tool: &str, args: &[&str]) -> Result<(), Failure> {
        let program = self.bin.join(tool);
        let mut pg = match self.run_as {
            Some(user) => {
                let mut runuser = Command::new("runuser");
                runuser.args(["-u", user, "--"]).arg(&program);
                runuser
            }
            None => Command::new(&program),
        };
        pg.args(args).stdout(std::process::Stdio::null());
        command(pg)
    }

    /// A server an interrupted run left behind holds the directory: stop it first.
    fn stop_leftover(&self) {
        if self.data.join("postmaster.pid").exists() {
            let data = self.data.display().to_string();
            let _ = self.pg("pg_ctl", &["-D", &data, "-m", "immediate", "-w", "stop"]);
        }
    }
}

impl Drop for TestCluster {
    fn drop(&mut self) {
        let data = self.data.display().to_string();
        if self
            .pg("pg_ctl", &["-D", &data, "-m", "fast", "-w", "stop"])
            .is_err()
        {
            eprintln!("    could not stop the PostgreSQL test server in {data}");
        }
    }
}

/// Installs Debian's PostgreSQL server if no server binaries are there, without the
/// cluster the package would create and start on its own.
pub fn ensure_installed() -> Result<(), Failure> {
    if server_binaries().is_some() {
        return Ok(());
    }
    println!("    installing Debian's postgresql (apt-get) for the outbox tests");
    let no_main_cluster = Path::new("/etc/postgresql-common/createcluster.d");
    if std::fs::create_dir_all(no_main_cluster).is_ok() {
        let _ = std::fs::write(
            no_main_cluster.join("leadform-no-main-cluster.conf"),
            "# leadform's tests run their own throwaway cluster\ncreate_main_cluster = false\n",
        );
    }
    apt_install(&["postgresql"])?;
    server_binaries()
        .map(|_| ())
        .ok_or_else(|| Failure("postgresql installed, but no server binaries found".into()))
}

/// The newest `/usr/lib/postgresql/<version>/bin` with initdb and pg_ctl.
fn server_binaries() -> Option<PathBuf> {
    let mut versions: Vec<(u32, PathBuf)> = std::fs::read_dir("/usr/lib/postgresql")
        .ok()?
        .filter_map(|entry| {
            let entry = entry.ok()?;
            let version = entry.file_name().to_str()?.parse::<u32>().ok()?;
            let bin = entry.path().join("bin");
            (bin.join("initdb").exists() && bin.join("pg_ctl").exists()).then_some((version, bin))
        })
        .collect();
    versions.sort();
    versions.pop().map(|(_, bin)| bin)
}

/// target/postgres-test, unless the unprivileged user cannot reach it there (a checkout in
/// a private directory): then a directory under the system's temporary directory.
fn cluster_dir(root: &Path, run_as: Option<&str>) -> Result<PathBuf, Failure> {
    let target = root.join("target");
    std::fs::create_dir_all(&target)
        .map_err(|error| Failure(format!("cannot create {}: {error}", target.display())))?;
    let preferred = target.join("postgres-test");
    let Some(user) = run_as else {
        return Ok(preferred);
    };
    let reachable = Command::new("runuser")
        .args(["-u", user, "--", "test", "-x"])
        .arg(&target)
        .status()
        .is_ok_and(|status| status.success());
    Ok(if reachable {
        preferred
    } else {
        std::env::temp_dir().join("leadform-postgres-test")
    })
}

fn free_port() -> Result<u16, Failure> {
    std::net::TcpListener::bind("127.0.0.1:0")
        .and_then(|listener| listener.local_addr())
        .map(|address| address.port())
        .map_err(|error| Failure(format!("no free port: {error}")))
}

/// The port the server wrote into postmaster.pid (its fourth line).
fn read_port(data: &Path) -> Option<u16> {
    std::fs::read_to_string(data.join("postmaster.pid"))
        .ok()?
        .lines()
        .nth(3)?
        .trim()
        .parse()
        .ok()
}
