//! Characters entering and leaving the game as their connections open and
//! close. The first connection brings a character into the world and the last
//! one takes it out; other tabs in between change nothing anyone else sees.
//! The moment the last one closes is kept (what they carry goes back after
//! the world's `return_carried_after`), and whatever the world had to tell
//! them while they were away is told as they come in.

use super::actor::Actor;
use super::change::Change;
use super::clock::Time;
use super::command;
use super::event::{Audience, Event, EventKind};
use super::ids::RoomId;
use super::outcome::{Outcome, Reply, Welcome};
use super::role::Role;
use super::state::State;
use super::world::World;

/// A connection of `actor`, whose account has `role`, opened: creates the
/// character on first sight and announces it when this is its first
/// connection.
pub fn enter(world: &World, state: &State, actor: &Actor, role: Role) -> Outcome {
    let mut outcome = Outcome::default();
    let (name, location, channels, first_socket) = match state.character(&actor.key) {
        Some(character) => {
            deliver_notes(&mut outcome, actor, &character.notes);
            (
                character.name.clone(),
                character.location.clone(),
                character.channels.iter().cloned().collect(),
                !character.is_online(),
            )
        }
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
        commands: command::summaries(role),
    });
    if let Some(motd) = world.motd() {
        outcome
            .events
            .push(Event::new(Audience::Asker, EventKind::System, motd));
    }
    outcome
}

/// Tells a character each note kept for them, as `system` events after
/// their welcome, and forgets the notes.
fn deliver_notes(outcome: &mut Outcome, actor: &Actor, notes: &[String]) {
    if notes.is_empty() {
        return;
    }
    let to_them = || Audience::User(actor.key.clone());
    outcome.events.extend(
        notes
            .iter()
            .map(|note| Event::new(to_them(), EventKind::System, note.as_str())),
    );
    outcome.changes.push(Change::NotesDelivered {
        who: actor.key.clone(),
    });
}

/// A connection of `actor` closed: announces the departure when it was the
/// last one, and notes when that was.
pub fn exit(state: &State, actor: &Actor, now: Time) -> Outcome {
    let Some(character) = state.character(&actor.key).filter(|c| c.is_online()) else {
        return Outcome::default();
    };
    let mut outcome = Outcome::default().change(Change::SocketClosed {
        who: actor.key.clone(),
    });
    if character.sockets == 1 {
        outcome = outcome.change(Change::LastSeen {
            who: actor.key.clone(),
            when: now,
        });
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
