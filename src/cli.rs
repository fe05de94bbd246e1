//! The `hearth` command line: flags (each also an environment variable),
//! logging, the runtime, signals, and the addresses players can open.

use std::net::IpAddr;
use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand};
use tracing_subscriber::EnvFilter;

use crate::game::World;
use crate::server::{Config, Server};

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
    /// (repeat for more). Pages served by Hearth itself are always allowed.
    #[arg(long = "allow-origin", value_name = "ORIGIN", global = true)]
    allow_origin: Vec<String>,

    /// What to log, as a RUST_LOG filter: "info", "debug", "hearth=debug,warn"...
    #[arg(long, env = "RUST_LOG", default_value = "info", global = true)]
    log: String,

    #[command(subcommand)]
    command: Option<Command>,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Check a world file and report every problem, without starting the server.
    CheckWorld {
        /// The world file to check.
        file: PathBuf,
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

fn serve(cli: &Cli) -> anyhow::Result<()> {
    let config = Config {
        bind: cli.bind,
        port: cli.port,
        data_dir: cli.data_dir.clone(),
        world: cli.world.clone(),
        allowed_origins: cli.allow_origin.clone(),
    };
    let runtime = runtime()?;
    runtime.block_on(async {
        let server = Server::start(config.clone()).await?;
        announce(&server, &config);
        let stopper = server.stopper();
        tokio::spawn(async move {
            shutdown_signal().await;
            stopper.cancel();
        });
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
/// again and again.
fn runtime() -> std::io::Result<tokio::runtime::Runtime> {
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
    let port = server.address().port();
    println!(
        "Hearth {} is serving \"{}\".",
        env!("CARGO_PKG_VERSION"),
        server.world().name()
    );
    println!("Players can open:");
    for host in reachable_hosts(config.bind) {
        println!("  http://{host}:{port}/");
    }
    let data_dir =
        std::fs::canonicalize(&config.data_dir).unwrap_or_else(|_| config.data_dir.clone());
    println!("Saving to {}. Press Ctrl+C to stop.", data_dir.display());
}

/// Host names a browser can use to reach a server bound to `bind`.
fn reachable_hosts(bind: IpAddr) -> Vec<String> {
    if !bind.is_unspecified() {
        return vec![host_in_url(bind)];
    }
    let mut hosts = vec!["localhost".to_owned()];
    let interfaces = if_addrs::get_if_addrs().unwrap_or_default();
    hosts.extend(
        interfaces
            .iter()
            .map(|interface| interface.ip())
            .filter(|ip| !ip.is_loopback() && (ip.is_ipv4() || bind.is_ipv6()))
            .map(host_in_url),
    );
    hosts
}

fn host_in_url(ip: IpAddr) -> String {
    match ip {
        IpAddr::V4(v4) => v4.to_string(),
        IpAddr::V6(v6) => format!("[{v6}]"),
    }
}

async fn shutdown_signal() {
    let interrupt = tokio::signal::ctrl_c();
    #[cfg(unix)]
    {
        let mut terminate =
            tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate())
                .expect("installing a SIGTERM handler succeeds");
        tokio::select! {
            _ = interrupt => {}
            _ = terminate.recv() => {}
        }
    }
    #[cfg(not(unix))]
    let _ = interrupt.await;
}
