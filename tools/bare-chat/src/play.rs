//! A connected player: where it is, and the commands the load generator
//! sends while walking home and chatting.
//!
//! socketioxide runs closure handlers in tasks of their own; like Hearth's
//! (`src/transport/socket/handlers.rs`), the `command` handler here is a
//! plain struct whose `call` runs inline, in the order the socket's messages
//! are read. Everything a command does happens right there: the answer is
//! emitted to the socket, and a `say` is broadcast to the socket's room.

use std::sync::{Arc, Mutex};

use futures_util::FutureExt as _;
use hearth::game::World;
use hearth::game::world::{Location, Room};
use serde::{Deserialize, Serialize};
use socketioxide::adapter::LocalAdapter;
use socketioxide::extract::{SocketRef, TryData};
use socketioxide::handler::{FromMessageParts as _, MessageHandler, Value};
use socketioxide::socket::Socket;

use crate::Name;

/// Marks the inline handler's impl of socketioxide's trait apart from its
/// own closure impls.
pub struct Inline;

/// Wires an authenticated socket to the world: it starts in the start room.
pub async fn enter(socket: SocketRef, world: &'static World) {
    let Some(Name(name)) = socket.extensions.get::<Name>() else {
        let _ = socket.disconnect();
        return;
    };
    let start = world
        .room(world.start().as_str())
        .expect("a loaded world has its start room");
    socket.join(start.id.as_str());
    let player = Arc::new(Player {
        name: name.clone(),
        world,
        room: Mutex::new(start),
    });
    socket.on("command", CommandHandler(player));
    let _ = socket.emit(
        "connected",
        &Connected {
            username: &name,
            location: start.id.as_str(),
        },
    );
}

struct Player {
    name: Arc<str>,
    world: &'static World,
    room: Mutex<&'static Room>,
}

/// `command` `{"command": "<text>"}`.
struct CommandHandler(Arc<Player>);

impl MessageHandler<LocalAdapter, Inline> for CommandHandler {
    fn call(&self, socket: Arc<Socket<LocalAdapter>>, mut data: Value, ack_id: Option<i64>) {
        let request = TryData::<CommandRequest>::from_message_parts(&socket, &mut data, &ack_id);
        match request {
            Ok(TryData(Ok(request))) => self.0.command(&socket, &request.command),
            _ => {
                let error = "A command is sent as {\"command\": \"<text>\"}.";
                let _ = socket.emit("error", &ErrorPayload { error });
            }
        }
    }
}

impl Player {
    fn command(&self, socket: &Socket<LocalAdapter>, command: &str) {
        let here = self.here();
        let words = command.trim();
        if let Some(speech) = words.strip_prefix("say ") {
            return self.say(socket, command, here, speech.trim());
        }
        if words == "look" {
            return answer(socket, command, describe(socket, self.world, here));
        }
        let Some(exit) = here.exits.iter().find(|exit| exit.word == words) else {
            let response = "This baseline knows only exits, look and say.";
            return answer(socket, command, (response.to_owned(), None));
        };
        let there = self
            .world
            .room(exit.to.as_str())
            .expect("a loaded world's exits lead to its rooms");
        socket.leave(here.id.as_str());
        socket.join(there.id.as_str());
        *self.room.lock().expect("the room lock") = there;
        answer(socket, command, describe(socket, self.world, there));
    }

    fn say(&self, socket: &Socket<LocalAdapter>, command: &str, here: &'static Room, speech: &str) {
        let response = format!("You say, \"{speech}\"");
        let _ = socket.emit(
            "command_response",
            &CommandResponse {
                command,
                response: &response,
                data: None,
            },
        );
        let said = SayEvent {
            kind: "say",
            text: &format!("{} says, \"{speech}\"", self.name),
            from: &self.name,
        };
        // The local adapter broadcasts synchronously and returns a ready
        // future, so it completes on this first poll. A full buffer of
        // another socket is that socket's loss, as in any bare server.
        let _ = socket
            .to(here.id.as_str())
            .emit("event", &said)
            .now_or_never();
    }

    fn here(&self) -> &'static Room {
        *self.room.lock().expect("the room lock")
    }
}

fn answer(socket: &Socket<LocalAdapter>, command: &str, (response, room): Described) {
    let _ = socket.emit(
        "command_response",
        &CommandResponse {
            command,
            response: &response,
            data: room.map(|room| ResponseData { room }),
        },
    );
}

/// A room's description and its data.
type Described = (String, Option<RoomData>);

/// What the player sees of `room`: its name, description, exits, the
/// world's items that start there, and the other players in it.
fn describe(socket: &Socket<LocalAdapter>, world: &World, room: &'static Room) -> Described {
    let exits: Vec<String> = room.exits.iter().map(|exit| exit.word.clone()).collect();
    let items = world
        .items()
        .filter(|item| item.location == Location::Room(room.id.clone()))
        .map(|item| item.name.as_str().to_owned())
        .collect();
    let players = socket
        .to(room.id.as_str())
        .sockets()
        .into_iter()
        .filter_map(|other| other.extensions.get::<Name>())
        .map(|Name(name)| name.to_string())
        .collect();
    let text = format!(
        "{}\n{}\nExits: {}.",
        room.name,
        room.description,
        exits.join(", ")
    );
    let data = RoomData {
        id: room.id.as_str(),
        name: &room.name,
        exits,
        items,
        players,
    };
    (text, Some(data))
}

#[derive(Deserialize)]
struct CommandRequest {
    command: String,
}

#[derive(Serialize)]
struct Connected<'a> {
    username: &'a str,
    location: &'a str,
}

#[derive(Serialize)]
struct CommandResponse<'a> {
    command: &'a str,
    response: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    data: Option<ResponseData>,
}

#[derive(Serialize)]
struct ResponseData {
    room: RoomData,
}

#[derive(Serialize)]
struct RoomData {
    id: &'static str,
    name: &'static str,
    exits: Vec<String>,
    items: Vec<String>,
    players: Vec<String>,
}

#[derive(Serialize)]
struct SayEvent<'a> {
    #[serde(rename = "type")]
    kind: &'static str,
    text: &'a str,
    from: &'a str,
}

#[derive(Serialize)]
struct ErrorPayload<'a> {
    error: &'a str,
}
