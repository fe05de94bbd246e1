//! Transport: how players reach the game. HTTP routes for accounts, health and
//! the web client, Socket.IO for play in the browser, and telnet for MUD
//! clients.
//!
//! Nothing here knows a game rule. A player's connection of any kind
//! registers with the node's [`crate::delivery::Hub`] as an
//! [`Outlet`](crate::delivery::Outlet) that renders what the engine
//! published in the transport's own way (emits; lines and GMCP), and turns
//! what the player sends into [`crate::engine::Request`]s through one
//! [`game_link::GameLink`], which numbers them, matches each to its one
//! answer and takes the character out when the connection ends.
//!
//! Underneath HTTP and Socket.IO, the [`listener`] accepts TCP connections
//! and enforces the connection limits (timeouts, a cap per address, which
//! telnet's listener applies to its own connections too), and [`address`]
//! decides each request's [`ClientAddress`], which per-address limits key on.
//! [`rate`] is the per-connection command rate limit every transport applies.

pub mod address;
pub mod credentials;
pub mod game_link;
pub mod http;
pub mod listener;
pub mod rate;
pub mod socket;
pub mod telnet;

pub use address::ClientAddress;
