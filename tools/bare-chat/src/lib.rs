//! bare-chat: the *bare socketioxide baseline* of Hearth's chat benchmark.
//!
//! Issue 9 asks that Hearth's chat scenario keep at least 0.9x the
//! throughput of a bare socketioxide 0.18 server measured in the same run
//! (BENCHMARKS.md, "Round 2"). This is that server: the smallest one
//! `hearth-load chat` can play against, doing the same observable job as
//! Hearth in that scenario, with socketioxide's own room broadcasts and
//! nothing else. It is a measuring stick, not a game, and never ships.
//!
//! What it does, as the wire contract says (`docs/contract-protocol.md`):
//!
//! - `POST /api/register` (201) and `POST /api/login` (200 with a token),
//!   see [`accounts`];
//! - Socket.IO on `/` with `auth.token`, refused with `unauthorized`
//!   otherwise; `connected` `{"username", "location"}`, the character in the
//!   world's start room;
//! - `command` events, handled inline in the order the socket reads them
//!   ([`play`]): an exit word of the room moves there and `look` describes
//!   the room, both answered with `command_response` carrying the room's
//!   `data`; `say <text>` is answered with `command_response` and told to the
//!   rest of the room as `event` `{"type": "say", "text", "from"}` with
//!   `socket.to(room).emit`, socketioxide's room broadcast.
//!
//! It runs with what Hearth's transport runs with, so the comparison
//! isolates Hearth's own work: the same socketioxide settings
//! ([`hearth::transport::socket::builder`]), `TCP_NODELAY` on every
//! connection, the same runtime (current-thread on one core,
//! [`hearth::cli::runtime`]), and the world read with Hearth's own loader,
//! so rooms and exits are the ones the load generator plans its walks on.
//!
//! What it deliberately does not do, because that is Hearth's own work the
//! benchmark measures: no storage at all (characters start in the start room
//! on every run and nothing survives a restart; there is no group commit),
//! no password hashing (any password logs in, and the token is derived from
//! the name), no engine queue, no numbering of messages (`seq`), no history
//! for clients coming back, no delivery hub; no comings and goings told to
//! the room, no items moving, no other command, no long-polling concerns,
//! no rate limits, no `/healthz` (the load generator then reports no engine
//! counters), no graceful shutdown (a signal ends it at once).

pub mod accounts;
pub mod play;

use std::net::SocketAddr;
use std::sync::Arc;

use axum::Router;
use axum::routing::post;
use axum::serve::ListenerExt as _;
use hearth::game::World;
use socketioxide::extract::SocketRef;
use socketioxide::handler::ConnectHandler as _;
use tokio::net::TcpListener;

/// Binds `address` and serves `world` until the process ends; returns the
/// address it listens on and the serving task.
pub async fn start(
    address: SocketAddr,
    world: World,
) -> anyhow::Result<(SocketAddr, tokio::task::JoinHandle<std::io::Result<()>>)> {
    // The world lives as long as the process: rooms are handed to
    // socketioxide as `&'static str` room names, without copying them.
    let world: &'static World = Box::leak(Box::new(world));
    let (layer, io) = hearth::transport::socket::builder().build_layer();
    let enter = move |socket: SocketRef| play::enter(socket, world);
    io.ns("/", enter.with(accounts::authenticate));
    let router = Router::new()
        .route("/api/register", post(accounts::register))
        .route("/api/login", post(accounts::login))
        .layer(layer);
    let listener = TcpListener::bind(address).await?;
    let bound = listener.local_addr()?;
    // As Hearth does (`transport::listener::tune`): a reply and the events
    // after it are small writes in a row, which Nagle's algorithm would hold
    // back.
    let listener = listener.tap_io(|connection| {
        let _ = connection.set_nodelay(true);
    });
    let serving = tokio::spawn(async move { axum::serve(listener, router).await });
    Ok((bound, serving))
}

/// The name a socket authenticated as, kept in its extensions.
#[derive(Debug, Clone)]
pub struct Name(pub Arc<str>);
