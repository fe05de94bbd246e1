//! Hearth instances as real processes (the binary Cargo built), serving one
//! world through the test's Redis; and what the tests ask them.
//!
//! Each instance logs to a file of the cluster's directory, which a failing
//! test prints: a cluster's failures are easier read from its logs.

use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::Duration;

use serde_json::Value;
use tempfile::TempDir;

use super::process::{HearthProcess, hearth};
use super::{PATIENCE, RedisServer, TEST_WORLD};

/// How often a test looks again at an instance's `/healthz`.
const POLL: Duration = Duration::from_millis(50);

/// A Redis, a world file, and the instances started on them.
pub struct Cluster {
    pub redis: RedisServer,
    dir: TempDir,
    pub world: PathBuf,
    started: usize,
}

/// One running instance.
pub struct Instance {
    pub process: HearthProcess,
    pub log: PathBuf,
}

impl Cluster {
    pub async fn start() -> Cluster {
        let redis = RedisServer::start().await;
        let dir = TempDir::new().expect("a temporary directory");
        let world = dir.path().join("world.toml");
        std::fs::write(&world, TEST_WORLD).expect("the world file is written");
        Cluster {
            redis,
            dir,
            world,
            started: 0,
        }
    }

    /// The command that starts the next instance (its own data directory
    /// and log) on `world`, for a test that runs it itself.
    pub fn command(&mut self, world: &Path) -> (Command, PathBuf) {
        self.started += 1;
        let name = format!("instance-{}", self.started);
        let log = self.dir.path().join(format!("{name}.log"));
        let mut command = hearth();
        command
            .args(["--bind", "127.0.0.1", "--port", "0", "--log", "info"])
            .args(["--telnet-port", "0"])
            .arg("--data-dir")
            .arg(self.dir.path().join(&name))
            .arg("--world")
            .arg(world)
            .arg("--redis")
            .arg(self.redis.url())
            .args(["--cluster-name", "test"])
            .stderr(Stdio::from(
                std::fs::File::create(&log).expect("the log file is created"),
            ));
        (command, log)
    }

    /// A file of the cluster's directory.
    pub fn file(&self, name: &str) -> PathBuf {
        self.dir.path().join(name)
    }

    /// Starts another instance and waits until it serves.
    pub fn instance(&mut self) -> Instance {
        self.instance_with(&[])
    }

    /// Starts another instance with these options too, and waits until it
    /// serves.
    pub fn instance_with(&mut self, options: &[&str]) -> Instance {
        let world = self.world.clone();
        let (mut command, log) = self.command(&world);
        command.args(options);
        Instance {
            process: HearthProcess::spawn(command),
            log,
        }
    }

    /// Which of `instances` runs the game, once exactly one says it does
    /// (an instance that does not answer, stopped or dead, says nothing).
    pub async fn leader(&self, instances: &[&Instance]) -> usize {
        let found = tokio::time::timeout(PATIENCE * 2, async {
            loop {
                let mut leaders = Vec::new();
                for (index, instance) in instances.iter().enumerate() {
                    if instance.runs_the_game().await == Some(true) {
                        leaders.push(index);
                    }
                }
                if let [leader] = leaders[..] {
                    return leader;
                }
                tokio::time::sleep(POLL).await;
            }
        })
        .await;
        found.unwrap_or_else(|_| {
            for instance in instances {
                instance.print_log();
            }
            panic!("no single instance took the lease")
        })
    }
}

impl Instance {
    pub fn url(&self) -> String {
        self.process.url()
    }

    /// Where its telnet clients connect, as its banner says.
    pub fn telnet(&self) -> SocketAddr {
        self.process
            .banner
            .iter()
            .find_map(|line| line.trim().strip_prefix("telnet://"))
            .and_then(|address| address.parse().ok())
            .expect("the banner gives the telnet address")
    }

    /// `/healthz`, whatever its status; `None` if the instance does not
    /// answer within a second.
    pub async fn health(&self) -> Option<Value> {
        let client = reqwest::Client::builder()
            .timeout(Duration::from_secs(1))
            .build()
            .expect("a client");
        let response = client
            .get(format!("{}healthz", self.url()))
            .send()
            .await
            .ok()?;
        response.json().await.ok()
    }

    /// Whether this instance says it runs the game (`None`: no answer).
    pub async fn runs_the_game(&self) -> Option<bool> {
        let health = self.health().await?;
        health["cluster"]["leader"].as_bool()
    }

    /// Prints what the instance logged, for a failing test.
    pub fn print_log(&self) {
        let log = std::fs::read_to_string(&self.log).unwrap_or_default();
        eprintln!("--- {} ---\n{log}", self.log.display());
    }

    /// Waits until `player`'s `who` shows `name` as link-dead: the instance
    /// `name` played on was declared dead, and the character waits out its
    /// grace for the player to come back through another instance. `self`
    /// is the instance whose log a failure prints.
    pub async fn until_link_dead(&self, player: &mut super::Player, name: &str) {
        let marked = format!("{name} (link-dead)");
        let seen = tokio::time::timeout(super::PATIENCE * 2, async {
            while !player.command("who").await.contains(&marked) {
                tokio::time::sleep(std::time::Duration::from_millis(100)).await;
            }
        })
        .await;
        if seen.is_err() {
            self.print_log();
            panic!("{name}, whose instance died, is still shown as playing");
        }
    }

    /// SIGKILL: no hand-over, no goodbye.
    pub fn kill(self) {
        self.process.kill();
    }
}
