//! The few Engine.IO v4 / Socket.IO v5 packets a player needs over WebSocket,
//! written and read by hand.
//!
//! A general client (rust_socketio, used by the server's tests) spawns tasks,
//! clones payloads into `serde_json::Value`s and routes them through
//! callbacks; that costs more CPU per message than the server spends, and the
//! load generator must receive ~200,000 messages a second on one core. Text
//! frames are all Hearth sends, so a packet is one WebSocket text message:
//!
//! - `0{...}` Engine.IO open, `2` ping (answered with `3`), `1` close;
//! - `40{"token"}` connect with auth, `40{"sid"}` accepted, `44{...}` refused;
//! - `42["name", payload]` an event, `41` disconnected by the server.
//!
//! Payloads are parsed borrowing from the frame, only as far as the checks
//! need.

use std::borrow::Cow;

use serde::Deserialize;
use serde_json::value::RawValue;

/// What one received text frame is.
#[derive(Debug)]
pub enum Packet<'a> {
    /// The Engine.IO handshake.
    Open,
    /// The server's heartbeat; must be answered with [`PONG`].
    Ping,
    /// The namespace accepted the connection.
    Connected,
    /// The namespace refused it; the payload says why.
    Refused(&'a str),
    /// A Socket.IO event.
    Event(Event<'a>),
    /// The server closed the session or the namespace.
    Closed,
    /// Anything else (noop, upgrade probes, acks Hearth never sends).
    Other,
}

/// The Socket.IO events Hearth sends, parsed as far as the checks need.
#[derive(Debug)]
pub enum Event<'a> {
    /// `connected`, with the character's room.
    Connected(Cow<'a, str>),
    CommandResponse(CommandResponse<'a>),
    /// `event`, with its `type`.
    Game(Cow<'a, str>),
    Status,
    /// `presence`: who came online and who went offline, anywhere.
    Presence,
    Error(Cow<'a, str>),
    Unknown(Cow<'a, str>),
}

#[derive(Debug, Deserialize)]
pub struct CommandResponse<'a> {
    #[serde(borrow)]
    pub command: Cow<'a, str>,
    #[serde(borrow)]
    pub response: Cow<'a, str>,
    #[serde(borrow, default)]
    pub data: Option<ResponseData<'a>>,
}

#[derive(Debug, Deserialize)]
pub struct ResponseData<'a> {
    #[serde(borrow, default)]
    pub room: Option<RoomData<'a>>,
}

#[derive(Debug, Deserialize)]
pub struct RoomData<'a> {
    #[serde(borrow)]
    pub id: Cow<'a, str>,
}

#[derive(Deserialize)]
struct Envelope<'a>(#[serde(borrow)] Cow<'a, str>, #[serde(borrow)] &'a RawValue);

#[derive(Deserialize)]
struct ConnectedEvent<'a> {
    #[serde(borrow)]
    location: Cow<'a, str>,
}

#[derive(Deserialize)]
struct GameEvent<'a> {
    #[serde(borrow, rename = "type")]
    kind: Cow<'a, str>,
}

#[derive(Deserialize)]
struct ErrorEvent<'a> {
    #[serde(borrow)]
    error: Cow<'a, str>,
}

/// The Engine.IO pong.
pub const PONG: &str = "3";

/// The Socket.IO connect packet for the `/` namespace with a session token.
pub fn connect(token: &str) -> String {
    format!("40{}", serde_json::json!({ "token": token }))
}

/// A `command` event.
pub fn command(text: &str) -> String {
    format!("42[\"command\",{}]", serde_json::json!({ "command": text }))
}

/// Parses one text frame; `Err` names what was malformed.
pub fn parse(frame: &str) -> Result<Packet<'_>, String> {
    let mut chars = frame.chars();
    match (chars.next(), chars.next()) {
        (Some('0'), _) => Ok(Packet::Open),
        (Some('1'), _) => Ok(Packet::Closed),
        (Some('2'), _) => Ok(Packet::Ping),
        (Some('4'), Some('0')) => Ok(Packet::Connected),
        (Some('4'), Some('1')) => Ok(Packet::Closed),
        (Some('4'), Some('2')) => parse_event(&frame[2..]).map(Packet::Event),
        (Some('4'), Some('4')) => Ok(Packet::Refused(&frame[2..])),
        (Some(_), _) => Ok(Packet::Other),
        (None, _) => Err("an empty frame".to_owned()),
    }
}

fn parse_event(json: &str) -> Result<Event<'_>, String> {
    let malformed = |error: serde_json::Error| format!("{error} in {json}");
    let Envelope(name, payload) = serde_json::from_str(json).map_err(malformed)?;
    let payload = payload.get();
    Ok(match name.as_ref() {
        "command_response" => {
            Event::CommandResponse(serde_json::from_str(payload).map_err(malformed)?)
        }
        "event" => {
            let event: GameEvent = serde_json::from_str(payload).map_err(malformed)?;
            Event::Game(event.kind)
        }
        "connected" => {
            let connected: ConnectedEvent = serde_json::from_str(payload).map_err(malformed)?;
            Event::Connected(connected.location)
        }
        "status" => Event::Status,
        "presence" => Event::Presence,
        "error" => {
            let error: ErrorEvent = serde_json::from_str(payload).map_err(malformed)?;
            Event::Error(error.error)
        }
        _ => Event::Unknown(name),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_a_command_response_with_escapes() {
        let frame = r#"42["command_response",{"command":"say hi","response":"You say, \"hi\""}]"#;
        let Ok(Packet::Event(Event::CommandResponse(response))) = parse(frame) else {
            panic!("not a command response");
        };
        assert_eq!(response.command, "say hi");
        assert_eq!(response.response, "You say, \"hi\"");
        assert!(response.data.is_none());
    }

    #[test]
    fn reads_the_room_of_a_move() {
        let frame = r#"42["command_response",{"command":"e","response":"..","data":{"room":{"id":"x1y0","name":"n","exits":[],"items":[],"players":[]}}}]"#;
        let Ok(Packet::Event(Event::CommandResponse(response))) = parse(frame) else {
            panic!("not a command response");
        };
        assert_eq!(response.data.unwrap().room.unwrap().id, "x1y0");
    }

    #[test]
    fn reads_game_events_pings_and_refusals() {
        assert!(matches!(
            parse(r#"42["event",{"type":"say","text":"a says, \"b\"","from":"a"}]"#),
            Ok(Packet::Event(Event::Game(kind))) if kind == "say"
        ));
        assert!(matches!(parse("2"), Ok(Packet::Ping)));
        assert!(matches!(parse(r#"40{"sid":"x"}"#), Ok(Packet::Connected)));
        assert!(matches!(
            parse(r#"44{"message":"unauthorized"}"#),
            Ok(Packet::Refused(_))
        ));
        assert!(parse("42[oops").is_err());
    }

    #[test]
    fn writes_commands_as_json() {
        assert_eq!(
            command("say \"hi\""),
            r#"42["command",{"command":"say \"hi\""}]"#
        );
        assert_eq!(connect("abc"), r#"40{"token":"abc"}"#);
    }
}
