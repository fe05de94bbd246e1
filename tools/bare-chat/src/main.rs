//! `bare-chat`: the bare socketioxide baseline for `hearth-load chat` (see
//! the library's docs and BENCHMARKS.md). Not part of Hearth.

use std::net::IpAddr;
use std::path::PathBuf;

use clap::Parser;
use hearth::game::World;
use tokio::signal::unix::{SignalKind, signal};

/// The bare socketioxide server Hearth's chat benchmark is compared with:
/// accounts without passwords, no storage, `say` by socketioxide's room
/// broadcast. For measuring only.
#[derive(Debug, Parser)]
#[command(version, about, long_about = None)]
struct Cli {
    /// Address to listen on.
    #[arg(long, default_value = "127.0.0.1")]
    bind: IpAddr,

    /// Port to listen on; 0 picks a free one (and prints it).
    #[arg(long, default_value_t = 4100)]
    port: u16,

    /// World file (TOML) whose rooms and exits to serve; without it, Hearth's
    /// built-in world.
    #[arg(long)]
    world: Option<PathBuf>,
}

fn main() -> anyhow::Result<()> {
    let cli = Cli::parse();
    let world = match &cli.world {
        Some(path) => World::load(path)?,
        None => World::builtin(),
    };
    hearth::cli::runtime()?.block_on(async {
        let (address, serving) = bare_chat::start((cli.bind, cli.port).into(), world).await?;
        println!("bare-chat is serving on {address}; Ctrl+C or SIGTERM stops it.");
        tokio::select! {
            served = serving => served??,
            stopped = stop_signal() => stopped?,
        }
        Ok(())
    })
}

/// SIGINT or SIGTERM. Handled, not left to their default action: a shell
/// script's background jobs start with SIGINT ignored, and the benchmark
/// stops its servers with it.
async fn stop_signal() -> std::io::Result<()> {
    let mut interrupt = signal(SignalKind::interrupt())?;
    let mut terminate = signal(SignalKind::terminate())?;
    tokio::select! {
        _ = interrupt.recv() => {}
        _ = terminate.recv() => {}
    }
    Ok(())
}
