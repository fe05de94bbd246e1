//! Hearth: a multiplayer text-adventure server in one binary.
//!
//! # Architecture
//!
//! ```text
//!  browser ──HTTP──▶ transport::http ──▶ accounts ──▶ store (redb)
//!     │                                                  ▲ records
//!     └─Socket.IO─▶ transport::socket ──Request──▶ engine ┤ (group commit, then publish)
//!                         ▲   (Outlet)             │     │
//!                         │                   game (pure rules, time as input)
//!                   delivery::Hub ◀──── bus ◀──Batch─┘
//! ```
//!
//! - [`game`] is the rules and nothing else: a command plus the state it reads
//!   (and the time) gives a reply, events and changes. No I/O, so every rule
//!   is unit-tested, timed ones with a fake clock.
//! - [`engine`] owns the game. It applies the inputs of every connection from
//!   one queue, in order, saves each group's changes in one durable commit,
//!   and only then publishes what happened, with every event's audience
//!   resolved to accounts and every message numbered in its account's
//!   sequence. A failed commit is told to nobody and forgotten.
//! - [`bus`] carries those batches, in order, to every consumer on the node.
//! - [`delivery`] is the bus's consumer: it holds this node's connections of
//!   every transport, records what each account is sent (so a client that
//!   comes back catches up), hands each connection its messages, and sends
//!   them all who came and went at most once a second (presence).
//! - [`store`] is the one narrow interface to everything kept on disk; the
//!   game is saved as records ([`store::records`]), the default store is a
//!   single redb file.
//! - [`accounts`] knows passwords and session tokens.
//! - [`transport`] is HTTP, Socket.IO and telnet. It knows no game rules: it
//!   turns messages into engine requests, and renders what the hub hands its
//!   connections into each one's wire format (emits; terminal lines and GMCP).
//! - [`limits`] are the abuse limits (timeouts, per-address caps and rate
//!   limits) and the keyed rate limiter they share; `--limits off` turns
//!   them all off.
//! - `cluster` (with the `redis` feature) lets several instances serve one
//!   world through Redis: every instance is an edge that forwards its
//!   connections' inputs on a stream and delivers the output stream to them
//!   through its own hub; the one holding the fenced lease runs the engine,
//!   committing each group with the commit script, over a Redis store
//!   (`store::redis`) (docs/cluster.md).
//! - [`metrics`] is what a host sees of a running server (Prometheus, at
//!   `/metrics` with `--metrics-token`).
//! - [`server`] wires these together and stops them in order; [`cli`] is the
//!   `hearth` command, with every setting declared once.
//! - [`disk`] makes the files that hold secrets owner-only, and flushes the
//!   directories that renames must survive in.

pub mod accounts;
pub mod bus;
pub mod cli;
#[cfg(feature = "redis")]
pub mod cluster;
pub mod delivery;
pub mod disk;
pub mod engine;
pub mod game;
pub mod limits;
pub mod metrics;
pub mod server;
pub mod signals;
pub mod snapshots;
pub mod store;
pub mod transport;
