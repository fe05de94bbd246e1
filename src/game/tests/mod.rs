//! The game's rules, played through [`Game::handle`] exactly as the server
//! plays them: players enter, type lines, and each test reads the reply, the
//! events others would see, the changes made and the state after.
//!
//! The tests of the round 1 rules play the small world in [`KEEP`], those of
//! the living world (doors, NPCs, triggers, timers) the town in
//! [`town::TOWN`], so each expected line can be checked against the file by
//! eye. The helpers here are the only scaffolding; the files beside this one
//! each cover one topic.

mod channels;
mod containers;
mod darkness;
mod doors;
mod emberwick;
mod examine;
mod give;
mod grammar;
mod help;
mod items;
mod link_dead;
mod look;
mod movement;
mod notes;
mod npcs;
mod presence;
mod restore;
mod speech;
mod staff;
mod state;
mod tabs;
mod timers;
mod town;
mod triggers;
mod tutorial;
mod views;

use std::sync::Arc;

use super::{
    Actor, Audience, Change, Event, EventKind, Game, Input, ItemId, Outcome, Place, Reply, RoomId,
    SavedState, State, Time, UserKey, World,
};

/// Five rooms: a hall in the middle with a library to the north (and a cellar
/// below it with no way out), a kitchen to the east and a yard through a gate.
/// The hall holds a lamp, two keys that share a word and a fixed fountain; the
/// kitchen two gold coins that cannot be told apart. Exits are written in
/// alphabetical order so that expected exit lists read the same whether or
/// not the loader keeps the file's order.
pub const KEEP: &str = r#"
[world]
name = "The Test Keep"
start = "hall"
motd = "Mind the stairs."

[[rooms]]
id = "hall"
name = "Great Hall"
description = "A long hall with a high roof."
exits = { east = "kitchen", gate = "yard", north = "library" }

[[rooms]]
id = "library"
name = "Library"
description = "Shelves of dusty books."
exits = { down = "cellar", south = "hall" }

[[rooms]]
id = "kitchen"
name = "Kitchen"
description = "It smells of bread."
exits = { west = "hall" }

[[rooms]]
id = "yard"
name = "Courtyard"
description = "Wet cobbles under a grey sky."
exits = { gate = "hall" }

[[rooms]]
id = "cellar"
name = "Cellar"
description = "A dark cellar; the trapdoor is far out of reach."

[[items]]
id = "lamp"
name = "brass lamp"
aliases = ["lamp", "lantern"]
description = "A dented brass lamp."
location = "hall"

[[items]]
id = "iron-key"
name = "iron key"
description = "A heavy iron key."
location = "hall"

[[items]]
id = "silver-key"
name = "silver key"
description = "A small silver key."
location = "hall"

[[items]]
id = "fountain"
name = "stone fountain"
description = "Water trickles over green stone."
location = "hall"
portable = false

[[items]]
id = "coin-1"
name = "gold coin"
description = "A worn gold coin."
location = "kitchen"

[[items]]
id = "coin-2"
name = "gold coin"
description = "A worn gold coin."
location = "kitchen"

[[items]]
id = "book"
name = "dusty book"
aliases = ["tome"]
description = "A book of old maps."
location = "library"
"#;

pub fn keep() -> Arc<World> {
    Arc::new(World::parse(KEEP, "keep.toml").expect("the test world is valid"))
}

/// When every test game starts: an arbitrary, fixed moment.
pub const START: Time = Time::from_millis(1_800_000_000_000);

/// A game of the test keep, with players named as they would log in, on a
/// fake clock that only moves when a test moves it.
pub struct Play {
    pub game: Game,
    pub now: Time,
}

impl Play {
    /// A fresh game of the test keep that no one has played yet.
    pub fn new() -> Play {
        Play::of(keep())
    }

    /// A fresh game of `world`, which has had its first turn at [`START`].
    pub fn of(world: Arc<World>) -> Play {
        let (mut game, _) = Game::restore(world, SavedState::default());
        game.tick(START);
        Play { game, now: START }
    }

    /// A fresh game with these players in the hall, in this order.
    pub fn with(names: &[&str]) -> Play {
        let mut play = Play::new();
        for name in names {
            play.enter(name);
        }
        play
    }

    /// Opens a connection for `name`.
    pub fn enter(&mut self, name: &str) -> Outcome {
        self.game.handle(&Actor::new(name), Input::Enter, self.now)
    }

    /// A connection of `name` drops (the last leaves the character link-dead).
    pub fn exit(&mut self, name: &str) -> Outcome {
        self.game.handle(&Actor::new(name), Input::Exit, self.now)
    }

    /// A connection of `name` closes as they log out (the last takes the
    /// character out of the world at once).
    pub fn leave(&mut self, name: &str) -> Outcome {
        self.game.handle(&Actor::new(name), Input::Leave, self.now)
    }

    /// Makes a change no command would, as a test's setting of the scene.
    pub fn change(&mut self, change: Change) {
        self.game.apply_for_tests(&change);
    }

    /// `name` types `line`.
    pub fn run(&mut self, name: &str, line: &str) -> Outcome {
        self.input(name, Input::Command(line.to_owned()))
    }

    /// `name` sends any input.
    pub fn input(&mut self, name: &str, input: Input) -> Outcome {
        self.game.handle(&Actor::new(name), input, self.now)
    }

    /// Moves the fake clock on by `elapsed` and lets the world act.
    pub fn wait(&mut self, elapsed: std::time::Duration) -> Outcome {
        self.now = self.now + elapsed;
        self.game.tick(self.now)
    }

    /// The text `name` reads after typing `line`.
    pub fn reply(&mut self, name: &str, line: &str) -> String {
        reply_text(&self.run(name, line))
    }

    pub fn state(&self) -> &State {
        self.game.state()
    }

    /// The room `name`'s character is in.
    pub fn location(&self, name: &str) -> &str {
        self.state()
            .character(&key(name))
            .expect("the character exists")
            .location
            .as_str()
    }

    /// Moves the fake clock on by `elapsed`, a second at a time as the
    /// engine does, letting the world act each time; everything it did.
    pub fn wait_ticking(&mut self, elapsed: std::time::Duration) -> Outcome {
        let mut all = Outcome::default();
        let seconds = elapsed.as_secs();
        for _ in 0..seconds {
            let outcome = self.wait(std::time::Duration::from_secs(1));
            all.events.extend(outcome.events);
            all.changes.extend(outcome.changes);
        }
        all
    }

    pub fn place_of(&self, item: &str) -> Place {
        self.state()
            .place_of(&ItemId::new(item))
            .expect("the item is in the world")
            .clone()
    }
}

/// The text of a command response.
pub fn reply_text(outcome: &Outcome) -> String {
    match &outcome.reply {
        Reply::Response(response) => response.text.clone(),
        other => panic!("expected a command response, got {other:?}"),
    }
}

/// Asserts no one else hears of the input and nothing changes, as when a
/// command is refused or only looks.
pub fn assert_nothing_happens(outcome: &Outcome) {
    assert_eq!(outcome.events, [], "no events");
    assert_eq!(outcome.changes, [], "no changes");
}

pub fn key(name: &str) -> UserKey {
    Actor::new(name).key
}

pub fn room(id: &str) -> Place {
    Place::Room(RoomId::new(id))
}

pub fn carried_by(name: &str) -> Place {
    Place::Carried(key(name))
}

/// Online characters in `room` except those named.
pub fn in_room(room: &str, except: &[&str]) -> Audience {
    Audience::Room {
        room: RoomId::new(room),
        except: except.iter().map(|name| key(name)).collect(),
    }
}

pub fn to_user(name: &str) -> Audience {
    Audience::User(key(name))
}

pub fn everyone_but(name: &str) -> Audience {
    Audience::everyone_except(&key(name))
}

pub fn in_channel(channel: &str, except: &[&str]) -> Audience {
    Audience::Channel {
        channel: channel.to_owned(),
        except: except.iter().map(|name| key(name)).collect(),
    }
}

/// An event caused by `from`, with no details but its author.
pub fn event_from(audience: Audience, kind: EventKind, from: &str, text: &str) -> Event {
    Event::new(audience, kind, text).from(from)
}

/// The change that moves `item` between two places, at the start of a game.
pub fn item_moved(item: &str, from: Place, to: Place) -> Change {
    item_moved_at(item, from, to, START)
}

/// The change that moves `item` between two places at `when`.
pub fn item_moved_at(item: &str, from: Place, to: Place, when: Time) -> Change {
    Change::ItemMoved {
        item: ItemId::new(item),
        from,
        to,
        when,
    }
}
