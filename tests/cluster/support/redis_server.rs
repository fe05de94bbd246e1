//! A real `redis-server` for one test: its own free loopback port (never
//! 6379), its own temporary directory, and the settings the contract asks
//! operators for (`appendonly yes`, `appendfsync always`, no RDB snapshots).
//! It can be killed with SIGKILL and started again on the same directory and
//! port; dropping it kills it by PID.
//!
//! The tests' directories are in memory (`/dev/shm`) where there is one.
//! A SIGKILL of Redis tests that it wrote before it answered, which memory
//! shows as well as a disk (surviving a power cut is the fsync's job, which
//! no test here can cut); and on a machine whose disk is shared, an fsync
//! can stall for longer than the tests' short leases. The measurements use
//! the real disk ([`RedisServer::start_on_disk`]).

use std::io::{Read, Write};
use std::net::{TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use tempfile::TempDir;

/// How long Redis may take to answer its first PING.
const STARTUP: Duration = Duration::from_secs(10);

const INSTALL_HINT: &str = "the cluster tests need redis-server (Redis 7 or later) on the PATH: \
     apt-get install -y --no-install-recommends redis-server \
     (or set HEARTH_REDIS_SERVER to its path)";

pub struct RedisServer {
    child: Option<Child>,
    port: u16,
    dir: TempDir,
}

impl RedisServer {
    /// Starts a fresh, empty Redis in memory (or, without `/dev/shm`, in
    /// the temporary directory) and waits until it answers.
    pub async fn start() -> RedisServer {
        let in_memory = Path::new("/dev/shm");
        RedisServer::start_in(in_memory.is_dir().then_some(in_memory)).await
    }

    /// Starts a fresh, empty Redis in the temporary directory (`TMPDIR`).
    pub async fn start_on_disk() -> RedisServer {
        RedisServer::start_in(None).await
    }

    async fn start_in(parent: Option<&Path>) -> RedisServer {
        // Another process may take the port between our probe and Redis's
        // bind; a few tries on new ports make that harmless.
        let mut log = String::new();
        for _ in 0..5 {
            let dir = match parent {
                Some(parent) => TempDir::new_in(parent),
                None => TempDir::new(),
            }
            .expect("a temporary directory");
            let port = free_port();
            let mut server = RedisServer {
                child: Some(spawn(dir.path(), port)),
                port,
                dir,
            };
            if server.wait_until_ready().await {
                return server;
            }
            log = std::fs::read_to_string(server.log()).unwrap_or_default();
        }
        panic!("redis-server did not start; its log:\n{log}");
    }

    pub fn url(&self) -> String {
        format!("redis://127.0.0.1:{}/", self.port)
    }

    /// SIGKILL: no shutdown, no last write; what is not in the AOF is gone.
    pub fn kill(&mut self) {
        if let Some(mut child) = self.child.take() {
            child.kill().expect("the kill is delivered");
            child.wait().expect("redis-server is reaped");
        }
    }

    /// Starts Redis again on the same directory and port (after [`kill`]),
    /// and waits until it answers: it has loaded its AOF by then. The wait
    /// lets the test's other tasks run, as a real restart would: the
    /// clients notice the old connection is gone meanwhile.
    pub async fn restart(&mut self) {
        self.kill();
        self.child = Some(spawn(self.dir.path(), self.port));
        assert!(
            self.wait_until_ready().await,
            "redis-server did not restart on port {}; see {}",
            self.port,
            self.log().display()
        );
    }

    /// Where Redis keeps its AOF (and its log).
    pub fn dir(&self) -> &Path {
        self.dir.path()
    }

    fn log(&self) -> PathBuf {
        self.dir.path().join("redis.log")
    }

    /// The PING barrier: true once Redis answers PONG (it answers LOADING
    /// errors while it reads its AOF), false if it exited or never did.
    async fn wait_until_ready(&mut self) -> bool {
        let deadline = Instant::now() + STARTUP;
        while Instant::now() < deadline {
            let child = self.child.as_mut().expect("started");
            if child
                .try_wait()
                .expect("redis-server can be waited for")
                .is_some()
            {
                return false;
            }
            if ping(self.port) {
                return true;
            }
            tokio::time::sleep(Duration::from_millis(10)).await;
        }
        false
    }
}

impl Drop for RedisServer {
    fn drop(&mut self) {
        self.kill();
    }
}

fn redis_server() -> String {
    std::env::var("HEARTH_REDIS_SERVER").unwrap_or_else(|_| "redis-server".to_owned())
}

fn spawn(dir: &Path, port: u16) -> Child {
    let spawned = Command::new(redis_server())
        .args(["--bind", "127.0.0.1", "--port", &port.to_string()])
        .arg("--dir")
        .arg(dir)
        .args([
            "--appendonly",
            "yes",
            "--appendfsync",
            "always",
            "--save",
            "",
        ])
        .args(["--daemonize", "no", "--logfile"])
        .arg(dir.join("redis.log"))
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn();
    match spawned {
        Ok(child) => child,
        Err(error) if error.kind() == std::io::ErrorKind::NotFound => panic!("{INSTALL_HINT}"),
        Err(error) => panic!("redis-server could not be started ({error}); {INSTALL_HINT}"),
    }
}

fn free_port() -> u16 {
    let listener = TcpListener::bind("127.0.0.1:0").expect("a free port");
    listener.local_addr().expect("its address").port()
}

fn ping(port: u16) -> bool {
    let Ok(mut stream) = TcpStream::connect(("127.0.0.1", port)) else {
        return false;
    };
    let timeout = Some(Duration::from_secs(1));
    if stream.set_read_timeout(timeout).is_err() || stream.write_all(b"PING\r\n").is_err() {
        return false;
    }
    let mut answer = [0u8; 7];
    stream.read_exact(&mut answer).is_ok() && &answer == b"+PONG\r\n"
}
