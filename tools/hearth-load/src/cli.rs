//! The `hearth-load` command line.

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand};

/// Drives a running Hearth server the way real players do (HTTP accounts,
/// Socket.IO over WebSocket, walking the world) and measures it.
#[derive(Debug, Parser)]
#[command(version, about, long_about = None)]
pub struct Cli {
    #[command(flatten)]
    pub common: Common,
    #[command(subcommand)]
    pub scenario: Scenario,
}

/// Options every scenario takes.
#[derive(Debug, Clone, Args)]
pub struct Common {
    /// The server, as HOST:PORT (loopback only); or a cluster's instances,
    /// comma-separated, over which the players are dealt round robin.
    #[arg(
        long,
        default_value = "127.0.0.1:4000",
        value_delimiter = ',',
        num_args = 1,
        global = true
    )]
    pub server: Vec<String>,

    /// The server's process id, to read its CPU and memory from /proc; with
    /// several servers, theirs, comma-separated in the same order.
    #[arg(long, value_delimiter = ',', num_args = 1, global = true)]
    pub server_pid: Vec<u32>,

    /// Redis's process id (a cluster), to read its CPU from /proc.
    #[arg(long, global = true)]
    pub redis_pid: Option<u32>,

    /// The world file the server plays (the players plan their walks on
    /// it); without it, the built-in world.
    #[arg(long, global = true)]
    pub world: Option<PathBuf>,

    /// File that keeps the players' session tokens between runs ("none" to
    /// keep them for this run only).
    #[arg(long, default_value = "hearth-load-accounts.txt", global = true)]
    pub accounts: PathBuf,

    /// Players are named PREFIX00000, PREFIX00001, ...
    #[arg(long, default_value = "load", global = true)]
    pub prefix: String,

    /// Connections opened at once while players gather.
    #[arg(long, default_value_t = 50, global = true)]
    pub connecting: usize,

    /// Also write the results here, as JSON.
    #[arg(long, global = true)]
    pub json: Option<PathBuf>,
}

#[derive(Debug, Clone, Subcommand)]
pub enum Scenario {
    /// Only registers and logs in PLAYERS accounts and caches their tokens,
    /// so later runs start at once (hashing is slow on purpose).
    SignIn {
        #[arg(long, default_value_t = 10_000)]
        players: usize,
    },
    /// Players in rooms of ROOM_SIZE each `say`, wait for their answer, and
    /// say again (closed loop).
    Chat {
        #[command(flatten)]
        crowd: CrowdArgs,
        #[command(flatten)]
        timing: Timing,
    },
    /// A fixed total rate of commands (open loop): 70% say, 10% look, 10%
    /// moves, 10% take/drop.
    Mixed {
        #[command(flatten)]
        crowd: CrowdArgs,
        #[command(flatten)]
        timing: Timing,
        /// Commands per second, all players together.
        #[arg(long, default_value_t = 5000.0)]
        rate: f64,
        /// Seconds into the measured window when the instance running the
        /// game (a cluster's leader, found from /healthz) is killed with
        /// SIGKILL; its players connect again to another instance. Needs
        /// --server-pid for every server.
        #[arg(long)]
        kill_leader_after: Option<f64>,
    },
    /// One client sends `shout` and `who` (each reaching every player) at
    /// FLOOD_RATE while PLAYERS run the mixed workload at RATE; compares the
    /// players' latency over a calm window and then a flooded one. Run the
    /// server with its limits on: the command rate limit is the defence.
    Flood {
        #[command(flatten)]
        crowd: CrowdArgs,
        #[command(flatten)]
        timing: Timing,
        /// Commands per second of the players, all together.
        #[arg(long, default_value_t = 1000.0)]
        rate: f64,
        /// Commands per second the flooding client sends.
        #[arg(long, default_value_t = 200.0)]
        flood_rate: f64,
    },
    /// Players connect and stay idle, answering pings.
    Idle {
        #[arg(long, default_value_t = 10_000)]
        players: usize,
        /// Seconds to stay idle; longer than the 25 s ping interval.
        #[arg(long, default_value_t = 40.0)]
        idle: f64,
    },
    /// LOGINS players log in and connect at once while PLAYERS already in
    /// the game run the mixed workload at RATE.
    LoginStorm {
        #[command(flatten)]
        crowd: CrowdArgs,
        #[command(flatten)]
        timing: Timing,
        /// Commands per second of the players already in the game.
        #[arg(long, default_value_t = 2000.0)]
        rate: f64,
        #[arg(long, default_value_t = 200)]
        logins: usize,
        /// Seconds into the measured window when the logins start.
        #[arg(long, default_value_t = 2.0)]
        storm_after: f64,
    },
}

#[derive(Debug, Clone, Args)]
pub struct CrowdArgs {
    #[arg(long, default_value_t = 1000)]
    pub players: usize,
    /// Players sharing each home room.
    #[arg(long, default_value_t = 10)]
    pub room_size: usize,
}

#[derive(Debug, Clone, Args)]
pub struct Timing {
    /// Seconds run before measuring starts.
    #[arg(long, default_value_t = 2.0)]
    pub warmup: f64,
    /// Seconds measured.
    #[arg(long, default_value_t = 10.0)]
    pub duration: f64,
}

#[cfg(test)]
mod tests {
    use clap::Parser as _;

    use super::*;

    #[test]
    fn one_server_by_default() {
        let cli = Cli::parse_from(["hearth-load", "chat"]);
        assert_eq!(cli.common.server, ["127.0.0.1:4000"]);
        assert!(cli.common.server_pid.is_empty());
        assert_eq!(cli.common.redis_pid, None);
    }

    #[test]
    fn a_cluster_is_a_list_of_servers_and_their_pids() {
        let cli = Cli::parse_from([
            "hearth-load",
            "--server",
            "127.0.0.1:4100,127.0.0.1:4101",
            "--server-pid",
            "17,18",
            "--redis-pid",
            "9",
            "mixed",
            "--kill-leader-after",
            "4.5",
        ]);
        assert_eq!(cli.common.server, ["127.0.0.1:4100", "127.0.0.1:4101"]);
        assert_eq!(cli.common.server_pid, [17, 18]);
        assert_eq!(cli.common.redis_pid, Some(9));
        assert!(matches!(
            cli.scenario,
            Scenario::Mixed { kill_leader_after: Some(after), .. } if after == 4.5
        ));
    }

    #[test]
    fn a_pid_that_is_not_a_number_is_refused() {
        let error = Cli::try_parse_from(["hearth-load", "--server-pid", "17,x", "chat"])
            .expect_err("x is no pid");
        assert!(error.to_string().contains("invalid value 'x'"), "{error}");
    }
}
