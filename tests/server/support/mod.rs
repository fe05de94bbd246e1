//! The test harness: a real Hearth server started in-process on 127.0.0.1
//! port 0 with its own temporary data directory, and clients that speak to it
//! the way players' browsers do: plain HTTP for accounts and a real
//! Socket.IO client for play.

mod player;
pub mod process;
pub mod raw_socket;
pub mod telnet;

use std::path::{Path, PathBuf};
use std::time::Duration;

use hearth::game::Rules;
use hearth::limits::Limits;
use hearth::server::{Config, Server};
use serde_json::{Value, json};
use tempfile::TempDir;

pub use player::{Opening, Player, Transport};

/// How long a test waits for something that should happen promptly.
pub const PATIENCE: Duration = Duration::from_secs(10);

pub const PASSWORD: &str = "correct horse battery";

/// A link-dead grace short enough for a test to wait out (the real one is
/// 30 s), for tests that need to see a dropped player leave.
pub const SHORT_GRACE: Duration = Duration::from_secs(1);

/// The small world the tests play (shared with the browser tests).
pub const TEST_WORLD: &str = include_str!("../../worlds/test-keep.toml");

pub struct TestServer {
    server: Option<Server>,
    pub data_dir: PathBuf,
    _temp: Option<TempDir>,
    /// The world file the server plays (empty for the built-in world).
    pub world_file: PathBuf,
    /// What `--world` the server was started with.
    world: Option<PathBuf>,
    rules: Rules,
    http: reqwest::Client,
}

impl TestServer {
    /// A server playing [`TEST_WORLD`] in a fresh data directory, by the
    /// default rules (a 30 s link-dead grace).
    pub async fn start() -> TestServer {
        TestServer::configured(|_| {}).await
    }

    /// A server whose dropped players leave the world after `grace`.
    pub async fn with_link_dead_grace(grace: Duration) -> TestServer {
        let rules = Rules {
            link_dead_grace: grace,
        };
        TestServer::playing_by(rules, |_| {}).await
    }

    /// A server like [`TestServer::start`]'s, with its configuration adjusted.
    pub async fn configured(adjust: impl FnOnce(&mut Config)) -> TestServer {
        TestServer::playing_by(Rules::default(), adjust).await
    }

    async fn playing_by(rules: Rules, adjust: impl FnOnce(&mut Config)) -> TestServer {
        let temp = TempDir::new().expect("a temporary directory");
        let data_dir = temp.path().join("data");
        let world_file = temp.path().join("world.toml");
        std::fs::write(&world_file, TEST_WORLD).unwrap();
        let mut config = config(&data_dir, Some(world_file.clone()), Vec::new());
        adjust(&mut config);
        let server = start_server(config, rules).await;
        TestServer {
            server: Some(server),
            data_dir,
            _temp: Some(temp),
            world: Some(world_file.clone()),
            world_file,
            rules,
            http: http_client(),
        }
    }

    /// A server playing the world built into the binary, Emberwick, in a
    /// fresh data directory.
    pub async fn start_builtin() -> TestServer {
        let temp = TempDir::new().expect("a temporary directory");
        let data_dir = temp.path().join("data");
        let rules = Rules::default();
        let server = start_server(config(&data_dir, None, Vec::new()), rules).await;
        TestServer {
            server: Some(server),
            data_dir,
            _temp: Some(temp),
            world_file: PathBuf::new(),
            world: None,
            rules,
            http: http_client(),
        }
    }

    /// A server with extra allowed origins.
    pub async fn with_origins(origins: &[&str]) -> TestServer {
        let origins = origins.iter().map(|origin| origin.to_string()).collect();
        TestServer::configured(|config| config.allowed_origins = origins).await
    }

    /// Stops the server and starts a new one on the same data directory.
    pub async fn restart(&mut self) {
        self.restart_with(Vec::new()).await;
    }

    /// Stops the server, does `meanwhile` to its data directory, and starts
    /// a new one on it.
    pub async fn restart_after(&mut self, meanwhile: impl AsyncFnOnce(&Path)) {
        self.server
            .take()
            .expect("running")
            .shutdown()
            .await
            .expect("a clean shutdown");
        meanwhile(&self.data_dir).await;
        let config = config(&self.data_dir, self.world.clone(), Vec::new());
        self.server = Some(start_server(config, self.rules).await);
    }

    async fn restart_with(&mut self, origins: Vec<String>) {
        self.server
            .take()
            .expect("running")
            .shutdown()
            .await
            .expect("a clean shutdown");
        let config = config(&self.data_dir, self.world.clone(), origins);
        self.server = Some(start_server(config, self.rules).await);
    }

    pub fn server(&self) -> &Server {
        self.server.as_ref().expect("running")
    }

    /// Where telnet clients connect.
    pub fn telnet(&self) -> std::net::SocketAddr {
        self.server()
            .telnet_address()
            .expect("test servers serve telnet")
    }

    /// Waits until the server holds `count` open connections: one that
    /// closed has then left the hub, and the game has its departure queued
    /// before anything sent after (so a barrier command can follow it).
    pub async fn until_connections(&self, count: usize) {
        let deadline = tokio::time::Instant::now() + PATIENCE;
        while self.server().hub().connections() != count {
            assert!(
                tokio::time::Instant::now() < deadline,
                "the server still holds {} connections, not {count}",
                self.server().hub().connections()
            );
            tokio::time::sleep(Duration::from_millis(5)).await;
        }
    }

    pub fn url(&self, path: &str) -> String {
        format!("http://{}{path}", self.server().address())
    }

    /// Stops the server, checking it stops cleanly.
    pub async fn stop(mut self) {
        self.server
            .take()
            .expect("running")
            .shutdown()
            .await
            .expect("a clean shutdown");
    }

    pub async fn post(&self, path: &str, body: Value) -> reqwest::Response {
        self.http
            .post(self.url(path))
            .json(&body)
            .send()
            .await
            .expect("the server answers")
    }

    pub async fn get(&self, path: &str) -> reqwest::Response {
        self.http
            .get(self.url(path))
            .send()
            .await
            .expect("the server answers")
    }

    pub async fn register(&self, name: &str) -> reqwest::Response {
        self.post(
            "/api/register",
            json!({ "username": name, "password": PASSWORD }),
        )
        .await
    }

    /// Registers `name` and logs in; returns the session token.
    pub async fn account(&self, name: &str) -> String {
        assert_eq!(
            self.register(name).await.status(),
            201,
            "registering {name}"
        );
        self.login(name).await
    }

    pub async fn login(&self, name: &str) -> String {
        let response = self
            .post(
                "/api/login",
                json!({ "username": name, "password": PASSWORD }),
            )
            .await;
        assert_eq!(response.status(), 200, "logging in as {name}");
        let body: Value = response.json().await.unwrap();
        body["token"].as_str().expect("a token").to_owned()
    }

    /// A registered player connected over WebSocket and in the game.
    pub async fn player(&self, name: &str) -> Player {
        let token = self.account(name).await;
        self.connect(name, &token, Transport::WebSocket).await
    }

    pub async fn connect(&self, name: &str, token: &str, transport: Transport) -> Player {
        Player::connect(&self.url("/"), name, token, transport)
            .await
            .expect("the player connects")
    }
}

impl Drop for TestServer {
    fn drop(&mut self) {
        if let Some(server) = self.server.take() {
            server.stopper().cancel();
        }
    }
}

/// An HTTP client whose connections come from `source` (any address of
/// 127.0.0.0/8 is loopback on Linux), so the server sees another player.
pub fn client_from(source: &str) -> reqwest::Client {
    reqwest::Client::builder()
        .local_address(source.parse::<std::net::IpAddr>().unwrap())
        .timeout(PATIENCE)
        .build()
        .unwrap()
}

pub fn config(data_dir: &Path, world: Option<PathBuf>, allowed_origins: Vec<String>) -> Config {
    Config {
        bind: "127.0.0.1".parse().unwrap(),
        port: 0,
        data_dir: data_dir.to_owned(),
        world,
        allowed_origins,
        public_urls: Vec::new(),
        trust_proxy: false,
        limits: Limits {
            // Every test client comes from 127.0.0.1, like a load test, and
            // many tests send commands in floods; these limits have tests
            // of their own (rate.rs, and the per-address ones in accounts.rs).
            registrations_per_address: 10_000,
            failed_logins_per_address: 10_000,
            commands_per_second: 10_000,
            ..Limits::default()
        },
        snapshot_every: None,
        snapshots_kept: 3,
        telnet_port: Some(0),
        telnet_idle_timeout: None,
        admins: Vec::new(),
        metrics_token: None,
        password_queue: hearth::accounts::DEFAULT_PASSWORD_QUEUE,
    }
}

async fn start_server(config: Config, rules: Rules) -> Server {
    Server::start_with_rules(config, rules)
        .await
        .expect("the server starts")
}

fn http_client() -> reqwest::Client {
    reqwest::Client::builder()
        .timeout(PATIENCE)
        .build()
        .unwrap()
}
