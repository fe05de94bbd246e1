//! Hearth as a separate process: for what only a real process can show
//! (being killed with SIGKILL, exit codes, two servers on one data directory).

use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Output, Stdio};
use std::time::{Duration, Instant};

use super::PATIENCE;

pub struct HearthProcess {
    child: Child,
    pub port: u16,
    /// What the server printed when it was up, to "Saving to ...".
    pub banner: Vec<String>,
}

/// The `hearth` binary Cargo built for these tests.
pub fn hearth() -> Command {
    let mut command = Command::new(env!("CARGO_BIN_EXE_hearth"));
    command
        .env_remove("RUST_LOG")
        .env("HEARTH_SNAPSHOT_EVERY", "off");
    command
}

/// Runs `hearth` with `args` to completion; one that is still running after
/// [`PATIENCE`] (a server that started when it should not have) is killed
/// and fails the test.
pub fn run(args: &[&str]) -> Output {
    let mut command = hearth();
    command.args(args);
    run_to_completion(command)
}

/// Runs `command` (made with [`hearth`]) like [`run`].
pub fn run_to_completion(mut command: Command) -> Output {
    let child = command
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("hearth runs");
    let pid = child.id();
    let (done, finished) = std::sync::mpsc::channel();
    std::thread::spawn(move || done.send(child.wait_with_output()));
    match finished.recv_timeout(PATIENCE) {
        Ok(output) => output.expect("hearth's output is read"),
        Err(_) => {
            let _ = Command::new("kill")
                .args(["-KILL", &pid.to_string()])
                .status();
            panic!("{command:?} was still running after {PATIENCE:?}");
        }
    }
}

impl HearthProcess {
    /// Starts a server on 127.0.0.1 and waits until it prints its address.
    pub fn start(data_dir: &Path, world: &Path, port: u16) -> HearthProcess {
        let mut command = hearth();
        command
            .args([
                "--bind",
                "127.0.0.1",
                "--port",
                &port.to_string(),
                "--log",
                "warn",
            ])
            .arg("--data-dir")
            .arg(data_dir)
            .arg("--world")
            .arg(world)
            .stderr(Stdio::null());
        HearthProcess::spawn(command)
    }

    /// Starts `command` (a server that listens on 127.0.0.1) and waits for
    /// its banner.
    pub fn spawn(mut command: Command) -> HearthProcess {
        let mut child = command
            .stdout(Stdio::piped())
            .spawn()
            .expect("hearth starts");
        let stdout = child.stdout.take().expect("stdout is piped");
        let (port, banner) =
            read_banner(BufReader::new(stdout)).expect("the server prints its address");
        HearthProcess {
            child,
            port,
            banner,
        }
    }

    /// The process id, for `hearth snapshot` to find.
    pub fn pid(&self) -> u32 {
        self.child.id()
    }

    /// The address the server listens on.
    pub fn address(&self) -> std::net::SocketAddr {
        std::net::SocketAddr::from(([127, 0, 0, 1], self.port))
    }

    /// The address players open.
    pub fn url(&self) -> String {
        format!("http://127.0.0.1:{}/", self.port)
    }

    /// Kills the server without warning (SIGKILL): no shutdown, no flush.
    pub fn kill(mut self) {
        self.child.kill().expect("the kill is delivered");
        self.child.wait().expect("the process is reaped");
    }

    /// Sends a signal by name (`USR1`, `TERM`...).
    pub fn signal(&self, name: &str) {
        let sent = Command::new("kill")
            .arg(format!("-{name}"))
            .arg(self.child.id().to_string())
            .status();
        assert!(sent.expect("kill runs").success());
    }

    /// Asks the server to stop (SIGTERM) and returns how long it took to exit
    /// and whether it exited successfully.
    pub fn terminate(self) -> (Duration, bool) {
        let started = Instant::now();
        self.signal("TERM");
        self.wait_for_exit(started)
    }

    /// Waits for the server to exit (after a signal sent at `started`) and
    /// returns how long it took from then and whether it exited successfully.
    pub fn wait_for_exit(mut self, started: Instant) -> (Duration, bool) {
        let deadline = started + PATIENCE;
        loop {
            if let Some(status) = self
                .child
                .try_wait()
                .expect("the process can be waited for")
            {
                return (started.elapsed(), status.success());
            }
            assert!(
                Instant::now() < deadline,
                "the server did not exit after SIGTERM"
            );
            std::thread::sleep(Duration::from_millis(20));
        }
    }
}

impl Drop for HearthProcess {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// Reads the banner to its last line, "Saving to ...", taking the port from
/// `  http://127.0.0.1:PORT/`, then keeps the pipe drained.
fn read_banner(mut stdout: BufReader<std::process::ChildStdout>) -> Option<(u16, Vec<String>)> {
    let mut banner = Vec::new();
    let mut port = None;
    loop {
        let mut line = String::new();
        if stdout.read_line(&mut line).ok()? == 0 {
            return None;
        }
        let line = line.trim_end().to_owned();
        if let Some(rest) = line.trim().strip_prefix("http://127.0.0.1:") {
            port = Some(rest.trim_end_matches('/').parse().ok()?);
        }
        let last = line.starts_with("Saving to ");
        banner.push(line);
        if last {
            std::thread::spawn(move || std::io::copy(&mut stdout, &mut std::io::sink()));
            return Some((port?, banner));
        }
    }
}

/// Registers `name` on the server at `url` and logs in; returns the token.
pub async fn sign_up(url: &str, name: &str) -> String {
    let client = reqwest::Client::new();
    let credentials = serde_json::json!({ "username": name, "password": super::PASSWORD });
    let registered = client
        .post(format!("{url}api/register"))
        .json(&credentials)
        .send()
        .await
        .unwrap();
    assert_eq!(registered.status(), 201, "registering {name}");
    let response = client
        .post(format!("{url}api/login"))
        .json(&credentials)
        .send()
        .await
        .unwrap();
    let login: serde_json::Value = response.json().await.unwrap();
    login["token"].as_str().expect("a token").to_owned()
}

/// A fresh directory for one test: a data directory (not yet created) and
/// the test world's file.
pub struct Scratch {
    _temp: tempfile::TempDir,
    pub data_dir: PathBuf,
    pub world: PathBuf,
}

impl Scratch {
    pub fn new() -> Scratch {
        let temp = tempfile::TempDir::new().expect("a temporary directory");
        let data_dir = temp.path().join("data");
        let world = temp.path().join("world.toml");
        std::fs::write(&world, super::TEST_WORLD).expect("the world file is written");
        Scratch {
            _temp: temp,
            data_dir,
            world,
        }
    }

    /// Another file in the scratch directory.
    pub fn file(&self, name: &str) -> PathBuf {
        self._temp.path().join(name)
    }
}
