//! Hearth: a multiplayer text-adventure server in one binary.
//!
//! # Architecture
//!
//! ```text
//!  browser ──HTTP──▶ transport::http ──▶ accounts ──▶ store (redb)
//!     │                                                  ▲
//!     └─Socket.IO─▶ transport::socket ──Request──▶ engine ┤ save_game (group commit)
//!                         ▲                        │     │
//!                         │                    game (pure rules)
//!                         └──────── bus ◀──Batch───┘
//! ```
//!
//! - [`game`] is the rules and nothing else: a command plus the state it reads
//!   gives a reply, events and changes. No I/O, so every rule is unit-tested.
//! - [`engine`] owns the game. It applies the inputs of every connection from
//!   one queue, in order, saves each group's changes in one durable commit,
//!   and only then publishes what happened.
//! - [`bus`] carries those batches, in order, from the engine to the transport.
//! - [`store`] is the one narrow interface to everything kept on disk; the
//!   default is a single redb file.
//! - [`accounts`] knows passwords and session tokens.
//! - [`transport`] is HTTP, Socket.IO and telnet. It knows no game rules: it
//!   turns messages into engine requests, and batches into emits to the
//!   Socket.IO rooms `room:<location>`, `user:<account>` and
//!   `channel:<name>`; telnet renders what the game says as terminal lines
//!   and GMCP, behind the [`transport::outlet`] seam.
//! - [`server`] wires these together and stops them in order; [`cli`] is the
//!   `hearth` command.

pub mod accounts;
pub mod bus;
pub mod cli;
pub mod engine;
pub mod game;
pub mod server;
pub mod signals;
pub mod snapshots;
pub mod store;
pub mod transport;
