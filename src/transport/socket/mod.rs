//! Socket.IO: connecting players to the game and the game back to them.
//!
//! A socket is authenticated before socketioxide accepts it, registered
//! with the node's delivery hub as an [`Outlet`](crate::delivery::Outlet)
//! (which turns what the hub hands it into the contract's emits), and its
//! messages are queued for the engine inline, in the order they are read.
//! Everything is generic over socketioxide's adapter; Hearth uses the local
//! one on every node, since the cluster carries the game's own messages.

mod closing;
mod connect;
mod handlers;
mod hangups;
mod head;
mod outlet;
mod wire;

use std::sync::Arc;
use std::time::Duration;

use socketioxide::adapter::Adapter;
use socketioxide::handler::ConnectHandler;
use socketioxide::layer::SocketIoLayer;
use socketioxide::{SocketIo, SocketIoBuilder};
use socketioxide_core::adapter::DefinedAdapter;

use crate::accounts::Accounts;
use crate::delivery::Hub;
use crate::engine::Inputs;
use crate::limits::Limits;

pub use closing::{Polls, close_all, count_polls};
pub use hangups::{Hangups, record_upgrades};
pub use head::own_request_head;

/// Largest Engine.IO payload accepted (a long-polling POST, a WebSocket
/// message or frame). Players send short text commands; anything near this
/// size is not one.
pub const MAX_MESSAGE_BYTES: usize = 16 * 1024;

/// Packets queued for one socket before emits to it fail. socketioxide's
/// default of 128 drops replies under load; 1024 covers a busy room's burst.
pub const SEND_BUFFER_PACKETS: usize = 1024;

/// Bytes each WebSocket reads at a time, allocated up front for every
/// connection. Commands are a few dozen bytes; a larger message just takes
/// more reads. (engineioxide's default is 4 KiB.)
pub const WS_READ_BUFFER_BYTES: usize = 1024;

/// The Socket.IO settings Hearth runs with.
pub fn builder() -> SocketIoBuilder {
    SocketIo::builder()
        .max_payload(MAX_MESSAGE_BYTES as u64)
        .ws_max_message_size(MAX_MESSAGE_BYTES)
        .ws_max_frame_size(MAX_MESSAGE_BYTES)
        .ws_read_buffer_size(WS_READ_BUFFER_BYTES)
        .max_buffer_size(SEND_BUFFER_PACKETS)
        .connect_timeout(Duration::from_secs(10))
}

/// What the HTTP router serves Socket.IO with: socketioxide's layer, the
/// connections sessions upgraded to WebSocket run on (which
/// [`record_upgrades`] notes), and the polls a stopping server waits for
/// (which [`count_polls`] counts).
pub struct Layer<A: Adapter> {
    pub socket_io: SocketIoLayer<A>,
    pub hangups: Hangups,
    pub polls: Polls,
}

/// Builds the Socket.IO layer with the `/` namespace wired to the game.
/// The adapter's start-up (a future for remote adapters) is returned with it.
pub fn layer<A: Adapter + DefinedAdapter>(
    builder: SocketIoBuilder<A>,
    accounts: Arc<Accounts>,
    inputs: Inputs,
    hub: Arc<Hub>,
    limits: &Limits,
) -> (Layer<A>, SocketIo<A>, A::InitRes) {
    let (socket_io, io) = builder.build_layer();
    let hangups = Hangups::default();
    let enter = connect::EnterGame {
        inputs,
        hub,
        limits: limits.clone(),
        hangups: hangups.clone(),
    };
    let authenticate =
        move |socket, auth| connect::authenticate::<A>(socket, auth, accounts.clone());
    let started = io.ns("/", enter.with(authenticate));
    let layer = Layer {
        socket_io,
        hangups,
        polls: Polls::default(),
    };
    (layer, io, started)
}
