//! Transport: how players reach the game. HTTP routes for accounts, health and
//! the web client, and Socket.IO for play.
//!
//! Nothing here knows a game rule. Socket.IO handlers turn messages into
//! [`crate::engine::Request`]s; each connection registers with the node's
//! [`crate::delivery::Hub`] as an outlet that renders what the engine
//! published into the transport's own messages.

pub mod credentials;
pub mod http;
pub mod socket;
