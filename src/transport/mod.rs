//! Transport: how players reach the game. HTTP routes for accounts, health and
//! the web client, and Socket.IO for play.
//!
//! Nothing here knows a game rule. Socket.IO handlers turn messages into
//! [`crate::engine::Request`]s; each connection registers with the node's
//! [`crate::delivery::Hub`] as an outlet that renders what the engine
//! published into the transport's own messages.
//!
//! Underneath both, the [`listener`] accepts TCP connections and enforces
//! the connection limits (timeouts, a cap per address), and [`address`]
//! decides each request's [`ClientAddress`], which per-address limits key on.

pub mod address;
pub mod credentials;
pub mod http;
pub mod listener;
pub mod socket;

pub use address::ClientAddress;
