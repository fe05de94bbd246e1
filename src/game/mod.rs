//! The game: pure rules with no I/O.
//!
//! [`Game::handle`] takes who is acting, what they asked for and when, and
//! returns an [`Outcome`]: the reply for them, events for others and the
//! changes made, which it has already applied to its in-memory [`State`].
//! [`Game::tick`] lets the world itself act when time passes. Nothing here
//! touches a socket, a file or a clock (time is an input), so every rule is
//! tested directly.

pub mod actor;
mod appointments;
pub mod audit;
pub mod change;
pub mod clock;
pub mod command;
pub mod effect;
pub mod event;
pub mod ids;
pub mod names;
pub mod outcome;
pub mod presence;
pub mod role;
pub mod rules;
pub mod standing;
pub mod state;
mod tabs;
pub mod text;
mod tick;
pub mod voice;
pub mod world;

#[cfg(test)]
mod tests;

use std::sync::Arc;

pub use actor::Actor;
pub use audit::AuditEntry;
pub use change::{Change, DoorState, Place};
pub use clock::Time;
pub use effect::{Effect, Errand, ErrandKind, NEW_PASSWORD_NOTICE, Report};
pub use event::{Audience, Event, EventKind};
pub use ids::{DoorId, ItemId, NpcId, RoomId, UserKey};
pub use outcome::{CommandSummary, Outcome, Reply, Response, RoomView, View, Welcome};
pub use presence::{Departure, PresenceNews};
pub use role::Role;
pub use rules::Rules;
pub use standing::{Sanction, Standing};
pub use state::{Character, DoorStatus, SavedCharacter, SavedDoor, SavedItem, SavedState, State};
pub use world::World;

/// What a player asked for.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub enum Input {
    /// A connection of theirs opened.
    Enter,
    /// A line they typed.
    Command(String),
    /// Join a chat channel (the Socket.IO `join` event).
    JoinChannel(String),
    /// Leave a chat channel (the Socket.IO `leave` event).
    LeaveChannel(String),
    /// A connection of theirs closed (dropped, or closed by the player: the
    /// character goes link-dead when it was the last).
    Exit,
    /// A connection of theirs closed because they logged out (the character
    /// leaves the world at once when it was the last).
    Leave,
    /// How an errand they sent out of the game went (a password set).
    Reported(Report),
}

/// The world and its state, changed one input at a time.
pub struct Game {
    world: Arc<World>,
    state: State,
    rules: Rules,
    clock: tick::Clock,
    /// Accounts the host names admins (`--admin`), by key.
    admins: Vec<UserKey>,
}

impl Game {
    /// Starts from saved state; also returns the changes that reconciling it
    /// with the world made, which the caller must save.
    pub fn restore(world: Arc<World>, saved: SavedState) -> (Game, Vec<Change>) {
        let (state, changes) = State::restore(&world, saved);
        let game = Game {
            world,
            state,
            rules: Rules::default(),
            clock: tick::Clock::default(),
            admins: Vec::new(),
        };
        (game, changes)
    }

    /// Plays by `rules` from now on (a host's settings).
    pub fn set_rules(&mut self, rules: Rules) {
        self.rules = rules;
    }

    pub fn world(&self) -> &World {
        &self.world
    }

    pub fn state(&self) -> &State {
        &self.state
    }

    /// Decides what `input`, given at `now`, does and applies its changes.
    pub fn handle(&mut self, actor: &Actor, input: Input, now: Time) -> Outcome {
        let outcome = self.plan(actor, input, now);
        self.carry_out(actor, outcome, now)
    }

    /// What `input` would do, without doing it: the engine looks before it
    /// leaps when it cannot save, and refuses what would need saving.
    pub fn plan(&self, actor: &Actor, input: Input, now: Time) -> Outcome {
        self.decide(actor, input, now)
    }

    /// Applies a planned outcome's changes (decided at `now`), completes its
    /// reply and tells the player's other connections what changed for them.
    pub fn carry_out(&mut self, actor: &Actor, outcome: Outcome, now: Time) -> Outcome {
        self.apply(&outcome);
        let outcome = self.show_what_changed(actor, outcome, now);
        tabs::keep_in_step(&self.world, &self.state, actor, outcome, now)
    }

    /// Starts again from saved state (what is durable), keeping who is
    /// online as it was before `presence` (the comings and goings since it
    /// was saved, in order) happened: after a commit failed, everything the
    /// group did is forgotten this way.
    pub fn reload(&mut self, saved: SavedState, presence: &[Change]) {
        let (mut state, _) = State::restore(&self.world, saved);
        state.keep_presence_of(&self.state);
        for change in presence.iter().rev() {
            state.undo_presence(change);
        }
        self.state = state;
    }

    /// Counts a connection of `who` that was already open when this game
    /// was loaded (in a cluster, a new leader carries on with the players
    /// connected to every instance): the character is online through it as
    /// if it had just entered, but nothing is announced, since for everyone
    /// else nothing changed.
    pub fn resume_connection(&mut self, who: &UserKey) {
        self.state.apply(&Change::SocketOpened { who: who.clone() });
    }

    /// Makes the accounts named `names` (the host's `--admin`) admins:
    /// those the game knows now, in the outcome (its changes must be saved),
    /// and the others when they first come in. Each appointment is audited.
    pub fn appoint_admins(&mut self, names: &[String], now: Time) -> Outcome {
        self.admins = names
            .iter()
            .map(|name| UserKey::new(name.to_ascii_lowercase()))
            .collect();
        let outcome = appointments::of_known(&self.state, &self.admins, now);
        self.apply(&outcome);
        outcome
    }

    /// Lets the world act at `now`: whatever timed rule is due runs (the
    /// link-dead whose grace is over leave the world). The engine calls
    /// this about once a second, through the same queue as players' inputs,
    /// so what the world does is ordered and saved like anything a player
    /// does.
    pub fn tick(&mut self, now: Time) -> Outcome {
        let grace = self.rules.link_dead_grace;
        let outcome = tick::run(&self.world, &self.state, &mut self.clock, grace, now);
        self.apply(&outcome);
        outcome
    }

    /// Applies a change no input made, to set the scene of a test.
    #[cfg(test)]
    pub(crate) fn apply_for_tests(&mut self, change: &Change) {
        self.state.apply(change);
    }

    fn apply(&mut self, outcome: &Outcome) {
        for change in &outcome.changes {
            self.state.apply(change);
        }
    }

    /// A command that changed what lies in a room (taking, dropping) answers
    /// with the room as it is now, and one that changed only what the
    /// player carries (giving) with the inventory, so clients need not ask.
    fn show_what_changed(&self, actor: &Actor, outcome: Outcome, now: Time) -> Outcome {
        let Some(character) = self.state.character(&actor.key) else {
            return outcome;
        };
        if !outcome.lacks_view() {
            return outcome;
        }
        let places: Vec<&Place> = outcome
            .changes
            .iter()
            .filter_map(|change| match change {
                Change::ItemMoved { from, to, .. } => Some([from, to]),
                _ => None,
            })
            .flatten()
            .collect();
        let in_a_room = places.iter().any(|place| matches!(place, Place::Room(_)));
        let in_hand = places
            .iter()
            .any(|place| matches!(place, Place::Carried(who) if *who == actor.key));
        let context = command::Context {
            world: &self.world,
            state: &self.state,
            actor: character,
            role: self.state.role_of(&actor.key),
            now,
        };
        if in_a_room {
            let view = command::room_view(&self.world, &self.state, context.room(), &actor.key);
            outcome.with_view(View::Room(view))
        } else if in_hand {
            match command::carrying(&context).reply {
                Reply::Response(Response {
                    view: Some(view), ..
                }) => outcome.with_view(view),
                _ => outcome,
            }
        } else {
            outcome
        }
    }

    fn decide(&self, actor: &Actor, input: Input, now: Time) -> Outcome {
        let world = &self.world;
        match input {
            Input::Enter => appointments::entering(&self.state, &self.admins, actor, now, |role| {
                presence::enter(world, &self.state, actor, role)
            }),
            Input::Exit => presence::exit(&self.state, actor, Departure::Dropped, now),
            Input::Leave => presence::exit(&self.state, actor, Departure::LoggedOut, now),
            Input::Reported(report) => command::reported(&self.state, actor, report, now),
            Input::Command(line) => {
                self.in_game(actor, now, |context| command::run(context, &line))
            }
            Input::JoinChannel(name) => {
                self.in_game(actor, now, |context| command::join_channel(context, &name))
            }
            Input::LeaveChannel(name) => {
                self.in_game(actor, now, |context| command::leave_channel(context, &name))
            }
        }
    }

    /// Runs `act` for an actor whose character is in the game through a
    /// connection.
    fn in_game(
        &self,
        actor: &Actor,
        now: Time,
        act: impl FnOnce(&command::Context) -> Outcome,
    ) -> Outcome {
        match self
            .state
            .character(&actor.key)
            .filter(|character| character.is_connected())
        {
            Some(character) => act(&command::Context {
                world: &self.world,
                state: &self.state,
                actor: character,
                role: self.state.role_of(&actor.key),
                now,
            }),
            None => Outcome::reply("You are not in the game; reconnect to play."),
        }
    }
}
