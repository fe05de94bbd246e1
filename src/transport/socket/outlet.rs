//! One socket as the delivery hub sees it: messages become emits, in the
//! contract's wire format, and answers find the acknowledgement (if the
//! client asked for one) of the request they answer.
//!
//! Closing a socket queues a Socket.IO disconnect, which the client reads
//! and its character leaves (link-dead, unless it was closed for good). A
//! client that has stopped reading has a full queue, and socketioxide then
//! does nothing at all (`disconnect` fails without closing), so such a
//! socket is *abandoned* instead: its WebSocket's connection is hung up
//! (engineioxide then ends the session), its connection leaves the game at
//! once (the character goes link-dead, and the client coming back catches
//! up on what it missed), and the disconnect is tried again each
//! second, for a poller that comes back, until the socket has closed (the
//! heartbeat closes a session that never polls again).

use std::sync::{Arc, OnceLock, Weak};
use std::time::Duration;

use socketioxide::adapter::Adapter;
use socketioxide::extract::{AckSender, SocketRef};
use socketioxide::{SendError, SocketError};

use super::handlers::Connection;
use super::hangups::Hangups;
use super::wire::{
    CommandResponse, Connected, ErrorPayload, EventPayload, GapNotice, Numbered, Presence, Status,
};
use crate::delivery::{Outgoing, Outlet, Unwritable};
use crate::game::EventKind;
use crate::transport::game_link::{ENTER_REQUEST, Waiting};

/// How often an abandoned socket's disconnect is tried again, and how many
/// times (well past the heartbeat, which ends a session that never reads).
const RETRY_DISCONNECT_EVERY: Duration = Duration::from_secs(1);
const RETRIES: usize = 90;

pub struct SocketOutlet<A: Adapter> {
    socket: SocketRef<A>,
    /// The socket's requests waiting for their answers, each with its
    /// acknowledgement when the client asked for one: the answer then goes
    /// in the ack instead of an event.
    waiting: Waiting<Option<AckSender<A>>>,
    hangups: Hangups,
    /// The socket's link to the game, to take its character out when the
    /// socket is abandoned.
    connection: OnceLock<Weak<Connection<A>>>,
}

impl<A: Adapter> SocketOutlet<A> {
    pub fn new(socket: SocketRef<A>, hangups: Hangups) -> SocketOutlet<A> {
        SocketOutlet {
            socket,
            waiting: Waiting::default(),
            hangups,
            connection: OnceLock::new(),
        }
    }

    /// Links the socket to its connection to the game, once it has one.
    pub fn bind(&self, connection: &Arc<Connection<A>>) {
        let _ = self.connection.set(Arc::downgrade(connection));
    }

    pub fn waiting(&self) -> &Waiting<Option<AckSender<A>>> {
        &self.waiting
    }

    /// The acknowledgement of request `request`, now answered, if it asked for one.
    fn answered(&self, request: u64) -> Option<AckSender<A>> {
        self.waiting.answered(request).flatten()
    }

    fn emit(&self, event: &str, payload: &impl serde::Serialize) -> Result<(), Unwritable> {
        delivered(self.socket.emit(event, payload))
    }

    /// Ends the socket; when its client cannot take even that, abandons it.
    fn end(&self) {
        if let Err(SocketError::InternalChannelFull) = self.socket.clone().disconnect() {
            self.abandon();
        }
    }

    /// Ends a socket whose client has stopped reading (see the module docs).
    fn abandon(&self) {
        if let Some(hangup) = self.hangups.of(&self.socket) {
            hangup.now();
        }
        let connection = self.connection.get().and_then(Weak::upgrade);
        let socket = self.socket.clone();
        // In a task of its own: the hub may be holding its registry, which
        // the character's leaving needs.
        tokio::spawn(async move {
            if let Some(connection) = connection {
                connection.leave();
            }
            for _ in 0..RETRIES {
                if !socket.connected()
                    || !matches!(
                        socket.clone().disconnect(),
                        Err(SocketError::InternalChannelFull)
                    )
                {
                    return;
                }
                tokio::time::sleep(RETRY_DISCONNECT_EVERY).await;
            }
        });
    }

    /// Answers a request: in its ack if it asked for one, else as `event`.
    fn answer(
        &self,
        request: u64,
        event: &str,
        payload: &impl serde::Serialize,
    ) -> Result<(), Unwritable> {
        match self.answered(request) {
            Some(ack) => delivered(ack.send(payload)),
            None => self.emit(event, payload),
        }
    }
}

/// What an emit's failure means to the hub. A full queue is a client that
/// stopped reading. A socket that has closed takes nothing more, and its own
/// disconnect takes its character out, so there is nothing to drop.
fn delivered(sent: Result<(), SendError>) -> Result<(), Unwritable> {
    match sent {
        Err(SendError::Socket(SocketError::InternalChannelFull)) => Err(Unwritable),
        Err(SendError::Serialize(error)) => {
            tracing::error!(%error, "a message could not be encoded");
            Ok(())
        }
        Ok(()) | Err(SendError::Socket(SocketError::Closed)) => Ok(()),
    }
}

impl<A: Adapter> Drop for SocketOutlet<A> {
    fn drop(&mut self) {
        self.hangups.forget(&self.socket.id.to_string());
    }
}

impl<A: Adapter> Outlet for SocketOutlet<A> {
    fn send(&self, message: Outgoing<'_>) -> Result<(), Unwritable> {
        match message {
            Outgoing::Welcome { welcome, seq } => {
                self.answered(ENTER_REQUEST);
                self.emit("connected", &Connected::new(welcome, seq.0))
            }
            Outgoing::Reply {
                request,
                seq,
                command,
                response,
                replayed,
            } => {
                let numbered = Numbered {
                    seq: seq.0,
                    replayed,
                };
                let payload = CommandResponse::new(command, response, numbered);
                match request {
                    Some(request) => self.answer(request, "command_response", &payload),
                    None => self.emit("command_response", &payload),
                }
            }
            Outgoing::Refusal { request, error } => {
                let payload = ErrorPayload { error };
                let answered = self.answer(request, "error", &payload);
                if request == ENTER_REQUEST {
                    // The character could not enter: the socket is no use.
                    self.end();
                }
                answered
            }
            Outgoing::Done { request } => {
                // Nothing to say; an ack, if asked for, still gets an answer.
                match self.answered(request) {
                    Some(ack) => delivered(ack.send(&serde_json::json!({}))),
                    None => Ok(()),
                }
            }
            Outgoing::Event {
                event,
                seq,
                replayed,
            } => {
                let numbered = Numbered {
                    seq: seq.0,
                    replayed,
                };
                if event.kind == EventKind::Status {
                    let status = Status {
                        msg: &event.text,
                        channel: event.channel.as_deref(),
                        seq: numbered.seq,
                        replayed: numbered.replayed,
                    };
                    self.emit("status", &status)
                } else {
                    self.emit("event", &EventPayload::new(event, numbered))
                }
            }
            Outgoing::Gap { text } => self.emit("event", &GapNotice::new(text)),
            Outgoing::Presence { news } => self.emit("presence", &Presence::from(news)),
        }
    }

    fn close(&self, notice: Option<&str>) {
        if let Some(notice) = notice {
            let _ = self.emit("event", &super::wire::system_notice(notice));
        }
        self.end();
    }
}
