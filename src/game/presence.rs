//! Characters entering and leaving the game as their connections open and
//! close. The first connection brings a character into the world and the last
//! one takes it out; other tabs in between change nothing anyone else sees.

use super::actor::Actor;
use super::change::Change;
use super::command;
use super::event::{Audience, Event, EventKind};
use super::ids::RoomId;
use super::outcome::{Outcome, Reply, Welcome};
use super::state::State;
use super::world::World;

/// A connection of `actor` opened: creates the character on first sight and
/// announces it when this is its first connection.
pub fn enter(world: &World, state: &State, actor: &Actor) -> Outcome {
    let mut outcome = Outcome::default();
    let (name, location, channels, first_socket) = match state.character(&actor.key) {
        Some(character) => (
            character.name.clone(),
            character.location.clone(),
            character.channels.iter().cloned().collect(),
            !character.is_online(),
        ),
        None => {
            outcome.changes.push(Change::CharacterCreated {
                who: actor.key.clone(),
                name: actor.name.clone(),
                location: world.start().clone(),
            });
            (actor.name.clone(), world.start().clone(), Vec::new(), true)
        }
    };
    outcome.changes.push(Change::SocketOpened {
        who: actor.key.clone(),
    });
    if first_socket {
        let announcement = format!("{name} has entered the world.");
        let room = room_without(&location, actor);
        outcome
            .events
            .push(Event::new(room, EventKind::Connect, announcement).from(&name));
    }
    outcome.reply = Reply::Welcome(Welcome {
        key: actor.key.clone(),
        name,
        location,
        channels,
        world: world.name().to_owned(),
        commands: command::summaries(),
    });
    if let Some(motd) = world.motd() {
        outcome
            .events
            .push(Event::new(Audience::Asker, EventKind::System, motd));
    }
    outcome
}

/// A connection of `actor` closed: announces the departure when it was the last one.
pub fn exit(state: &State, actor: &Actor) -> Outcome {
    let Some(character) = state.character(&actor.key).filter(|c| c.is_online()) else {
        return Outcome::default();
    };
    let mut outcome = Outcome::default().change(Change::SocketClosed {
        who: actor.key.clone(),
    });
    if character.sockets == 1 {
        let name = &character.name;
        let announcement = format!("{name} has left the world.");
        let room = room_without(&character.location, actor);
        outcome
            .events
            .push(Event::new(room, EventKind::Disconnect, announcement).from(name));
    }
    outcome
}

/// Who sees a character come and go: the others in its room, as in any
/// MUD. Telling everyone online would cost every connection a message per
/// arrival, which grows with the square of the players (10,000 players
/// connecting would send 50 million messages); `who` lists everyone.
fn room_without(room: &RoomId, actor: &Actor) -> Audience {
    Audience::Room {
        room: room.clone(),
        except: vec![actor.key.clone()],
    }
}
