//! The `hearth` command line: the settings (each a flag, an environment
//! variable and a key of the config file), the subcommands, logging, the
//! runtime, signals, and what the host is told.
//!
//! - `settings` declares every setting once;
//! - `layers` merges flags, variables, the config file and defaults;
//! - `template` is `hearth config`;
//! - `banner` is what a starting server prints;
//! - `running` finds a running server (its PID file) for `hearth snapshot`;
//! - `admin` is `hearth admin ...`, the staff's jobs while the server is stopped;
//! - `healthcheck` is `hearth healthcheck`, for containers.

mod admin;
mod banner;
mod healthcheck;
mod layers;
mod running;
mod settings;
mod template;

use std::ffi::OsString;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::{Parser, Subcommand};
use tracing_subscriber::EnvFilter;

use crate::game::World;
use crate::server::{Config, Server};
use crate::signals::Signals;

use settings::{LogFormat, Settings};

/// Hearth: a multiplayer text adventure in one program. Run it, and friends
/// on your network play together in their browsers.
#[derive(Debug, Parser)]
#[command(version, about, long_about = None)]
pub struct Cli {
    #[command(flatten)]
    settings: Settings,

    /// A config file to read instead of <data-dir>/hearth.toml (flags and
    /// environment variables still win over it).
    #[arg(long, env = "HEARTH_CONFIG", value_name = "FILE", global = true)]
    config: Option<PathBuf>,

    #[command(subcommand)]
    command: Option<Command>,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Check a world file and report every problem, without starting the
    /// server. Without FILE, checks the world the server would play (--world,
    /// or the built-in one).
    CheckWorld {
        /// The world file to check.
        file: Option<PathBuf>,
    },
    /// Print every setting as a commented config file, with its value now
    /// and where that came from (flag, environment, file or default).
    Config,
    /// Ask the server running on --data-dir for a snapshot now, and print
    /// its path once written.
    Snapshot,
    /// Replace the database in --data-dir with a snapshot, while the server
    /// is stopped. The current database is set aside, not deleted.
    Restore {
        /// A snapshot, e.g. hearth-data/snapshots/hearth-2026-11-26T13-07-09.123Z.redb
        snapshot: PathBuf,
    },
    /// Do what staff do in the game (roles, bans, passwords, the audit
    /// log) on the game in --data-dir, while the server is stopped.
    Admin {
        #[command(subcommand)]
        command: admin::AdminCommand,
    },
    /// Exit 0 if the server on --bind/--port answers /healthz with 200 (for
    /// a container's HEALTHCHECK, which has no curl).
    Healthcheck,
}

/// Runs the command line; the binary's `main` is just this.
pub fn main() -> ExitCode {
    let args: Vec<OsString> = std::env::args_os().collect();
    let layered = match layers::parse(&args) {
        Ok(Ok(layered)) => layered,
        Ok(Err(usage)) => usage.exit(),
        Err(error) => return failed(&error),
    };
    let settings = &layered.cli.settings;
    start_logging(settings);
    let result = match &layered.cli.command {
        Some(Command::CheckWorld { file }) => {
            check_world(file.as_ref().or(settings.world.as_ref()))
        }
        Some(Command::Config) => {
            print!("{}", template::render(&layered));
            Ok(())
        }
        Some(Command::Snapshot) => running::request_snapshot(&settings.data_dir),
        Some(Command::Restore { snapshot }) => restore(snapshot, &settings.data_dir),
        Some(Command::Admin { command }) => admin::run(command, &settings.data_dir),
        Some(Command::Healthcheck) => healthcheck::check(settings.bind, settings.port),
        None => serve(settings),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => failed(&error),
    }
}

/// Logs to stderr as `--log` and `--log-format` say: colour only when
/// stderr is a terminal, so a journal or a file gets no escape codes.
fn start_logging(settings: &Settings) {
    let logs = tracing_subscriber::fmt()
        .with_env_filter(EnvFilter::new(&settings.log))
        .with_writer(std::io::stderr);
    match settings.log_format {
        LogFormat::Text => logs
            .with_ansi(std::io::IsTerminal::is_terminal(&std::io::stderr()))
            .init(),
        LogFormat::Json => logs.json().with_ansi(false).init(),
    }
}

fn failed(error: &anyhow::Error) -> ExitCode {
    eprintln!("hearth: {error:#}");
    ExitCode::FAILURE
}

fn check_world(file: Option<&PathBuf>) -> anyhow::Result<()> {
    let (world, what) = match file {
        Some(file) => (World::load(file)?, file.display().to_string()),
        None => (World::builtin(), "The built-in world".to_owned()),
    };
    for warning in world.warnings() {
        println!("warning: {warning}");
    }
    let count = |n: usize, what: &str| format!("{n} {what}{}", if n == 1 { "" } else { "s" });
    println!(
        "{what}: \"{}\" is fine: {}, {}, {}, {}, {}; {}.",
        world.name(),
        count(world.rooms().count(), "room"),
        count(world.items().count(), "item"),
        count(world.doors().count(), "door"),
        count(world.npcs().count(), "NPC"),
        count(world.triggers().count(), "trigger"),
        count(world.warnings().len(), "warning"),
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

fn serve(settings: &Settings) -> anyhow::Result<()> {
    let config = settings.server_config();
    let runtime = runtime()?;
    runtime.block_on(async {
        let signals = Signals::install()?;
        let server = start(settings, config.clone())
            .await
            .map_err(|error| explain_start_failure(error, settings))?;
        let _running = running::PidFile::write(&config.data_dir);
        signals.handle(server.stopper(), server.snapshotter());
        let url = banner::announce(&server, config.bind, &config.data_dir);
        if settings.open {
            banner::open_in_browser(url);
        }
        server.wait().await
    })
}

/// Starts the server alone, or as an instance of a cluster with `--redis`.
async fn start(settings: &Settings, config: Config) -> anyhow::Result<Server> {
    match &settings.redis {
        None => Server::start(config).await,
        Some(url) => start_in_cluster(settings, url, config).await,
    }
}

#[cfg(feature = "redis")]
async fn start_in_cluster(
    settings: &Settings,
    url: &str,
    config: Config,
) -> anyhow::Result<Server> {
    let cluster = crate::cluster::ClusterConfig {
        url: url.to_owned(),
        name: settings.cluster_name.clone(),
        timing: crate::cluster::Timing::with_lease(settings.cluster_lease),
    };
    Server::start_in_cluster(config, cluster).await
}

#[cfg(not(feature = "redis"))]
async fn start_in_cluster(_: &Settings, _: &str, _: Config) -> anyhow::Result<Server> {
    anyhow::bail!(
        "--redis needs a hearth built with the redis feature \
         (cargo build --release --features redis); this one serves one instance alone"
    )
}

/// Adds what to do about the failures a new host meets first.
fn explain_start_failure(error: anyhow::Error, settings: &Settings) -> anyhow::Error {
    let kind = error
        .chain()
        .find_map(|cause| cause.downcast_ref::<std::io::Error>())
        .map(std::io::Error::kind);
    let hint = match kind {
        Some(std::io::ErrorKind::AddrInUse) => format!(
            "another program (perhaps another Hearth) is using port {}; choose another with \
             --port N (or HEARTH_PORT), or --port 0 for any free one",
            settings.port
        ),
        Some(std::io::ErrorKind::AddrNotAvailable) => format!(
            "no network interface of this machine has the address {}; choose another with \
             --bind (0.0.0.0 for all of them)",
            settings.bind
        ),
        Some(std::io::ErrorKind::PermissionDenied) if settings.port < 1024 => {
            "ports below 1024 need privileges; choose a higher one with --port N, like 4000"
                .to_owned()
        }
        _ => return error,
    };
    error.context(hint)
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
