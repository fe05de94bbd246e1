//! hearth-load: a load generator for Hearth.
//!
//! It drives a running server the way players do: accounts over HTTP
//! ([`accounts`]), a Socket.IO connection each over WebSocket ([`client`],
//! [`protocol`]), a walk home through the world ([`plan`]), then one of the
//! scenarios of issue #6 ([`scenario`]): chat, mixed, idle, login storm.
//! It drives one server or a cluster's instances ([`instances`]), and can
//! kill a cluster's leader mid-run to measure the failover. Every answer is checked against the command it answers ([`player`],
//! [`script`]), and the servers' CPU and memory (and Redis's CPU) are read from `/proc`
//! ([`process`]). `BENCHMARKS.md` at the repository root has the commands
//! and the results.

pub mod accounts;
pub mod cli;
pub mod client;
pub mod crowd;
pub mod instances;
pub mod plan;
pub mod player;
pub mod process;
pub mod protocol;
pub mod report;
pub mod scenario;
pub mod script;
pub mod tally;
