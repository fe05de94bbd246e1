//! GMCP, the Generic MUD Communication Protocol (telnet option 201): JSON
//! beside the text, for clients' mappers, gauges and chat windows. The
//! packages are the ones clients already understand, in the shapes Iron
//! Realms games made common:
//!
//! - `Char.Name {"name", "fullname"}` once the character is in the game;
//! - `Room.Info {"id", "name", "exits": {"<exit>": "<room id>"}}` after
//!   every look or move, which Mudlet's mapper scripts follow;
//! - `Char.Items.List {"location": "room" | "inv", "items": [{"name"}]}`
//!   with what lies in the room and what the character carries; the room's
//!   NPCs are among its items with `"attrib": "m"` (a creature, in Iron
//!   Realms' item attributes), and kept current by `Char.Items.Add` and
//!   `Char.Items.Remove {"location": "room", "item": {"name", "attrib"}}`
//!   as they come and go;
//! - `Room.Players [{"name", "fullname"}]` with who else is there, kept
//!   current by `Room.AddPlayer {"name", "fullname"}` and
//!   `Room.RemovePlayer "<name>"` as others come and go;
//! - `Comm.Channel.Text {"channel", "talker", "text"}` for chat channel
//!   lines, and for what others (NPCs too) say, tell and shout (channels
//!   `say`, `tell` and `shout`), as chat-capture scripts expect.
//!
//! Every package goes to every client that accepts GMCP; `Core.Supports`
//! lists are read but need not name them. `Core.Ping` is answered.

use serde_json::{Value, json};

use super::codec::{option::GMCP, subnegotiation};
use crate::delivery::Outgoing;
use crate::game::{Event, EventKind, RoomView, View, World};

/// Iron Realms' item attribute for a creature.
const CREATURE: &str = "m";

/// `IAC SB GMCP <package> <json> IAC SE`.
pub fn frame(package: &str, data: Option<&Value>) -> Vec<u8> {
    let message = match data {
        Some(data) => format!("{package} {data}"),
        None => package.to_owned(),
    };
    subnegotiation(GMCP, message.as_bytes())
}

/// Appends the GMCP messages that go with a message from the game.
pub fn push_messages(out: &mut Vec<u8>, message: Outgoing<'_>, world: &World) {
    match message {
        Outgoing::Welcome { welcome, .. } => {
            let name = json!({ "name": welcome.name, "fullname": welcome.name });
            out.extend(frame("Char.Name", Some(&name)));
        }
        Outgoing::Reply { response, .. } => push_view(out, response.view.as_ref(), world),
        // What another connection of the character did (`self`) moves the
        // mapper and the item lists just as the answer did there.
        Outgoing::Event { event, .. } => {
            push_view(out, event.data.as_ref(), world);
            push_event(out, event);
        }
        Outgoing::Refusal { .. }
        | Outgoing::Done { .. }
        | Outgoing::Gap { .. }
        | Outgoing::Presence { .. } => {}
    }
}

/// The room or the inventory an answer (or a `self` event) shows.
fn push_view(out: &mut Vec<u8>, view: Option<&View>, world: &World) {
    match view {
        Some(View::Room(room)) => {
            out.extend(frame("Room.Info", Some(&room_info(room, world))));
            let things = room.items.iter().map(|name| item(name));
            let creatures = room.npcs.iter().map(|name| creature(name));
            let listed = items_list("room", things.chain(creatures).collect());
            out.extend(frame("Char.Items.List", Some(&listed)));
            let players: Vec<Value> = room.players.iter().map(|name| player(name)).collect();
            out.extend(frame("Room.Players", Some(&Value::from(players))));
        }
        Some(View::Inventory(carried)) => {
            let listed = items_list("inv", carried.iter().map(|name| item(name)).collect());
            out.extend(frame("Char.Items.List", Some(&listed)));
        }
        _ => {}
    }
}

fn push_event(out: &mut Vec<u8>, event: &Event) {
    if let Some(text) = channel_text(event) {
        out.extend(frame("Comm.Channel.Text", Some(&text)));
    }
    let coming = matches!(event.kind, EventKind::Arrive | EventKind::Connect);
    let going = matches!(event.kind, EventKind::Leave | EventKind::Disconnect);
    if let Some(name) = &event.from {
        if coming {
            out.extend(frame("Room.AddPlayer", Some(&player(name))));
        } else if going {
            out.extend(frame(
                "Room.RemovePlayer",
                Some(&Value::from(name.as_str())),
            ));
        }
    }
    if let Some(name) = &event.npc {
        let change = json!({ "location": "room", "item": creature(name) });
        if coming {
            out.extend(frame("Char.Items.Add", Some(&change)));
        } else if going {
            out.extend(frame("Char.Items.Remove", Some(&change)));
        }
    }
}

/// The answer to a message from the client, if it needs one.
pub fn answer(package: &str) -> Option<Vec<u8>> {
    package
        .eq_ignore_ascii_case("Core.Ping")
        .then(|| frame("Core.Ping", None))
}

/// The room with each exit's target, which the world file knows.
fn room_info(room: &RoomView, world: &World) -> Value {
    let place = world.room(room.id.as_str());
    let exits: serde_json::Map<String, Value> = room
        .exits
        .iter()
        .filter_map(|word| {
            let exit = place?.exit(word)?;
            Some((word.clone(), Value::from(exit.to.as_str())))
        })
        .collect();
    json!({ "id": room.id.as_str(), "name": room.name, "exits": exits })
}

fn player(name: &str) -> Value {
    json!({ "name": name, "fullname": name })
}

fn item(name: &str) -> Value {
    json!({ "name": name })
}

fn creature(name: &str) -> Value {
    json!({ "name": name, "attrib": CREATURE })
}

fn items_list(location: &str, items: Vec<Value>) -> Value {
    json!({ "location": location, "items": items })
}

fn channel_text(event: &Event) -> Option<Value> {
    let channel = match event.kind {
        EventKind::Channel => event.channel.as_deref()?,
        EventKind::Say => "say",
        EventKind::Tell => "tell",
        EventKind::Shout => "shout",
        _ => return None,
    };
    let talker = event.from.as_deref().or(event.npc.as_deref());
    Some(json!({
        "channel": channel,
        "talker": talker.unwrap_or_default(),
        "text": event.text,
    }))
}

#[cfg(test)]
mod tests {
    use std::sync::Arc;

    use super::*;
    use crate::bus::Seq;
    use crate::game::{Audience, Response, RoomId, UserKey};

    const WORLD: &str = r#"
        [world]
        name = "Two Rooms"
        start = "hall"
        [[rooms]]
        id = "hall"
        name = "Great Hall"
        description = "A hall."
        exits = { north = "library" }
        [[rooms]]
        id = "library"
        name = "Library"
        description = "Books."
        exits = { south = "hall" }
    "#;

    /// The messages in `bytes`, as (package, JSON).
    fn messages(bytes: &[u8]) -> Vec<(String, Value)> {
        bytes
            .split(|&byte| byte == 255)
            .filter_map(|part| part.strip_prefix(&[250, GMCP]))
            .map(|body| {
                let text = String::from_utf8(body.to_vec()).unwrap();
                let (package, data) = text.split_once(' ').unwrap_or((&text, "null"));
                (package.to_owned(), serde_json::from_str(data).unwrap())
            })
            .collect()
    }

    #[test]
    fn a_room_view_gives_room_info_with_exit_targets_its_items_npcs_and_players() {
        let world = World::parse(WORLD, "two.toml").unwrap();
        let response = Response {
            text: "Great Hall\nA hall.\nExits: north.".into(),
            view: Some(View::Room(RoomView {
                id: RoomId::new("hall"),
                name: "Great Hall".into(),
                exits: vec!["north".into()],
                items: vec!["brass lamp".into()],
                players: vec!["Bob".into()],
                npcs: vec!["Marta".into()],
            })),
        };
        let mut out = Vec::new();
        push_messages(
            &mut out,
            Outgoing::Reply {
                request: Some(1),
                seq: Seq(1),
                command: "look",
                response: &response,
                replayed: false,
            },
            &world,
        );
        assert_eq!(
            messages(&out),
            [
                (
                    "Room.Info".to_owned(),
                    json!({"id": "hall", "name": "Great Hall", "exits": {"north": "library"}})
                ),
                (
                    "Char.Items.List".to_owned(),
                    json!({"location": "room", "items": [
                        {"name": "brass lamp"},
                        {"name": "Marta", "attrib": "m"},
                    ]})
                ),
                (
                    "Room.Players".to_owned(),
                    json!([{"name": "Bob", "fullname": "Bob"}])
                ),
            ]
        );
    }

    #[test]
    fn comings_and_goings_keep_the_room_players_and_creatures_current() {
        let world = World::parse(WORLD, "two.toml").unwrap();
        let room = Audience::Room {
            room: RoomId::new("hall"),
            except: vec![UserKey::new("bob")],
        };
        let arrival = Event::new(room.clone(), EventKind::Arrive, "Bob arrives.").from("Bob");
        let departure = Event::new(
            room.clone(),
            EventKind::Disconnect,
            "Bob has left the world.",
        )
        .from("Bob");
        let wandering_in =
            Event::new(room.clone(), EventKind::Arrive, "A magpie flies in.").npc("magpie");
        let wandering_off =
            Event::new(room, EventKind::Leave, "A magpie flies north.").npc("magpie");
        let mut out = Vec::new();
        for event in [arrival, departure, wandering_in, wandering_off].map(Arc::new) {
            push_messages(&mut out, event_message(&event), &world);
        }
        let magpie = json!({"location": "room", "item": {"name": "magpie", "attrib": "m"}});
        assert_eq!(
            messages(&out),
            [
                (
                    "Room.AddPlayer".to_owned(),
                    json!({"name": "Bob", "fullname": "Bob"})
                ),
                ("Room.RemovePlayer".to_owned(), json!("Bob")),
                ("Char.Items.Add".to_owned(), magpie.clone()),
                ("Char.Items.Remove".to_owned(), magpie),
            ]
        );
    }

    #[test]
    fn channel_lines_and_speech_give_comm_channel_text() {
        let world = World::parse(WORLD, "two.toml").unwrap();
        let event = Event::new(
            Audience::Channel {
                channel: "ooc".into(),
                except: vec![UserKey::new("bob")],
            },
            EventKind::Channel,
            "[ooc] Bob: hello",
        )
        .from("Bob")
        .channel("ooc");
        let npc_speech = Event::new(
            Audience::User(UserKey::new("alice")),
            EventKind::Say,
            "Marta says, \"Welcome.\"",
        )
        .npc("Marta");
        let mut out = Vec::new();
        for event in [event, npc_speech].map(Arc::new) {
            push_messages(&mut out, event_message(&event), &world);
        }
        assert_eq!(
            messages(&out),
            [
                (
                    "Comm.Channel.Text".to_owned(),
                    json!({"channel": "ooc", "talker": "Bob", "text": "[ooc] Bob: hello"})
                ),
                (
                    "Comm.Channel.Text".to_owned(),
                    json!({"channel": "say", "talker": "Marta", "text": "Marta says, \"Welcome.\""})
                ),
            ]
        );
        let taking = Event::new(
            Audience::User(UserKey::new("alice")),
            EventKind::Take,
            "Bob takes the lamp.",
        )
        .from("Bob");
        let mut out = Vec::new();
        push_messages(&mut out, event_message(&Arc::new(taking)), &world);
        assert!(out.is_empty());
    }

    fn event_message(event: &Arc<Event>) -> Outgoing<'_> {
        Outgoing::Event {
            event,
            seq: Seq(1),
            replayed: false,
        }
    }

    #[test]
    fn core_ping_is_answered() {
        assert_eq!(answer("core.ping"), Some(frame("Core.Ping", None)));
        assert_eq!(answer("Core.Hello"), None);
    }
}
