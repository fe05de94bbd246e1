//! Socket.IO: connecting players to the game and the game back to them.

mod connect;
mod dispatch;
mod handlers;
mod head;
mod reply;
mod wire;

use std::sync::Arc;
use std::time::Duration;

use socketioxide::adapter::LocalAdapter;
use socketioxide::handler::ConnectHandler;
use socketioxide::layer::SocketIoLayer;
use socketioxide::{SocketIo, SocketIoBuilder};

use crate::accounts::Accounts;
use crate::engine::Inputs;

pub use connect::{ConnectionCount, OpenSessions, SESSION_COOKIE, session_cookie};
pub use dispatch::{EmitStats, dispatch};
pub use head::own_request_head;
pub use reply::ReplyTo;
pub use wire::system_event;

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

/// Builds the Socket.IO layer with the `/` namespace wired to the game.
pub fn layer(
    builder: SocketIoBuilder,
    accounts: Arc<Accounts>,
    inputs: Inputs<ReplyTo<LocalAdapter>>,
    connections: Arc<ConnectionCount>,
) -> (SocketIoLayer, SocketIo) {
    let (layer, io) = builder.build_layer();
    let enter = connect::EnterGame {
        inputs,
        connections,
    };
    let authenticate = move |socket, auth| connect::authenticate(socket, auth, accounts.clone());
    io.ns("/", enter.with(authenticate));
    (layer, io)
}
