//! What every transport's connection offers the hub: somewhere to put a
//! message, and a way to close. The transport renders each message its own
//! way (Socket.IO emits, telnet lines); the hub only decides who gets what.

use std::sync::Arc;

use crate::bus::Seq;
use crate::game::{Event, PresenceNews, Response, Welcome};

/// One message for one connection.
#[derive(Debug, Clone, Copy)]
pub enum Outgoing<'a> {
    /// The character is in the game through this connection (`connected`);
    /// `seq` is the last number its account has used.
    Welcome { welcome: &'a Welcome, seq: Seq },
    /// The answer to a command. `request` is the connection's own request
    /// it answers; `None` when it answers another connection's, replayed.
    Reply {
        request: Option<u64>,
        seq: Seq,
        command: &'a str,
        response: &'a Response,
        replayed: bool,
    },
    /// A request of this connection was refused (`error`).
    Refusal { request: u64, error: &'a str },
    /// A request of this connection is done, with nothing to say.
    Done { request: u64 },
    /// Something happened that this connection's account hears.
    Event {
        event: &'a Arc<Event>,
        seq: Seq,
        replayed: bool,
    },
    /// Some of what the account was sent while away is no longer kept, so
    /// the replay that follows is not everything.
    Gap { text: &'a str },
    /// Who came into the world and who left it lately (not numbered).
    Presence { news: &'a PresenceNews },
}

/// The connection cannot take more: it has stopped reading. The hub closes it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Unwritable;

pub trait Outlet: Send + Sync + 'static {
    /// Queues a message; never blocks. Fails when the connection's buffer is
    /// full or it has closed.
    fn send(&self, message: Outgoing<'_>) -> Result<(), Unwritable>;

    /// Closes the connection, after what is already queued, with an
    /// optional last word. Must end the connection even if the client has
    /// stopped reading.
    fn close(&self, notice: Option<&str>);
}
