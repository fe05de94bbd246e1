//! The Socket.IO payloads of the wire contract (`docs/contract-protocol.md`), and the
//! mapping of game types onto them.

use serde::{Deserialize, Serialize};

use crate::game::{CommandSummary, Event, PresenceNews, Response, RoomView, View, Welcome};

/// `command` from the client.
#[derive(Debug, Deserialize)]
pub struct CommandRequest {
    pub command: String,
}

/// `join` and `leave` from the client.
#[derive(Debug, Deserialize)]
pub struct ChannelRequest {
    pub room: String,
}

/// `auth` sent with the connection.
#[derive(Debug, Default, Deserialize)]
pub struct Auth {
    pub token: Option<String>,
    /// The last `seq` the client saw, when it is coming back.
    pub since: Option<u64>,
}

/// Numbering of a message (`seq`), and whether it is sent again. Each
/// numbered payload spells the two fields out rather than flattening this
/// in: serde's `flatten` encodes through a map of unknown length, a cost on
/// every message sent.
#[derive(Debug, Clone, Copy)]
pub struct Numbered {
    pub seq: u64,
    pub replayed: bool,
}

/// `command_response`, or the acknowledgement of a `command`.
#[derive(Debug, Serialize)]
pub struct CommandResponse<'a> {
    pub command: &'a str,
    pub response: &'a str,
    /// Additive: structured data for some commands (`look`, movement, `who`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub data: Option<ResponseData<'a>>,
    pub seq: u64,
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub replayed: bool,
}

#[derive(Debug, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ResponseData<'a> {
    Room(RoomData<'a>),
    Players(&'a [String]),
    Inventory(&'a [String]),
    Channels(&'a [String]),
    Commands(&'a [String]),
}

#[derive(Debug, Serialize)]
pub struct RoomData<'a> {
    pub id: &'a str,
    pub name: &'a str,
    pub exits: &'a [String],
    pub items: &'a [String],
    pub players: &'a [String],
    /// Additive: the NPCs here.
    pub npcs: &'a [String],
}

impl<'a> From<&'a View> for ResponseData<'a> {
    fn from(view: &'a View) -> Self {
        match view {
            View::Room(room) => ResponseData::Room(RoomData::from(room)),
            View::Players(players) => ResponseData::Players(players),
            View::Inventory(items) => ResponseData::Inventory(items),
            View::Channels(channels) => ResponseData::Channels(channels),
            View::Commands(commands) => ResponseData::Commands(commands),
        }
    }
}

impl<'a> CommandResponse<'a> {
    pub fn new(command: &'a str, response: &'a Response, numbered: Numbered) -> Self {
        CommandResponse {
            command,
            response: &response.text,
            data: response.view.as_ref().map(ResponseData::from),
            seq: numbered.seq,
            replayed: numbered.replayed,
        }
    }
}

impl<'a> From<&'a RoomView> for RoomData<'a> {
    fn from(room: &'a RoomView) -> Self {
        RoomData {
            id: room.id.as_str(),
            name: &room.name,
            exits: &room.exits,
            items: &room.items,
            players: &room.players,
            npcs: &room.npcs,
        }
    }
}

/// `connected`.
#[derive(Debug, Serialize)]
pub struct Connected<'a> {
    pub username: &'a str,
    pub location: &'a str,
    /// Additive: the world's name.
    pub world: &'a str,
    /// Additive: the chat channels the character is in.
    pub channels: &'a [String],
    /// Additive: the commands the player may use.
    pub commands: &'a [CommandSummary],
    /// The last number the account has used.
    pub seq: u64,
}

impl<'a> Connected<'a> {
    pub fn new(welcome: &'a Welcome, seq: u64) -> Self {
        Connected {
            username: &welcome.name,
            location: welcome.location.as_str(),
            world: &welcome.world,
            channels: &welcome.channels,
            commands: &welcome.commands,
            seq,
        }
    }
}

/// `event`.
#[derive(Debug, Serialize)]
pub struct EventPayload<'a> {
    #[serde(rename = "type")]
    pub kind: &'static str,
    pub text: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub from: Option<&'a str>,
    /// Additive: the NPC who caused it (`from` is always a player).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub npc: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub direction: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub item: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub to: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub channel: Option<&'a str>,
    /// Additive: on `self`, the data the answer to the command carried.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub data: Option<ResponseData<'a>>,
    pub seq: u64,
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub replayed: bool,
}

impl<'a> EventPayload<'a> {
    pub fn new(event: &'a Event, numbered: Numbered) -> Self {
        EventPayload {
            kind: event.kind.as_str(),
            text: &event.text,
            from: event.from.as_deref(),
            npc: event.npc.as_deref(),
            direction: event.direction.as_deref(),
            item: event.item.as_deref(),
            to: event.to.as_deref(),
            channel: event.channel.as_deref(),
            data: event.data.as_ref().map(ResponseData::from),
            seq: numbered.seq,
            replayed: numbered.replayed,
        }
    }
}

/// `presence` (additive): who came online and who went offline, anywhere.
#[derive(Debug, Serialize)]
pub struct Presence<'a> {
    pub online: &'a [String],
    pub offline: &'a [String],
}

impl<'a> From<&'a PresenceNews> for Presence<'a> {
    fn from(news: &'a PresenceNews) -> Self {
        Presence {
            online: &news.online,
            offline: &news.offline,
        }
    }
}

/// The notice that some missed messages are no longer kept: `event`
/// `{"type": "system", "gap": true, "text"}`.
#[derive(Debug, Serialize)]
pub struct GapNotice<'a> {
    #[serde(rename = "type")]
    pub kind: &'static str,
    pub gap: bool,
    pub text: &'a str,
}

impl<'a> GapNotice<'a> {
    pub fn new(text: &'a str) -> Self {
        GapNotice {
            kind: "system",
            gap: true,
            text,
        }
    }
}

/// `status`.
#[derive(Debug, Serialize)]
pub struct Status<'a> {
    pub msg: &'a str,
    /// Additive: the channel it is about.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub channel: Option<&'a str>,
    pub seq: u64,
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub replayed: bool,
}

/// `error`.
#[derive(Debug, Serialize)]
pub struct ErrorPayload<'a> {
    pub error: &'a str,
}

/// A server notice that is not part of the game (a connection closing):
/// `event` `{"type": "system", "text"}`, unnumbered.
#[derive(Debug, Serialize)]
pub struct SystemNotice<'a> {
    #[serde(rename = "type")]
    pub kind: &'static str,
    pub text: &'a str,
}

pub fn system_notice(text: &str) -> SystemNotice<'_> {
    SystemNotice {
        kind: "system",
        text,
    }
}
