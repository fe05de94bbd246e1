//! Delivering what the engine publishes: the bus consumer.
//!
//! Batches are handled one at a time and in order, so every socket sees
//! replies and events in the order the game produced them, and room and
//! channel memberships change before the next thing said there.
//!
//! A socket whose send buffer is full has stopped reading. Its reply cannot be
//! delivered, and silently dropping it would leave the client waiting, so the
//! socket is disconnected instead; the client reconnects and looks around
//! again. Broadcasts that skip such a socket are counted in [`EmitStats`].

use std::sync::atomic::{AtomicU64, Ordering};

use socketioxide::SocketIo;
use socketioxide::adapter::Adapter;
use socketioxide::extract::SocketRef;
use socketioxide::operators::BroadcastOperators;

use super::reply::ReplyTo;
use super::wire::{
    CommandResponse, Connected, ErrorPayload, EventPayload, Status, room_of_channel,
    room_of_location, room_of_user, system_event,
};
use crate::bus::{Dispatch, Subscriber};
use crate::game::{Audience, Event, EventKind, Reply, UserKey, Welcome};

/// Messages that could not be handed to a socket because its buffer was full.
#[derive(Debug, Default)]
pub struct EmitStats {
    failures: AtomicU64,
}

impl EmitStats {
    pub fn failures(&self) -> u64 {
        self.failures.load(Ordering::Relaxed)
    }

    fn record(&self, count: usize) {
        self.failures.fetch_add(count as u64, Ordering::Relaxed);
    }
}

/// Dispatches handled before the sockets' writers get a turn. A socket gets
/// at most one message per dispatch, so none gets more than this between two
/// chances to send, well under its buffer of
/// [`SEND_BUFFER_PACKETS`](super::SEND_BUFFER_PACKETS). On one
/// core nothing else runs while a batch is delivered: a batch of 1,024
/// arrivals, each told to everyone, used to fill every socket's buffer and
/// drop them all, however fast the clients read.
const DISPATCHES_BETWEEN_YIELDS: usize = 512;

/// Runs until the engine stops publishing.
pub async fn dispatch<A: Adapter>(
    io: SocketIo<A>,
    mut bus: Subscriber<ReplyTo<A>>,
    stats: std::sync::Arc<EmitStats>,
) {
    while let Some(batch) = bus.next().await {
        for (handled, dispatch) in batch.into_iter().enumerate() {
            if handled > 0 && handled % DISPATCHES_BETWEEN_YIELDS == 0 {
                tokio::task::yield_now().await;
            }
            deliver(&io, dispatch, &stats).await;
        }
    }
}

async fn deliver<A: Adapter>(io: &SocketIo<A>, dispatch: Dispatch<ReplyTo<A>>, stats: &EmitStats) {
    match dispatch {
        Dispatch::Reply { to, reply } => answer(to, reply, stats),
        Dispatch::Event(event) => broadcast(io, &event, stats).await,
        Dispatch::Moved { who, from, to } => {
            let sockets = io.to(room_of_user(who.as_str()));
            let _ = sockets.clone().leave(room_of_location(from.as_str())).await;
            let _ = sockets.join(room_of_location(to.as_str())).await;
        }
        Dispatch::Subscribed { who, channel } => {
            let _ = io
                .to(room_of_user(who.as_str()))
                .join(room_of_channel(&channel))
                .await;
        }
        Dispatch::Unsubscribed { who, channel } => {
            let _ = io
                .to(room_of_user(who.as_str()))
                .leave(room_of_channel(&channel))
                .await;
        }
    }
}

fn answer<A: Adapter>(to: ReplyTo<A>, reply: Reply, stats: &EmitStats) {
    let socket = to.socket.clone();
    let sent = match &reply {
        Reply::Nothing => Ok(()),
        Reply::Response(response) => {
            let payload = CommandResponse::new(&to.command, response);
            match to.ack {
                Some(ack) => ack.send(&payload),
                None => socket.emit("command_response", &payload),
            }
        }
        Reply::Welcome(welcome) => {
            enter_rooms(&socket, welcome);
            let connected = socket.emit("connected", &Connected::from(welcome));
            match &welcome.motd {
                Some(motd) => connected.and_then(|()| socket.emit("event", &system_event(motd))),
                None => connected,
            }
        }
        Reply::Error(problem) => socket.emit("error", &ErrorPayload { error: problem }),
    };
    if let Err(error) = sent
        && socket.connected()
    {
        tracing::warn!(sid = %socket.id, %error, "a client is not reading; disconnecting it");
        stats.record(1);
        let _ = socket.disconnect();
    }
}

/// Puts a newly entered socket in its character's rooms. A socket that closed
/// meanwhile must not be left in them (nothing would take it out again), so
/// membership is checked again after joining.
fn enter_rooms<A: Adapter>(socket: &SocketRef<A>, welcome: &Welcome) {
    if !socket.connected() {
        return;
    }
    let mut rooms = vec![
        room_of_user(welcome.key.as_str()),
        room_of_location(welcome.location.as_str()),
    ];
    rooms.extend(
        welcome
            .channels
            .iter()
            .map(|channel| room_of_channel(channel)),
    );
    socket.join(rooms);
    if !socket.connected() {
        socket.leave_all();
    }
}

async fn broadcast<A: Adapter>(io: &SocketIo<A>, event: &Event, stats: &EmitStats) {
    let audience = match &event.audience {
        Audience::Room { room, except } => without(io.to(room_of_location(room.as_str())), except),
        Audience::User(who) => io.to(room_of_user(who.as_str())),
        Audience::Everyone { except } => without(io.broadcast(), except),
        Audience::Channel { channel, except } => without(io.to(room_of_channel(channel)), except),
    };
    let result = if event.kind == EventKind::Status {
        audience
            .emit(
                "status",
                &Status {
                    msg: &event.text,
                    channel: event.channel.as_deref(),
                },
            )
            .await
    } else {
        audience.emit("event", &EventPayload::from(event)).await
    };
    if let Err(socketioxide::BroadcastError::Socket(failed)) = result {
        stats.record(failed.len());
    }
}

fn without<A: Adapter>(
    audience: BroadcastOperators<A>,
    except: &[UserKey],
) -> BroadcastOperators<A> {
    if except.is_empty() {
        audience
    } else {
        audience.except(
            except
                .iter()
                .map(|who| room_of_user(who.as_str()))
                .collect::<Vec<_>>(),
        )
    }
}
