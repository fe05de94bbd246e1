//! Transport: how players reach the game. HTTP routes for accounts, health and
//! the web client, Socket.IO for play in the browser, and telnet for MUD
//! clients ([`telnet`], which renders through an [`outlet::Outlet`]).
//!
//! Nothing here knows a game rule. Socket.IO handlers turn messages into
//! [`crate::engine::Request`]s; the [`socket::dispatch`] task turns what the
//! engine publishes on the [`crate::bus`] into emits to Socket.IO rooms:
//! `room:<location>`, `user:<account key>` and `channel:<name>`.

pub mod http;
pub mod outlet;
pub mod socket;
pub mod telnet;
