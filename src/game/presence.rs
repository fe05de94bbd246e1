//! Characters entering and leaving the world as their connections open and
//! close.
//!
//! The first connection brings a character into the world and other tabs
//! change nothing anyone else sees. When the last one *drops* (a closed
//! socket, a lost signal, telnet's `quit`), the character stays where it
//! is, link-dead, for [`LINK_DEAD_GRACE`]: the others in the room are told
//! nothing, and if the player comes back within it nobody sees them leave
//! or come back. Only when the grace is over does the character leave the
//! world, and the room hears it. A player who logs out (their session
//! ended) leaves at once: there is nothing to wait for.
//!
//! The moment a character was last connected is kept when it leaves (what
//! it carries goes back after the world's `return_carried_after`; a
//! link-dead character is still in the world, so nothing goes back while
//! its player may return), and whatever the world had to tell them while
//! they were away is told as they come in.
//!
//! Who is in the world is also news for everyone's list of who is online,
//! so every coming and going is in the outcome's [`PresenceNews`]; the
//! delivery side sends it on at most once a second.

use std::time::Duration;

use serde::{Deserialize, Serialize};

use super::actor::Actor;
use super::change::Change;
use super::clock::Time;
use super::command;
use super::event::{Audience, Event, EventKind};
use super::ids::RoomId;
use super::outcome::{Outcome, Reply, Welcome};
use super::role::Role;
use super::state::{Character, State};
use super::world::World;

/// How long a character whose last connection dropped stays in the world.
pub const LINK_DEAD_GRACE: Duration = Duration::from_secs(30);

/// Why a connection closed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Departure {
    /// It dropped, or the player closed it: they may well come back.
    Dropped,
    /// The player logged out (its session ended).
    LoggedOut,
}

/// Who came into the world and who left it (the `presence` feed), by
/// display name.
#[derive(Debug, Default, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PresenceNews {
    pub online: Vec<String>,
    pub offline: Vec<String>,
}

impl PresenceNews {
    pub fn is_empty(&self) -> bool {
        self.online.is_empty() && self.offline.is_empty()
    }

    /// Adds what `later` says; where the two disagree, `later` wins.
    pub fn merge(&mut self, later: &PresenceNews) {
        for name in &later.online {
            self.came(name);
        }
        for name in &later.offline {
            self.went(name);
        }
    }

    fn came(&mut self, name: &str) {
        self.offline.retain(|gone| gone != name);
        if !self.online.iter().any(|come| come == name) {
            self.online.push(name.to_owned());
        }
    }

    fn went(&mut self, name: &str) {
        self.online.retain(|come| come != name);
        if !self.offline.iter().any(|gone| gone == name) {
            self.offline.push(name.to_owned());
        }
    }
}

/// A connection of `actor` opened: creates the character on first sight and
/// announces it when it enters the world (not when it was link-dead, nor
/// for another tab); `role` is its account's.
pub fn enter(world: &World, state: &State, actor: &Actor, role: Role) -> Outcome {
    let mut outcome = Outcome::default();
    let (name, location, channels) = match state.character(&actor.key) {
        Some(character) => {
            deliver_notes(&mut outcome, actor, &character.notes);
            outcome.changes.push(match character.link_lost {
                Some(lost_at) => Change::LinkRestored {
                    who: actor.key.clone(),
                    lost_at,
                },
                None => Change::SocketOpened {
                    who: actor.key.clone(),
                },
            });
            if !character.is_online() {
                announce_arrival(&mut outcome, &character.name, &character.location, actor);
            }
            (
                character.name.clone(),
                character.location.clone(),
                character.channels.iter().cloned().collect(),
            )
        }
        None => {
            outcome.changes.push(Change::CharacterCreated {
                who: actor.key.clone(),
                name: actor.name.clone(),
                location: world.start().clone(),
            });
            outcome.changes.push(Change::SocketOpened {
                who: actor.key.clone(),
            });
            announce_arrival(&mut outcome, &actor.name, world.start(), actor);
            (actor.name.clone(), world.start().clone(), Vec::new())
        }
    };
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

/// A connection of `actor` closed at `now`. The last one going leaves the
/// character link-dead when it dropped, and takes it out of the world at
/// once when the player logged out.
pub fn exit(state: &State, actor: &Actor, departure: Departure, now: Time) -> Outcome {
    let Some(character) = state.character(&actor.key).filter(|c| c.is_connected()) else {
        return Outcome::default();
    };
    let who = actor.key.clone();
    match (character.sockets, departure) {
        (1, Departure::Dropped) => Outcome::default().change(Change::LinkLost { who, at: now }),
        (1, Departure::LoggedOut) => {
            let mut outcome = Outcome::default().change(Change::SocketClosed { who });
            leave_the_world(&mut outcome, character, now);
            outcome
        }
        _ => Outcome::default().change(Change::SocketClosed { who }),
    }
}

/// Part of the world's turn at `now`: characters link-dead for `grace` or
/// longer leave the world, last seen when their link was lost, and their
/// rooms hear it.
pub fn end_grace(state: &State, now: Time, grace: Duration, outcome: &mut Outcome) {
    for character in state.link_dead_since(now - grace) {
        take_out_link_dead(character, outcome);
    }
}

/// Ends the grace of `character` now if it is link-dead (it was kicked or
/// banned: there is no connection to close, and nothing to wait for).
pub fn take_out_link_dead(character: &Character, outcome: &mut Outcome) {
    let Some(lost_at) = character.link_lost else {
        return;
    };
    outcome.changes.push(Change::GraceExpired {
        who: character.key.clone(),
        lost_at,
    });
    leave_the_world(outcome, character, lost_at);
}

/// A character that enters the world is announced to the others in its
/// room, and so is one that leaves it ([`leave_the_world`]), as in any
/// MUD. Telling everyone online would cost every connection a message per
/// arrival, which grows with the square of the players (10,000 players
/// connecting would send 50 million messages); `who` lists everyone, and
/// the presence feed keeps clients' lists of who is online current.
fn announce_arrival(outcome: &mut Outcome, name: &str, location: &RoomId, actor: &Actor) {
    let announcement = format!("{name} has entered the world.");
    let room = Audience::room_except(location, &actor.key);
    outcome
        .events
        .push(Event::new(room, EventKind::Connect, announcement).from(name));
    outcome.presence.online.push(name.to_owned());
}

/// `character`, last connected at `last_seen`, leaves the world: that
/// moment is kept and its room hears it.
fn leave_the_world(outcome: &mut Outcome, character: &Character, last_seen: Time) {
    outcome.changes.push(Change::LastSeen {
        who: character.key.clone(),
        when: last_seen,
    });
    let name = &character.name;
    let announcement = format!("{name} has left the world.");
    let room = Audience::room_except(&character.location, &character.key);
    outcome
        .events
        .push(Event::new(room, EventKind::Disconnect, announcement).from(name));
    outcome.presence.offline.push(name.clone());
}
