//! Starting and stopping a whole Hearth server: world, store, engine, bus
//! and transport, wired together.
//!
//! Tests start servers in-process with [`Server::start`] on port 0; the binary
//! does the same and waits for a signal. Shutdown is explicit because axum's
//! graceful shutdown does not wait for WebSockets: the health check turns
//! 503, the engine applies and saves what is still queued and tells players
//! the server is stopping, the hub delivers all of it, Socket.IO closes
//! every socket and telnet its connections, the store closes, and only then
//! does [`Server::wait`] return. (In a cluster the game is handed over to
//! another instance instead; see `Lifecycle::run`.)

use std::net::{IpAddr, SocketAddr};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::Duration;

use anyhow::Context as _;
use tokio::net::TcpListener;
use tokio::sync::mpsc;
use tokio::task::JoinHandle;
use tokio_util::sync::CancellationToken;

use crate::accounts::{Accounts, FailedLogins, LoginLimiter, PasswordHasher};
use crate::bus::{self, NodeId};
#[cfg(feature = "redis")]
use crate::cluster;
use crate::delivery::Hub;
use crate::engine::{Engine, EngineError, Inputs, LocalLedger, Request, Stats};
use crate::game::{Actor, Errand, Input, Report, Rules, World};
use crate::limits::Limits;
use crate::snapshots::{self, SnapshotPolicy, Snapshotter};
use crate::store::{RedbStore, Store, StoreError};
use crate::transport::address::AddressPolicy;
use crate::transport::http::{self, AppState, Guards, HandshakeLimit, Origin, OriginPolicy};
use crate::transport::listener::{self, ConnectionRules};
use crate::transport::socket;
use crate::transport::telnet::{self, Telnet};

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
    /// The URLs players open when the host serves Hearth under a name (often
    /// behind a proxy): the server's own origins. Empty: the addresses it
    /// listens on.
    pub public_urls: Vec<String>,
    /// Behind a reverse proxy: take client addresses from `X-Forwarded-For`.
    pub trust_proxy: bool,
    /// Timeouts, per-address caps and rate limits.
    pub limits: Limits,
    /// How often to snapshot the database; `None` only on request.
    pub snapshot_every: Option<Duration>,
    /// How many snapshots to keep.
    pub snapshots_kept: usize,
    /// The telnet port (same `bind`); `None` serves no telnet.
    pub telnet_port: Option<u16>,
    /// How long a telnet player in the game may be idle; `None` for ever.
    pub telnet_idle_timeout: Option<Duration>,
    /// Accounts made admins (`--admin`): those that exist at start, and
    /// the others when they first come in.
    pub admins: Vec<String>,
    /// The bearer token `/metrics` needs; `None` serves no metrics.
    pub metrics_token: Option<String>,
    /// Password checks that may wait while every core hashes others';
    /// those beyond them are refused as busy.
    pub password_queue: usize,
}

/// How often expired sessions are deleted from the database.
const SWEEP_SESSIONS_EVERY: Duration = Duration::from_secs(60 * 60);

/// A running server.
pub struct Server {
    address: SocketAddr,
    origins: Vec<Origin>,
    new_game: bool,
    /// The Redis and cluster this instance belongs to, if it does.
    cluster: Option<String>,
    telnet_address: Option<SocketAddr>,
    world: Arc<World>,
    stop: CancellationToken,
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
        let world = load_world(&config)?;
        create_data_dir(&config)?;
        let data_dir = config.data_dir.clone();
        let store = tokio::task::spawn_blocking(move || RedbStore::open(&data_dir))
            .await?
            .map_err(|error| with_restore_advice(error, &config.data_dir))?;
        let new_game = store.is_new_game();
        let store: Arc<dyn Store> = Arc::new(store);
        let started = async {
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
            engine.appoint_admins(&config.admins).await?;
            let (errands, errand_queue) = mpsc::unbounded_channel();
            engine.send_errands_to(errands);
            let game = Game {
                inputs,
                stats: engine.stats(),
                store: store.clone(),
                failed_logins: FailedLogins::Here(LoginLimiter::new(&config.limits)),
                errands: errand_queue,
                new_game,
                deliveries,
                runs: Runs::Here(Box::new(engine)),
            };
            Self::serve(config, world, hub, game).await
        };
        match started.await {
            Ok(server) => Ok(server),
            Err(error) => {
                let _ = store.close().await;
                Err(error)
            }
        }
    }

    /// Like [`Server::start`], as an instance of the cluster `cluster`
    /// (everything kept in Redis; the data directory holds only the PID
    /// file).
    #[cfg(feature = "redis")]
    pub async fn start_in_cluster(
        config: Config,
        cluster: cluster::ClusterConfig,
    ) -> anyhow::Result<Server> {
        let world = load_world(&config)?;
        create_data_dir(&config)?;
        let source = match &config.world {
            Some(path) => std::fs::read(path)
                .with_context(|| format!("cannot read the world file {}", path.display()))?,
            None => World::builtin_source().as_bytes().to_vec(),
        };
        let hub = Hub::new(NodeId::random(), Some(MAX_CONNECTIONS_PER_ACCOUNT));
        let stop = CancellationToken::new();
        let (errands, errand_queue) = mpsc::unbounded_channel();
        let staff = cluster::Staff {
            admins: config.admins.clone(),
            errands,
        };
        let (node, deliveries) = cluster::Node::start(
            &cluster,
            world.clone(),
            cluster::world_digest(&source),
            hub.clone(),
            staff,
            stop.clone(),
        )
        .await?;
        let game = Game {
            inputs: node.inputs.clone(),
            stats: node.stats.clone(),
            store: node.store(),
            failed_logins: node.failed_logins(&config.limits),
            errands: errand_queue,
            new_game: false,
            deliveries,
            runs: Runs::InCluster(node, stop),
        };
        Self::serve(config, world, hub, game).await
    }

    async fn serve(
        config: Config,
        world: Arc<World>,
        hub: Arc<Hub>,
        game: Game,
    ) -> anyhow::Result<Server> {
        let public_urls = parse_origins(&config.public_urls, "--public-url")?;
        let allowed_origins = parse_origins(&config.allowed_origins, "--allow-origin")?;
        let Game {
            inputs,
            stats,
            store,
            failed_logins,
            errands,
            new_game,
            deliveries,
            runs,
        } = game;

        let parallelism = std::thread::available_parallelism().map_or(1, usize::from);
        let accounts = Arc::new(Accounts::counting_in(
            store.clone(),
            PasswordHasher::new(parallelism, config.password_queue),
            &config.limits,
            failed_logins,
        ));
        tokio::spawn(crate::accounts::errands::run(
            accounts.clone(),
            errands,
            report_to(inputs.clone()),
        ));
        let telnet_services = telnet::Services {
            accounts: accounts.clone(),
            world: world.clone(),
            hub: hub.clone(),
            inputs: inputs.clone(),
        };
        let (socket_layer, io, ()) = socket::layer(
            socket::builder(),
            accounts.clone(),
            inputs,
            hub.clone(),
            &config.limits,
        );

        let (stop, cluster, cluster_health) = match &runs {
            #[cfg(feature = "redis")]
            Runs::InCluster(node, stop) => {
                let health: Arc<dyn http::ClusterHealth> = node.status.clone();
                (stop.clone(), Some(node.place.clone()), Some(health))
            }
            Runs::Here(_) => (CancellationToken::new(), None, None),
        };
        tokio::spawn(sweep_sessions(accounts.clone(), stop.clone()));
        let metrics = config
            .metrics_token
            .as_ref()
            .and_then(|token| Some(http::MetricsAccess::new(token, crate::metrics::install()?)));
        let state = AppState {
            accounts,
            world: world.clone(),
            hub: hub.clone(),
            stopping: stop.clone(),
            engine: stats.clone(),
            cluster: cluster_health,
            metrics,
        };
        let listener = TcpListener::bind((config.bind, config.port))
            .await
            .with_context(|| format!("cannot listen on {}:{}", config.bind, config.port))?;
        let address = listener.local_addr()?;
        let origins = http::own_origins(&public_urls, config.bind, address.port());
        let guards = Guards {
            addresses: AddressPolicy {
                trust_proxy: config.trust_proxy,
            },
            origins: OriginPolicy::new(origins.clone(), allowed_origins),
            handshakes: HandshakeLimit::new(&config.limits),
        };
        let polls = socket_layer.polls.clone();
        let router = http::router(state, guards, socket_layer);
        let rules = ConnectionRules::new(&config.limits, config.trust_proxy);
        let telnet = start_telnet(&config, telnet_services).await?;

        let game = runs.start();
        let delivering = tokio::spawn(hub.clone().run(deliveries));
        let http_stop = CancellationToken::new();
        let hang_up = CancellationToken::new();
        let controls = listener::Controls {
            stop: http_stop.clone(),
            hang_up: hang_up.clone(),
            slow_clients: hub.slow_clients(),
        };
        let http = tokio::spawn(listener::serve(listener, router, rules, controls));
        let snapshotter = Snapshotter {
            store: store.clone(),
            policy: SnapshotPolicy::in_data_dir(
                &config.data_dir,
                config.snapshot_every,
                config.snapshots_kept,
            ),
        };
        if game.keeps_snapshots() {
            tokio::spawn(snapshots::run_schedule(snapshotter.clone(), stop.clone()));
        }
        let telnet_address = telnet.as_ref().map(Telnet::address);
        let lifecycle = Lifecycle {
            stop: stop.clone(),
            http_stop,
            hang_up,
            io,
            polls,
            telnet,
            store: store.clone(),
        };
        let finished = tokio::spawn(lifecycle.run(game, delivering, http));

        tracing::info!(%address, world = world.name(), node = %hub.node(), "serving");
        Ok(Server {
            address,
            origins,
            new_game,
            cluster,
            telnet_address,
            world,
            stop,
            hub,
            snapshotter,
            finished,
        })
    }

    pub fn address(&self) -> SocketAddr {
        self.address
    }

    /// Where players open the game: the server's own origins.
    pub fn origins(&self) -> &[Origin] {
        &self.origins
    }

    /// Where telnet clients connect, if the server serves telnet.
    pub fn telnet_address(&self) -> Option<SocketAddr> {
        self.telnet_address
    }

    pub fn world(&self) -> &World {
        &self.world
    }

    /// This node's delivery hub: its connections and what it dropped.
    pub fn hub(&self) -> &Hub {
        &self.hub
    }

    /// The Redis and cluster this instance serves the game of, if it is an
    /// instance of a cluster (its password left out).
    pub fn cluster(&self) -> Option<&str> {
        self.cluster.as_deref()
    }

    /// Whether nothing was saved in the data directory before this start.
    pub fn is_new_game(&self) -> bool {
        self.new_game
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

/// What a server needs of the game it serves, however it runs it.
struct Game {
    /// Where the transports submit requests.
    inputs: Inputs,
    stats: Arc<Stats>,
    store: Arc<dyn Store>,
    /// Where failed logins are counted.
    failed_logins: FailedLogins,
    /// The game's errands for the accounts service (from the engine here,
    /// or from whichever engine this cluster instance runs).
    errands: mpsc::UnboundedReceiver<Errand>,
    new_game: bool,
    /// What the hub delivers from.
    deliveries: bus::Subscriber,
    runs: Runs,
}

/// Where the game runs.
enum Runs {
    /// Here: the engine (boxed: it is large, and moved only once).
    Here(Box<Engine>),
    /// In the cluster this instance belongs to; the token stops the server
    /// (the instance cancels it if it can never rejoin).
    #[cfg(feature = "redis")]
    InCluster(cluster::Node, CancellationToken),
}

/// The game, started.
enum Running {
    Here {
        stop: CancellationToken,
        engine: JoinHandle<Result<(), EngineError>>,
    },
    #[cfg(feature = "redis")]
    InCluster(cluster::Node),
}

impl Runs {
    fn start(self) -> Running {
        match self {
            Runs::Here(engine) => {
                let stop = CancellationToken::new();
                Running::Here {
                    engine: tokio::spawn(engine.run(stop.clone())),
                    stop,
                }
            }
            #[cfg(feature = "redis")]
            Runs::InCluster(node, _) => Running::InCluster(node),
        }
    }
}

impl Running {
    /// A cluster's game is in Redis, backed up as Redis is.
    fn keeps_snapshots(&self) -> bool {
        matches!(self, Running::Here { .. })
    }

    /// Resolves if the game fails (an engine here never ends by itself).
    async fn failed(&mut self) -> anyhow::Error {
        match self {
            Running::Here { engine, .. } => failure_of(engine.await)
                .unwrap_or_else(|| anyhow::anyhow!("the game stopped unexpectedly")),
            #[cfg(feature = "redis")]
            Running::InCluster(_) => std::future::pending::<anyhow::Error>().await,
        }
    }
}

/// The parts that must be stopped in order.
struct Lifecycle {
    stop: CancellationToken,
    http_stop: CancellationToken,
    /// Hangs up every connection the HTTP listener has open.
    hang_up: CancellationToken,
    io: socketioxide::SocketIo,
    /// The polls the closing sockets wait for.
    polls: socket::Polls,
    telnet: Option<Telnet>,
    store: Arc<dyn Store>,
}

impl Lifecycle {
    /// Waits for the stop (or the game's failure), then stops everything in
    /// the order that answers every command already taken. Here, the engine
    /// finishes its queue (refusing what comes after) and says goodbye, the
    /// hub delivers all of it, and only then do the connections close. In
    /// a cluster, the game is handed over to another instance (this one
    /// finishes what it read first), the connections close with a word on
    /// why, their exits are forwarded, and the instance leaves.
    async fn run(
        self,
        mut game: Running,
        delivering: JoinHandle<()>,
        http: JoinHandle<()>,
    ) -> anyhow::Result<()> {
        let mut failure = None;
        tokio::select! {
            () = self.stop.cancelled() => {}
            error = game.failed() => {
                failure = Some(error);
                self.stop.cancel();
            }
        }
        tracing::info!("shutting down");
        // Health checks say 503 from the start of shutdown; the game plays
        // on a moment so load balancers see it before anything closes.
        tokio::time::sleep(DRAIN).await;
        match game {
            Running::Here { stop, engine } => {
                stop.cancel();
                if failure.is_none() {
                    failure = step("finishing the game's queue", engine)
                        .await
                        .and_then(failure_of);
                }
                step("delivering the last messages", delivering).await;
                self.close_connections().await;
            }
            #[cfg(feature = "redis")]
            Running::InCluster(mut node) => {
                step("handing the game over", node.hand_over()).await;
                node.tell_connections_it_is_leaving();
                self.close_connections().await;
                step("leaving the cluster", node.leave()).await;
                step("delivering the last messages", delivering).await;
            }
        }
        // Not abandoned like the steps above: what is queued must be written,
        // and the file's lock released, before the server says it stopped.
        if let Err(error) = self.store.close().await {
            failure.get_or_insert(error.into());
        }
        self.http_stop.cancel();
        step("closing HTTP", http).await;
        tracing::info!("stopped");
        failure.map_or(Ok(()), Err)
    }

    async fn close_connections(&self) {
        step(
            "closing connections",
            socket::close_all(&self.io, &self.polls, &self.hang_up),
        )
        .await;
        if let Some(telnet) = &self.telnet {
            step("closing telnet connections", telnet.close()).await;
        }
    }
}

/// The world the configuration names (or the built-in one).
fn load_world(config: &Config) -> anyhow::Result<Arc<World>> {
    let world = Arc::new(match &config.world {
        Some(path) => World::load(path)?,
        None => World::builtin(),
    });
    for warning in world.warnings() {
        tracing::warn!("{warning}");
    }
    Ok(world)
}

fn create_data_dir(config: &Config) -> anyhow::Result<()> {
    crate::disk::create_private_dir(&config.data_dir).with_context(|| {
        format!(
            "cannot create the data directory {}",
            config.data_dir.display()
        )
    })
}

/// How the accounts service reports an errand back: as an input of the
/// admin who asked, which nobody waits on.
fn report_to(inputs: crate::engine::Inputs) -> impl Fn(Actor, Report) + Clone + Send + Sync {
    move |actor, report| {
        let request = Request {
            actor,
            input: Input::Reported(report),
            route: None,
        };
        if inputs.submit(request).is_err() {
            tracing::warn!("the game stopped before an errand could report back");
        }
    }
}

/// Deletes expired sessions now and every [`SWEEP_SESSIONS_EVERY`], until
/// the server stops. Each sweep reads the sessions once and deletes the
/// expired ones in one write.
async fn sweep_sessions(accounts: Arc<Accounts>, stop: CancellationToken) {
    let mut every = tokio::time::interval(SWEEP_SESSIONS_EVERY);
    loop {
        tokio::select! {
            () = stop.cancelled() => return,
            _ = every.tick() => {
                if let Err(error) = accounts.sweep_expired_sessions().await {
                    tracing::warn!(%error, "could not delete expired sessions");
                }
            }
        }
    }
}

/// Reads the origins given with `flag`, refusing any that is not one.
fn parse_origins(texts: &[String], flag: &str) -> anyhow::Result<Vec<Origin>> {
    texts
        .iter()
        .map(|text| {
            Origin::parse(text).with_context(|| {
                format!("{flag} {text} is not a web origin like http://example.com:8080")
            })
        })
        .collect()
}

/// A database that cannot be used, with how to put a snapshot back.
fn with_restore_advice(error: StoreError, data_dir: &Path) -> anyhow::Error {
    match error {
        StoreError::Unusable { .. } | StoreError::Storage(_) => {
            anyhow::anyhow!("{error}\n{}", snapshots::restore_advice(data_dir))
        }
        other => other.into(),
    }
}

/// Starts the telnet listener, if the configuration asks for one.
async fn start_telnet(
    config: &Config,
    services: telnet::Services,
) -> anyhow::Result<Option<Telnet>> {
    let Some(port) = config.telnet_port else {
        return Ok(None);
    };
    let rules = telnet::Rules::new(&config.limits, config.telnet_idle_timeout);
    Ok(Some(
        Telnet::start(config.bind, port, services, rules).await?,
    ))
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
