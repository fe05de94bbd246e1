//! The `hearth` command line: flags (each also an environment variable),
//! logging, the runtime, signals, and the addresses players can open.

use std::net::IpAddr;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::Duration;

use clap::{Args, Parser, Subcommand, ValueEnum};
use tracing_subscriber::EnvFilter;

use crate::game::World;
use crate::limits::Limits;
use crate::server::{Config, Server};
use crate::signals::Signals;

/// Hearth: a multiplayer text adventure in one program. Run it, and friends
/// on your network play together in their browsers.
#[derive(Debug, Parser)]
#[command(version, about, long_about = None)]
pub struct Cli {
    /// Address to listen on; the default listens on every network interface.
    #[arg(long, env = "HEARTH_BIND", default_value = "0.0.0.0", global = true)]
    bind: IpAddr,

    /// Port to listen on; 0 picks a free one (and prints it).
    #[arg(long, env = "HEARTH_PORT", default_value_t = 4000, global = true)]
    port: u16,

    /// Directory that holds everything the server saves (created if missing).
    #[arg(
        long,
        env = "HEARTH_DATA_DIR",
        default_value = "hearth-data",
        global = true
    )]
    data_dir: PathBuf,

    /// World file to play (TOML); without it, the built-in world.
    #[arg(long, env = "HEARTH_WORLD", global = true)]
    world: Option<PathBuf>,

    /// Another browser origin allowed to connect, like http://example.com:8080
    /// (repeat for more; in the variable, separate them with commas). Pages
    /// served by Hearth itself are always allowed.
    #[arg(
        long = "allow-origin",
        value_name = "ORIGIN",
        env = "HEARTH_ALLOW_ORIGIN",
        value_delimiter = ',',
        global = true
    )]
    allow_origin: Vec<String>,

    /// How often to snapshot the database into <data-dir>/snapshots, like
    /// "6h" or "30m"; "0" turns scheduled snapshots off. SIGUSR1 takes one now.
    #[arg(long, env = "HEARTH_SNAPSHOT_EVERY", default_value = "6h", value_parser = parse_interval, global = true)]
    snapshot_every: Interval,

    /// How many snapshots to keep; older ones are deleted.
    #[arg(
        long,
        env = "HEARTH_SNAPSHOTS_KEPT",
        default_value_t = 8,
        global = true
    )]
    snapshots_kept: usize,

    /// What to log, as a RUST_LOG filter: "info", "debug", "hearth=debug,warn"...
    #[arg(long, env = "RUST_LOG", default_value = "info", global = true)]
    log: String,

    #[command(flatten)]
    guards: GuardFlags,

    #[command(subcommand)]
    command: Option<Command>,
}

/// Where the server is reached from, and the abuse limits.
#[derive(Debug, Args)]
struct GuardFlags {
    /// A URL players open, like https://mud.example.com, when the server is
    /// reached under a name (often through a proxy). These are the server's
    /// own origins; without one, the addresses it listens on are. Repeat
    /// for more; in the variable, separate them with commas.
    #[arg(
        long = "public-url",
        value_name = "URL",
        env = "HEARTH_PUBLIC_URL",
        value_delimiter = ',',
        global = true
    )]
    public_url: Vec<String>,

    /// Behind a reverse proxy: take each client's address from the last
    /// entry of X-Forwarded-For (which the proxy appends) instead of the
    /// connection, which is the proxy's. Never use it without a proxy: any
    /// client could then claim any address.
    #[arg(
        long,
        env = "HEARTH_TRUST_PROXY",
        value_parser = clap::builder::BoolishValueParser::new(),
        global = true
    )]
    trust_proxy: bool,

    /// "off" turns every abuse limit off (timeouts, per-address caps and
    /// rate limits), for load tests from one machine.
    #[arg(long, value_name = "on|off", env = "HEARTH_LIMITS", value_enum, default_value_t = Switch::On, global = true)]
    limits: Switch,

    /// How long a client may take to send a request's headers.
    #[arg(long, value_name = "TIME", env = "HEARTH_HEADER_TIMEOUT", default_value = "10s", value_parser = parse_timeout, global = true)]
    header_timeout: Duration,

    /// How long a connection may receive nothing before it is closed.
    #[arg(long, value_name = "TIME", env = "HEARTH_IDLE_TIMEOUT", default_value = "60s", value_parser = parse_timeout, global = true)]
    idle_timeout: Duration,

    /// Connections one address may have open at once.
    #[arg(
        long,
        value_name = "N",
        env = "HEARTH_MAX_CONNECTIONS_PER_ADDRESS",
        default_value_t = 64,
        value_parser = clap::value_parser!(u32).range(1..),
        global = true
    )]
    max_connections_per_address: u32,

    /// New Socket.IO connections one address may open per minute.
    #[arg(
        long,
        value_name = "N",
        env = "HEARTH_HANDSHAKES_PER_MINUTE",
        default_value_t = 60,
        value_parser = clap::value_parser!(u32).range(1..),
        global = true
    )]
    handshakes_per_minute: u32,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
enum Switch {
    On,
    Off,
}

impl GuardFlags {
    fn limits(&self) -> Limits {
        Limits {
            enabled: self.limits == Switch::On,
            header_read_timeout: self.header_timeout,
            idle_timeout: self.idle_timeout,
            connections_per_address: self.max_connections_per_address as usize,
            handshakes_per_minute: self.handshakes_per_minute,
        }
    }
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Check a world file and report every problem, without starting the server.
    CheckWorld {
        /// The world file to check.
        file: PathBuf,
    },
    /// Replace the database in --data-dir with a snapshot, while the server
    /// is stopped. The current database is moved aside, not deleted.
    Restore {
        /// A snapshot, e.g. hearth-data/snapshots/hearth-2026-11-26T13-07-09.123Z.redb
        snapshot: PathBuf,
    },
}

/// Runs the command line; the binary's `main` is just this.
pub fn main() -> ExitCode {
    return_large_allocations_to_the_system();
    let cli = Cli::parse();
    tracing_subscriber::fmt()
        .with_env_filter(EnvFilter::try_new(&cli.log).unwrap_or_else(|_| EnvFilter::new("info")))
        .with_writer(std::io::stderr)
        .init();
    let result = match &cli.command {
        Some(Command::CheckWorld { file }) => check_world(file),
        Some(Command::Restore { snapshot }) => restore(snapshot, &cli.data_dir),
        None => serve(&cli),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            eprintln!("hearth: {error:#}");
            ExitCode::FAILURE
        }
    }
}

fn check_world(file: &std::path::Path) -> anyhow::Result<()> {
    let world = World::load(file)?;
    let rooms = world.rooms().count();
    let items = world.items().count();
    println!(
        "{}: \"{}\" is fine: {rooms} rooms, {items} items.",
        file.display(),
        world.name()
    );
    Ok(())
}

fn restore(snapshot: &Path, data_dir: &Path) -> anyhow::Result<()> {
    let set_aside = crate::store::redb::restore(snapshot, data_dir)?;
    println!(
        "Restored {} into {}.",
        snapshot.display(),
        data_dir.display()
    );
    if let Some(previous) = set_aside {
        println!(
            "The database it replaced is kept as {}.",
            previous.display()
        );
    }
    Ok(())
}

/// Reads a timeout like "10s" or "2m"; it cannot be zero.
fn parse_timeout(text: &str) -> Result<Duration, String> {
    match humantime::parse_duration(text) {
        Ok(timeout) if timeout.is_zero() => Err("a timeout cannot be 0".to_owned()),
        Ok(timeout) => Ok(timeout),
        Err(error) => Err(format!("{error} (try \"10s\" or \"2m\")")),
    }
}

/// A time between repetitions; `None` for never.
#[derive(Debug, Clone, Copy)]
struct Interval(Option<Duration>);

/// Reads "6h", "30m", "90s"; "0" means never.
fn parse_interval(text: &str) -> Result<Interval, String> {
    if text.trim() == "0" {
        return Ok(Interval(None));
    }
    humantime::parse_duration(text)
        .map(|every| Interval(Some(every)))
        .map_err(|error| format!("{error} (try \"6h\", \"30m\" or \"0\")"))
}

fn serve(cli: &Cli) -> anyhow::Result<()> {
    let config = Config {
        bind: cli.bind,
        port: cli.port,
        data_dir: cli.data_dir.clone(),
        world: cli.world.clone(),
        allowed_origins: cli.allow_origin.clone(),
        public_urls: cli.guards.public_url.clone(),
        trust_proxy: cli.guards.trust_proxy,
        limits: cli.guards.limits(),
        snapshot_every: cli.snapshot_every.0,
        snapshots_kept: cli.snapshots_kept,
    };
    let runtime = runtime()?;
    runtime.block_on(async {
        let signals = Signals::install()?;
        let server = Server::start(config.clone()).await?;
        signals.handle(server.stopper(), server.snapshotter());
        announce(&server, &config);
        server.wait().await
    })
}

/// Hashing a password allocates 19 MiB. Once glibc has freed one allocation
/// that large it raises its mmap threshold to match and serves the next ones
/// from per-thread arenas, which it keeps: a storm of 200 logins, hashed one
/// at a time but on whichever blocking-pool thread was free, left the server
/// holding 4.5 GiB. A fixed threshold gives every allocation over 1 MiB its
/// own mapping, returned to the system when freed.
fn return_large_allocations_to_the_system() {
    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    // SAFETY: mallopt only tunes the allocator; it runs before any other
    // thread exists.
    unsafe {
        libc::mallopt(libc::M_MMAP_THRESHOLD, 1 << 20);
    }
}

/// The async runtime: one thread per core the process may use, and on a
/// single core the current-thread scheduler. Its run queue is strictly first
/// come, first served; the multi-thread scheduler's local queue holds 256
/// tasks and spills the rest to a global queue it looks at only now and
/// then, so under load (every socket's reader and writer runnable at once)
/// some players waited hundreds of milliseconds while others were served
/// again and again. (The benchmark's bare baseline, `tools/bare-chat`, runs
/// on the same runtime.)
pub fn runtime() -> std::io::Result<tokio::runtime::Runtime> {
    let cores = std::thread::available_parallelism().map_or(1, usize::from);
    if cores == 1 {
        tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
    } else {
        tokio::runtime::Runtime::new()
    }
}

/// Prints where players can connect.
fn announce(server: &Server, config: &Config) {
    println!(
        "Hearth {} is serving \"{}\".",
        env!("CARGO_PKG_VERSION"),
        server.world().name()
    );
    println!("Players can open:");
    for origin in server.origins() {
        println!("  {origin}/");
    }
    let data_dir =
        std::fs::canonicalize(&config.data_dir).unwrap_or_else(|_| config.data_dir.clone());
    if server.started_a_new_game() {
        println!(
            "No saved game was found in {}, so a new one has begun.",
            data_dir.display()
        );
    }
    println!("Saving to {}. Press Ctrl+C to stop.", data_dir.display());
}
