//! Events: what other players see happen around them.
//!
//! An event names its audience in game terms (a room, a user, a channel,
//! everyone); the engine resolves each audience to the accounts that hear
//! it, and each transport renders the event in its own format.

use serde::{Deserialize, Serialize};

use super::ids::{RoomId, UserKey};
use super::outcome::View;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Event {
    pub audience: Audience,
    pub kind: EventKind,
    /// The ready-to-show line.
    pub text: String,
    /// Display name of the player who caused it.
    pub from: Option<String>,
    /// Name of the NPC who caused it (never in `from`, which is always a
    /// player, so clients that track players by `from` are not misled).
    pub npc: Option<String>,
    /// The exit word for `leave` and `arrive`.
    pub direction: Option<String>,
    /// The item's name for `take`, `drop`, `give` and `put`.
    pub item: Option<String>,
    /// The receiver's display name for `give`.
    pub to: Option<String>,
    pub channel: Option<String>,
    /// Structured data, as a command's answer carries it (on `self`).
    pub data: Option<View>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum Audience {
    /// Online characters in a room, minus some (usually the actor).
    Room { room: RoomId, except: Vec<UserKey> },
    /// Every connection of one character.
    User(UserKey),
    /// Only the connection that sent the input (the message of the day
    /// after entering, which the player's other tabs have seen).
    Asker,
    /// Every connection of the acting character but the one that sent the
    /// input: its other tabs.
    OtherTabs,
    /// Everyone online, minus some.
    Everyone { except: Vec<UserKey> },
    /// Members of a chat channel, minus some.
    Channel {
        channel: String,
        except: Vec<UserKey>,
    },
}

impl Audience {
    /// Everyone online in `room`: what the world itself does there.
    pub fn room(room: &RoomId) -> Audience {
        Audience::Room {
            room: room.clone(),
            except: Vec::new(),
        }
    }

    /// Everyone online in `room` but `actor`, who is told in its own
    /// answer: the others who see what a player does.
    pub fn room_except(room: &RoomId, actor: &UserKey) -> Audience {
        Audience::Room {
            room: room.clone(),
            except: vec![actor.clone()],
        }
    }

    /// Everyone online but `actor`, who is told in its own answer.
    pub fn everyone_except(actor: &UserKey) -> Audience {
        Audience::Everyone {
            except: vec![actor.clone()],
        }
    }
}

/// The event types of the wire contract, plus `echo` (the world itself:
/// a room's echoes, a door swinging shut) and channel status notices.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum EventKind {
    Say,
    Emote,
    Arrive,
    Leave,
    Tell,
    Shout,
    Channel,
    Give,
    Take,
    Drop,
    Connect,
    Disconnect,
    System,
    /// Something the world does, caused by no one: a room's echo, a door
    /// that swings shut by itself.
    Echo,
    /// `self`: what happened to the character itself, told to its
    /// connections that did not ask (its other tabs; all of them when
    /// someone else did it), with the data an answer would carry.
    Own,
    /// A channel membership change, delivered as `status` rather than `event`.
    Status,
}

impl EventKind {
    /// The `type` field on the wire.
    pub fn as_str(self) -> &'static str {
        match self {
            EventKind::Say => "say",
            EventKind::Emote => "emote",
            EventKind::Arrive => "arrive",
            EventKind::Leave => "leave",
            EventKind::Tell => "tell",
            EventKind::Shout => "shout",
            EventKind::Channel => "channel",
            EventKind::Give => "give",
            EventKind::Take => "take",
            EventKind::Drop => "drop",
            EventKind::Connect => "connect",
            EventKind::Disconnect => "disconnect",
            EventKind::System => "system",
            EventKind::Echo => "echo",
            EventKind::Own => "self",
            EventKind::Status => "status",
        }
    }
}

impl Event {
    /// An event with only a type and text; add details with the builder methods.
    pub fn new(audience: Audience, kind: EventKind, text: impl Into<String>) -> Event {
        Event {
            audience,
            kind,
            text: text.into(),
            from: None,
            npc: None,
            direction: None,
            item: None,
            to: None,
            channel: None,
            data: None,
        }
    }

    pub fn from(mut self, name: &str) -> Event {
        self.from = Some(name.to_owned());
        self
    }

    pub fn npc(mut self, name: &str) -> Event {
        self.npc = Some(name.to_owned());
        self
    }

    pub fn direction(mut self, word: &str) -> Event {
        self.direction = Some(word.to_owned());
        self
    }

    pub fn item(mut self, name: &str) -> Event {
        self.item = Some(name.to_owned());
        self
    }

    pub fn to(mut self, name: &str) -> Event {
        self.to = Some(name.to_owned());
        self
    }

    pub fn channel(mut self, channel: &str) -> Event {
        self.channel = Some(channel.to_owned());
        self
    }

    pub fn data(mut self, view: Option<View>) -> Event {
        self.data = view;
        self
    }
}
