//! One instance of a cluster, assembled: it joins, reads the output stream
//! into its hub, forwards its connections' requests, tries for the lease,
//! keeps itself alive, and hears logouts; and it stops in the order that
//! loses nothing (hand the game over, then close the connections, then
//! forward their exits and leave).

use std::sync::Arc;

use sha2::{Digest, Sha256};
use tokio::task::JoinHandle;
use tokio_util::sync::CancellationToken;

use super::edge::{self, ConnectionKey};
use super::leader::{Leadership, Staff};
use super::liveness::Liveness;
use super::logouts;
use super::membership::Membership;
use super::status::Status;
use super::streams::{Forwarder, OutputReader};
use super::{Connector, Keys, Timing};
use crate::accounts::FailedLogins;
use crate::bus::{Publisher, Subscriber};
use crate::delivery::Hub;
use crate::engine::{Inputs, Stats, queue};
use crate::game::World;
use crate::limits::Limits;
use crate::store::Store;
use crate::store::redis::RedisStore;

/// What the players of an instance leaving the cluster are told.
const LEAVING: &str =
    "This server is shutting down; the game carries on elsewhere. Reconnect to carry on.";

/// How an instance finds its cluster.
#[derive(Debug, Clone)]
pub struct ClusterConfig {
    /// `redis://[user:password@]host:port/db`.
    pub url: String,
    /// Which of the clusters in that Redis.
    pub name: String,
    pub timing: Timing,
}

/// The hex SHA-256 of a world file: instances of one cluster must agree.
pub fn world_digest(source: &[u8]) -> String {
    super::hex(&Sha256::digest(source))
}

/// A URL as it may be logged: without its password.
pub fn redacted(url: &str) -> String {
    match url.split_once("://") {
        Some((scheme, rest)) if rest.contains('@') => {
            let host = rest.rsplit_once('@').map_or(rest, |(_, host)| host);
            format!("{scheme}://…@{host}")
        }
        _ => url.to_owned(),
    }
}

/// A task and what stops it.
struct Task {
    stop: CancellationToken,
    handle: JoinHandle<()>,
}

impl Task {
    fn spawn(run: impl FnOnce(CancellationToken) -> JoinHandle<()>) -> Task {
        let stop = CancellationToken::new();
        Task {
            handle: run(stop.clone()),
            stop,
        }
    }

    async fn stop(self) {
        self.stop.cancel();
        let _ = self.handle.await;
    }
}

/// A running instance of a cluster.
pub struct Node {
    /// Which Redis and cluster, as it may be shown (no password).
    pub place: String,
    /// Where the transports submit their requests.
    pub inputs: Inputs,
    /// The store: accounts and sessions (the game is the leader's), and
    /// what only Redis offers (the shared login counts).
    store: Arc<RedisStore>,
    pub status: Arc<Status>,
    /// The counters of whichever engine this instance runs.
    pub stats: Arc<Stats>,
    hub: Arc<Hub>,
    /// Until it is handed over.
    leadership: Option<Task>,
    forwarding: Task,
    /// Ends once the forwarder has sent everything it was given.
    forwarded: JoinHandle<()>,
    membership: Task,
    delivering: Task,
    logouts: CancellationToken,
}

impl Node {
    /// Joins the cluster as `hub`'s node and starts every part of the
    /// instance; returns it and what its hub delivers from. The engines it
    /// runs are told of `staff`. `refused` is cancelled if the instance can
    /// later never join again.
    pub async fn start(
        config: &ClusterConfig,
        world: Arc<World>,
        world_digest: String,
        hub: Arc<Hub>,
        staff: Staff,
        refused: CancellationToken,
    ) -> anyhow::Result<(Node, Subscriber)> {
        let place = format!(
            "Redis at {} (cluster {:?})",
            redacted(&config.url),
            config.name
        );
        let keys = Keys::new(&config.name)?;
        let connector = Connector::new(&config.url, config.timing)
            .map_err(|error| anyhow::anyhow!("--redis {}: {error}", redacted(&config.url)))?;
        let timing = config.timing;
        let commands = connector
            .commands()
            .await
            .map_err(|error| anyhow::anyhow!("cannot reach {place}: {error}"))?;
        let status = Status::new(hub.clone());
        let liveness = Liveness::new(commands.clone(), keys.clone(), timing.node_ttl);
        let mut membership =
            Membership::new(liveness, hub.clone(), status.clone(), world_digest, timing);
        membership.join().await?;

        // Reading the output stream starts before any connection exists,
        // so none can miss anything.
        let mut publisher = Publisher::new();
        let deliveries = publisher.subscribe();
        let local = Arc::new(publisher);
        let reader =
            OutputReader::from_latest(connector.blocking().await?, &keys, timing.block).await?;
        let delivering = Task::spawn(|stop| {
            tokio::spawn(edge::deliver(reader, local.clone(), hub.clone(), stop))
        });

        let (inputs, queue) = queue();
        let (forwarder, losses) = Forwarder::<ConnectionKey>::start(commands.clone(), &keys);
        let forwarded = tokio::spawn(edge::drop_lost(losses, hub.clone(), status.clone()));
        let forwarding = Task::spawn(|stop| {
            tokio::spawn(edge::forward(
                queue,
                forwarder,
                local,
                hub.clone(),
                status.clone(),
                stop,
            ))
        });

        let store = Arc::new(RedisStore::new(commands.clone(), keys.clone()));
        let stats = Arc::new(Stats::default());
        let leadership = Leadership {
            connector: connector.clone(),
            keys: keys.clone(),
            world,
            store: store.clone() as Arc<dyn Store>,
            hub: hub.clone(),
            status: status.clone(),
            stats: stats.clone(),
            staff,
        };
        let leading = commands.clone();
        let leadership = Task::spawn(|stop| tokio::spawn(leadership.run(leading, stop)));
        let membership = Task::spawn(|stop| tokio::spawn(membership.run(stop, refused)));
        let logouts = CancellationToken::new();
        logouts::close_logged_out(connector, keys.clone(), hub.clone(), logouts.clone()).await?;
        tracing::info!(cluster = config.name, redis = %redacted(&config.url), "joined the cluster");
        let node = Node {
            place,
            inputs,
            store,
            status,
            stats,
            hub,
            leadership: Some(leadership),
            forwarding,
            forwarded,
            membership,
            delivering,
            logouts,
        };
        Ok((node, deliveries))
    }

    /// The cluster's failed-login counts, which every instance shares.
    pub fn failed_logins(&self, limits: &Limits) -> FailedLogins {
        FailedLogins::Shared(self.store.login_limiter(limits))
    }

    /// The store, for the accounts service.
    pub fn store(&self) -> Arc<dyn Store> {
        self.store.clone()
    }

    /// Stops running the game here, if it runs here: the engine finishes
    /// what it has read and the lease is given up, so another instance
    /// carries on at once.
    pub async fn hand_over(&mut self) {
        if let Some(leadership) = self.leadership.take() {
            leadership.stop().await;
        }
    }

    /// Closes this instance's connections with a word on why, so their
    /// players reconnect (through the load balancer, to another instance).
    pub fn tell_connections_it_is_leaving(&self) {
        self.hub.close_all(Some(LEAVING));
    }

    /// Once the connections are closed: forwards their exits, leaves the
    /// cluster and stops delivering (which ends the hub's bus).
    pub async fn leave(mut self) {
        self.hand_over().await;
        self.logouts.cancel();
        self.forwarding.stop().await;
        let _ = self.forwarded.await;
        self.membership.stop().await;
        self.delivering.stop().await;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_password_never_reaches_the_log() {
        assert_eq!(
            redacted("redis://:secret@redis.internal:6379/0"),
            "redis://…@redis.internal:6379/0"
        );
        assert_eq!(
            redacted("redis://127.0.0.1:6379/0"),
            "redis://127.0.0.1:6379/0"
        );
    }

    #[test]
    fn a_world_digest_is_hex_sha256() {
        assert_eq!(
            world_digest(b""),
            "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"
        );
    }
}
