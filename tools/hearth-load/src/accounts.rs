//! Accounts for the simulated players: registered and logged in over HTTP
//! like real players, and remembered between runs.
//!
//! Hashing a password costs the server tens of milliseconds of CPU on
//! purpose, so 10,000 fresh accounts take minutes. Sessions last 30 days, so
//! tokens are kept in a cache file (`name token` per line) and reused while
//! the server keeps its data directory; a token the server no longer knows is
//! replaced by logging in again. Logins and registrations run a few at a time,
//! and a `429` is waited out as its `Retry-After` asks.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use anyhow::{Context as _, anyhow, bail};
use futures_util::StreamExt as _;
use reqwest::StatusCode;
use serde::Deserialize;
use serde_json::json;

/// Every simulated player's password.
pub const PASSWORD: &str = "hearth-load password";

/// Requests that hash a password, in flight at once. The server hashes as
/// many at a time as it has cores and refuses the rest past its queue.
const HASHING_AT_ONCE: usize = 8;

/// How many times a request refused as busy is retried.
const MAX_RETRIES: u32 = 100;

/// The accounts' names: `prefix` and a zero-padded number.
pub fn name(prefix: &str, index: usize) -> String {
    format!("{prefix}{index:05}")
}

#[derive(Clone)]
pub struct Http {
    client: reqwest::Client,
    base: String,
}

#[derive(Deserialize)]
struct LoginBody {
    token: String,
}

impl Http {
    pub fn new(server: &str) -> Http {
        let client = reqwest::Client::builder()
            .timeout(Duration::from_secs(120))
            .build()
            .expect("a plain HTTP client builds");
        Http {
            client,
            base: format!("http://{server}"),
        }
    }

    /// Registers the account unless it exists (which costs the server no
    /// hash), then logs in.
    pub async fn sign_in(&self, name: &str) -> anyhow::Result<String> {
        self.register(name).await?;
        self.login(name)
            .await?
            .ok_or_else(|| anyhow!("{name} exists but does not take the load generator's password"))
    }

    /// A session token, or `None` when the account does not exist.
    pub async fn login(&self, name: &str) -> anyhow::Result<Option<String>> {
        let response = self.post("/api/login", name).await?;
        match response.status() {
            StatusCode::OK => Ok(Some(response.json::<LoginBody>().await?.token)),
            StatusCode::UNAUTHORIZED => Ok(None),
            status => bail!("logging in as {name}: {status}"),
        }
    }

    /// Creates the account unless it exists.
    pub async fn register(&self, name: &str) -> anyhow::Result<()> {
        let response = self.post("/api/register", name).await?;
        match response.status() {
            StatusCode::CREATED | StatusCode::CONFLICT => Ok(()),
            status => bail!("registering {name}: {status}"),
        }
    }

    /// The server's `/healthz` answer.
    pub async fn health(&self) -> anyhow::Result<serde_json::Value> {
        Ok(self
            .client
            .get(format!("{}/healthz", self.base))
            .send()
            .await?
            .json()
            .await?)
    }

    /// Posts the credentials of `name`, retrying while the server says 429.
    async fn post(&self, path: &str, name: &str) -> anyhow::Result<reqwest::Response> {
        let body = json!({ "username": name, "password": PASSWORD });
        for _ in 0..MAX_RETRIES {
            let response = self
                .client
                .post(format!("{}{path}", self.base))
                .json(&body)
                .send()
                .await
                .with_context(|| format!("POST {path}"))?;
            if response.status() != StatusCode::TOO_MANY_REQUESTS {
                return Ok(response);
            }
            tokio::time::sleep(retry_after(&response)).await;
        }
        bail!("POST {path} for {name}: still busy after {MAX_RETRIES} tries")
    }
}

/// Registers every account in `names` that does not exist, a few at a time.
pub async fn register_all(http: &Http, names: &[String]) -> anyhow::Result<()> {
    let mut registered = futures_util::stream::iter(names)
        .map(|name| http.register(name))
        .buffer_unordered(HASHING_AT_ONCE);
    while let Some(result) = registered.next().await {
        result?;
    }
    Ok(())
}

fn retry_after(response: &reqwest::Response) -> Duration {
    response
        .headers()
        .get(reqwest::header::RETRY_AFTER)
        .and_then(|value| value.to_str().ok())
        .and_then(|value| value.parse().ok())
        .map_or(Duration::from_secs(1), Duration::from_secs)
}

/// Session tokens by account name, kept in a file between runs.
pub struct TokenCache {
    path: Option<PathBuf>,
    tokens: HashMap<String, String>,
}

impl TokenCache {
    /// Reads `path` if it exists; `None` keeps tokens for this run only.
    pub fn open(path: Option<&Path>) -> anyhow::Result<TokenCache> {
        let tokens = match path {
            Some(path) if path.exists() => std::fs::read_to_string(path)
                .with_context(|| format!("reading {}", path.display()))?
                .lines()
                .filter_map(|line| line.split_once(' '))
                .map(|(name, token)| (name.to_owned(), token.to_owned()))
                .collect(),
            _ => HashMap::new(),
        };
        Ok(TokenCache {
            path: path.map(Path::to_owned),
            tokens,
        })
    }

    pub fn get(&self, name: &str) -> Option<&str> {
        self.tokens.get(name).map(String::as_str)
    }

    pub fn insert(&mut self, name: String, token: String) {
        self.tokens.insert(name, token);
    }

    pub fn save(&self) -> anyhow::Result<()> {
        let Some(path) = &self.path else {
            return Ok(());
        };
        let mut lines: Vec<String> = self
            .tokens
            .iter()
            .map(|(name, token)| format!("{name} {token}\n"))
            .collect();
        lines.sort();
        std::fs::write(path, lines.concat()).with_context(|| format!("writing {}", path.display()))
    }

    /// Signs in every name in `names` that has no token yet, a few at a time;
    /// returns how long that took.
    pub async fn fill(&mut self, http: &Http, names: &[String]) -> anyhow::Result<Duration> {
        let started = Instant::now();
        let missing: Vec<&String> = names
            .iter()
            .filter(|name| self.get(name).is_none())
            .collect();
        let mut signed_in = futures_util::stream::iter(missing)
            .map(|name| async move { (name.clone(), http.sign_in(name).await) })
            .buffer_unordered(HASHING_AT_ONCE);
        while let Some((name, token)) = signed_in.next().await {
            self.insert(name, token?);
        }
        self.save()?;
        Ok(started.elapsed())
    }
}
