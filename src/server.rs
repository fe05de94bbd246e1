//! Starting and stopping a whole Hearth server: world, store, engine, bus
//! and transport, wired together.
//!
//! Tests start servers in-process with [`Server::start`] on port 0; the binary
//! does the same and waits for a signal. Shutdown is explicit because axum's
//! graceful shutdown does not wait for WebSockets: players are told, Socket.IO
//! closes every socket, the engine applies and saves what is still queued, the
//! store closes, and only then does [`Server::wait`] return.

use std::net::{IpAddr, SocketAddr};
use std::path::PathBuf;
use std::sync::Arc;
use std::time::Duration;

use anyhow::Context as _;
use axum::serve::ListenerExt as _;
use tokio::net::TcpListener;
use tokio::task::JoinHandle;
use tokio_util::sync::CancellationToken;

use crate::accounts::{Accounts, PasswordHasher};
use crate::bus::{self, NodeId};
use crate::delivery::Hub;
use crate::engine::{Engine, EngineError, LocalLedger, Stats};
use crate::game::{Rules, World};
use crate::snapshots::{self, SnapshotPolicy, Snapshotter};
use crate::store::{RedbStore, Store};
use crate::transport::http::{self, AppState, OriginPolicy};
use crate::transport::socket;

/// How long each shutdown step may take before it is abandoned.
const SHUTDOWN_STEP: Duration = Duration::from_secs(3);
/// How long a stopping server keeps playing before it winds the game down.
const DRAIN: Duration = Duration::from_millis(300);
/// Most connections one account may have open on one server.
const MAX_CONNECTIONS_PER_ACCOUNT: usize = 16;

/// Everything a server needs to start.
#[derive(Debug, Clone)]
pub struct Config {
    pub bind: IpAddr,
    pub port: u16,
    pub data_dir: PathBuf,
    /// A world file; `None` plays the built-in world.
    pub world: Option<PathBuf>,
    /// Browser origins allowed besides the server's own.
    pub allowed_origins: Vec<String>,
    /// How often to snapshot the database; `None` only on request.
    pub snapshot_every: Option<Duration>,
    /// How many snapshots to keep.
    pub snapshots_kept: usize,
}

/// A running server.
pub struct Server {
    address: SocketAddr,
    world: Arc<World>,
    stop: CancellationToken,
    stats: Arc<Stats>,
    hub: Arc<Hub>,
    snapshotter: Snapshotter,
    finished: JoinHandle<anyhow::Result<()>>,
}

impl Server {
    /// Loads the world, opens the store, binds the port and starts serving.
    pub async fn start(config: Config) -> anyhow::Result<Server> {
        Server::start_with_rules(config, Rules::default()).await
    }

    /// Starts serving a game played by `rules` (tests shorten its timers).
    pub async fn start_with_rules(config: Config, rules: Rules) -> anyhow::Result<Server> {
        let world = Arc::new(match &config.world {
            Some(path) => World::load(path)?,
            None => World::builtin(),
        });
        for warning in world.warnings() {
            tracing::warn!("{warning}");
        }
        std::fs::create_dir_all(&config.data_dir).with_context(|| {
            format!(
                "cannot create the data directory {}",
                config.data_dir.display()
            )
        })?;
        let data_dir = config.data_dir.clone();
        let store: Arc<dyn Store> =
            Arc::new(tokio::task::spawn_blocking(move || RedbStore::open(&data_dir)).await??);
        match Self::serve(config, world, store.clone(), rules).await {
            Ok(server) => Ok(server),
            Err(error) => {
                let _ = store.close().await;
                Err(error)
            }
        }
    }

    async fn serve(
        config: Config,
        world: Arc<World>,
        store: Arc<dyn Store>,
        rules: Rules,
    ) -> anyhow::Result<Server> {
        let hub = Hub::new(NodeId::random(), Some(MAX_CONNECTIONS_PER_ACCOUNT));
        let mut bus = bus::Publisher::new();
        let deliveries = bus.subscribe();
        let ledger = LocalLedger {
            store: store.clone(),
            bus,
        };
        let epoch = store.begin_epoch().await?;
        let (mut engine, inputs) =
            Engine::load(world.clone(), store.clone(), Box::new(ledger), epoch).await?;
        engine.set_rules(rules);
        let stats = engine.stats();

        let parallelism = std::thread::available_parallelism().map_or(1, usize::from);
        let accounts = Arc::new(Accounts::new(
            store.clone(),
            PasswordHasher::new(parallelism, 256),
        ));
        let (socket_layer, io, ()) =
            socket::layer(socket::builder(), accounts.clone(), inputs, hub.clone());

        let stop = CancellationToken::new();
        let state = AppState {
            accounts,
            world: world.clone(),
            hub: hub.clone(),
            stopping: stop.clone(),
            engine: stats.clone(),
        };
        let router = http::router(
            state,
            OriginPolicy::new(&config.allowed_origins),
            socket_layer,
        );
        let listener = TcpListener::bind((config.bind, config.port))
            .await
            .with_context(|| format!("cannot listen on {}:{}", config.bind, config.port))?;
        let address = listener.local_addr()?;
        // A reply and the events after it are small writes in quick
        // succession; with Nagle's algorithm the second waits for the
        // client's delayed ACK (40 ms on Linux).
        let listener = listener.tap_io(|connection| {
            if let Err(error) = connection.set_nodelay(true) {
                tracing::debug!(%error, "cannot set TCP_NODELAY");
            }
        });

        let engine_stop = CancellationToken::new();
        let engine = tokio::spawn(engine.run(engine_stop.clone()));
        let delivering = tokio::spawn(hub.clone().run(deliveries));
        let http_stop = CancellationToken::new();
        let closed = http_stop.clone().cancelled_owned();
        let http = tokio::spawn(async move {
            axum::serve(listener, router)
                .with_graceful_shutdown(closed)
                .await
        });
        let snapshotter = Snapshotter {
            store: store.clone(),
            policy: SnapshotPolicy::in_data_dir(
                &config.data_dir,
                config.snapshot_every,
                config.snapshots_kept,
            ),
        };
        tokio::spawn(snapshots::run_schedule(snapshotter.clone(), stop.clone()));
        let lifecycle = Lifecycle {
            stop: stop.clone(),
            engine_stop,
            http_stop,
            io,
            store: store.clone(),
        };
        let finished = tokio::spawn(lifecycle.run(engine, delivering, http));

        tracing::info!(%address, world = world.name(), node = %hub.node(), "serving");
        Ok(Server {
            address,
            world,
            stop,
            stats,
            hub,
            snapshotter,
            finished,
        })
    }

    pub fn address(&self) -> SocketAddr {
        self.address
    }

    pub fn world(&self) -> &World {
        &self.world
    }

    pub fn stats(&self) -> &Stats {
        &self.stats
    }

    /// This node's delivery hub: its connections and what it dropped.
    pub fn hub(&self) -> &Hub {
        &self.hub
    }

    /// Takes consistent snapshots of the database while it runs.
    pub fn snapshotter(&self) -> Snapshotter {
        self.snapshotter.clone()
    }

    /// A token that stops the server when cancelled.
    pub fn stopper(&self) -> CancellationToken {
        self.stop.clone()
    }

    /// Waits until the server has stopped (after [`Server::stopper`] is
    /// cancelled, or the game failed).
    pub async fn wait(self) -> anyhow::Result<()> {
        self.finished.await.context("the server task panicked")?
    }

    /// Stops the server and waits until it has.
    pub async fn shutdown(self) -> anyhow::Result<()> {
        self.stop.cancel();
        self.wait().await
    }
}

/// The parts that must be stopped in order.
struct Lifecycle {
    stop: CancellationToken,
    engine_stop: CancellationToken,
    http_stop: CancellationToken,
    io: socketioxide::SocketIo,
    store: Arc<dyn Store>,
}

impl Lifecycle {
    /// Waits for the stop (or the game's failure), then stops everything in
    /// the order that answers every command already taken: the engine
    /// finishes its queue (refusing what comes after) and says goodbye, the
    /// hub delivers all of it, and only then do the connections close.
    async fn run(
        self,
        mut engine: JoinHandle<Result<(), EngineError>>,
        delivering: JoinHandle<()>,
        http: JoinHandle<std::io::Result<()>>,
    ) -> anyhow::Result<()> {
        let mut failure = None;
        tokio::select! {
            () = self.stop.cancelled() => {}
            result = &mut engine => {
                failure = Some(failure_of(result).unwrap_or_else(|| anyhow::anyhow!("the game stopped unexpectedly")));
                self.stop.cancel();
            }
        }
        tracing::info!("shutting down");
        // Health checks say 503 from the start of shutdown; the game plays
        // on a moment so load balancers see it before anything closes.
        tokio::time::sleep(DRAIN).await;
        self.engine_stop.cancel();
        if failure.is_none() {
            failure = step("finishing the game's queue", engine)
                .await
                .and_then(failure_of);
        }
        step("delivering the last messages", delivering).await;
        step("closing connections", self.io.close()).await;
        if let Some(Err(error)) = step("closing the database", self.store.close()).await {
            failure.get_or_insert(error.into());
        }
        self.http_stop.cancel();
        step("closing HTTP", http).await;
        tracing::info!("stopped");
        failure.map_or(Ok(()), Err)
    }
}

/// Why the engine task ended, if it failed.
fn failure_of(
    result: Result<Result<(), EngineError>, tokio::task::JoinError>,
) -> Option<anyhow::Error> {
    match result {
        Ok(Ok(())) => None,
        Ok(Err(error)) => {
            tracing::error!(%error, "the game failed");
            Some(error.into())
        }
        Err(panic) => Some(anyhow::anyhow!("the game panicked: {panic}")),
    }
}

/// Awaits one shutdown step, giving up after [`SHUTDOWN_STEP`].
async fn step<T>(what: &str, future: impl std::future::Future<Output = T>) -> Option<T> {
    match tokio::time::timeout(SHUTDOWN_STEP, future).await {
        Ok(output) => Some(output),
        Err(_) => {
            tracing::warn!("{what} took too long; going on without it");
            None
        }
    }
}
