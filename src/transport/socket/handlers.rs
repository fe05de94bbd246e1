//! What happens when a connected socket sends something.
//!
//! socketioxide runs closure handlers in tasks of their own, so two commands
//! from one socket could reach the game in either order. These handlers are
//! plain structs whose `call` runs inline, in the order the socket's messages
//! are read, and does nothing but check the message and queue it for the
//! engine. A bad message gets an `error` and the connection stays up.

use std::sync::Arc;

use socketioxide::adapter::Adapter;
use socketioxide::extract::{AckSender, Event, SocketRef, TryData};
use socketioxide::handler::{DisconnectHandler, FromMessageParts, MessageHandler, Value};
use socketioxide::socket::{DisconnectReason, Socket};

use super::outlet::SocketOutlet;
use super::wire::{ChannelRequest, CommandRequest, ErrorPayload};
use crate::game::Input;
use crate::game::command::MAX_COMMAND_CHARS;
use crate::transport::game_link::GameLink;

/// Marks these handlers' impls of socketioxide's traits apart from its own
/// closure impls.
pub struct Inline;

/// One connected socket's link to the game.
pub struct Connection<A: Adapter> {
    link: GameLink,
    outlet: Arc<SocketOutlet<A>>,
}

impl<A: Adapter> Connection<A> {
    pub fn new(link: GameLink, outlet: Arc<SocketOutlet<A>>) -> Connection<A> {
        Connection { link, outlet }
    }

    /// Brings the character into the game through this connection.
    pub fn enter(&self) {
        // Once the engine has stopped there is no game to enter.
        let _ = self.link.enter(self.outlet.waiting(), None);
    }

    /// Takes the character out through this connection, once however many
    /// times it is asked (a socket can close while it is being set up):
    /// link-dead if it dropped, out of the world if the player logged out.
    pub fn leave(&self) {
        self.link.leave();
    }

    /// Queues an input whose answer goes back to `socket`, unless it comes
    /// too fast or too many are waiting already.
    fn submit(&self, socket: &Arc<Socket<A>>, input: Input, ack: Option<AckSender<A>>) {
        if let Err(refused) = self.link.submit(input, self.outlet.waiting(), ack) {
            let problem = refused.problem();
            refuse(socket, refused.into_kept(), problem);
        }
    }
}

/// `command` `{"command": "<text>"}`.
pub struct CommandHandler<A: Adapter>(pub Arc<Connection<A>>);

impl<A: Adapter> MessageHandler<A, Inline> for CommandHandler<A> {
    fn call(&self, socket: Arc<Socket<A>>, mut data: Value, ack_id: Option<i64>) {
        let ack = acknowledgement(&socket, &mut data, ack_id);
        let Some(request) = decode::<A, CommandRequest>(&socket, data, ack_id) else {
            return refuse(
                &socket,
                ack,
                "A command is sent as {\"command\": \"<text>\"}.",
            );
        };
        if request.command.chars().count() > MAX_COMMAND_CHARS {
            let problem = format!("A command is at most {MAX_COMMAND_CHARS} characters.");
            return refuse(&socket, ack, &problem);
        }
        self.0.submit(&socket, Input::Command(request.command), ack);
    }
}

/// `join` and `leave` `{"room": "<channel>"}`.
pub struct ChannelHandler<A: Adapter> {
    pub connection: Arc<Connection<A>>,
    pub joining: bool,
}

impl<A: Adapter> MessageHandler<A, Inline> for ChannelHandler<A> {
    fn call(&self, socket: Arc<Socket<A>>, mut data: Value, ack_id: Option<i64>) {
        let ack = acknowledgement(&socket, &mut data, ack_id);
        let Some(request) = decode::<A, ChannelRequest>(&socket, data, ack_id) else {
            return refuse(
                &socket,
                ack,
                "A channel is named as {\"room\": \"<channel>\"}.",
            );
        };
        let input = if self.joining {
            Input::JoinChannel(request.room)
        } else {
            Input::LeaveChannel(request.room)
        };
        self.connection.submit(&socket, input, ack);
    }
}

/// Any event this server does not understand.
pub struct UnknownEventHandler;

impl<A: Adapter> MessageHandler<A, Inline> for UnknownEventHandler {
    fn call(&self, socket: Arc<Socket<A>>, mut data: Value, ack_id: Option<i64>) {
        let ack = acknowledgement(&socket, &mut data, ack_id);
        let name = Event::from_message_parts(&socket, &mut data, &ack_id)
            .map(|Event(name)| name)
            .unwrap_or_default();
        let problem =
            format!("Unknown event \"{name}\"; this server understands command, join and leave.");
        refuse(&socket, ack, &problem);
    }
}

/// The socket closed: the character may leave the game.
pub struct ExitHandler<A: Adapter>(pub Arc<Connection<A>>);

impl<A: Adapter> DisconnectHandler<A, Inline> for ExitHandler<A> {
    fn call_with_defer(
        &self,
        socket: Arc<Socket<A>>,
        reason: DisconnectReason,
        defer: fn(Arc<Socket<A>>),
    ) {
        tracing::info!(name = self.0.link.actor().name, sid = %socket.id, ?reason, "disconnected");
        self.0.leave();
        defer(socket);
    }
}

fn acknowledgement<A: Adapter>(
    socket: &Arc<Socket<A>>,
    data: &mut Value,
    ack_id: Option<i64>,
) -> Option<AckSender<A>> {
    ack_id?;
    AckSender::from_message_parts(socket, data, &ack_id).ok()
}

/// The message's JSON, unless it is malformed or carries binary attachments,
/// which this text server never accepts.
fn decode<A: Adapter, T: serde::de::DeserializeOwned>(
    socket: &Arc<Socket<A>>,
    mut data: Value,
    ack_id: Option<i64>,
) -> Option<T> {
    let has_binary = match &data {
        Value::Bytes(_) => true,
        Value::Str(_, attachments) => attachments.as_ref().is_some_and(|bins| !bins.is_empty()),
    };
    if has_binary {
        return None;
    }
    let TryData(decoded) = TryData::<T>::from_message_parts(socket, &mut data, &ack_id).ok()?;
    decoded.ok()
}

/// Answers a message that cannot be used with `error` (and the ack, if one
/// was asked for, so the client is not left waiting).
fn refuse<A: Adapter>(socket: &Arc<Socket<A>>, ack: Option<AckSender<A>>, problem: &str) {
    let payload = ErrorPayload { error: problem };
    if let Some(ack) = ack {
        let _ = ack.send(&payload);
    }
    let _ = SocketRef::from(socket.clone()).emit("error", &payload);
}
