//! Transport: how players reach the game. HTTP routes for accounts, health and
//! the web client, and Socket.IO for play.
//!
//! Nothing here knows a game rule. Socket.IO handlers turn messages into
//! [`crate::engine::Request`]s; the [`socket::dispatch`] task turns what the
//! engine publishes on the [`crate::bus`] into emits to Socket.IO rooms:
//! `room:<location>`, `user:<account key>` and `channel:<name>`.
//!
//! Underneath both, the [`listener`] accepts TCP connections and enforces
//! the connection limits (timeouts, a cap per address), and [`address`]
//! decides each request's [`ClientAddress`], which per-address limits key on.

pub mod address;
pub mod http;
pub mod listener;
pub mod socket;

pub use address::ClientAddress;
