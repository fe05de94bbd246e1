//! The world's own turn: what happens as time passes, with no player acting.
//!
//! [`Game::tick`](super::Game::tick) runs this about once a second. The
//! link-dead whose grace is over leave the world
//! ([`presence::end_grace`]), items go back where they started
//! ([`returns`]), doors swing back ([`doors`]), NPCs take a step
//! ([`wander`]) and rooms tell their echoes ([`echoes`]). All of
//! it is decided from the state and the time alone: what is random (which
//! echo, which way an NPC walks) comes from [`chance`], a hash of the time
//! and the ids involved, so a test that knows the time knows what happens.

mod chance;
mod doors;
mod echoes;
mod returns;
mod wander;

use std::time::Duration;

use super::Time;
use super::outcome::Outcome;
use super::presence;
use super::state::State;
use super::world::World;

/// What the world's turns remember between one tick and the next. None of
/// it is saved: after a restart the clock starts afresh.
#[derive(Debug, Default)]
pub struct Clock {
    /// When the last tick ran: periodic things (echoes, steps) happen when
    /// a period ends between one tick and the next.
    last: Option<Time>,
    /// The first tick since the game was restored: offline players' time
    /// away counts from here at the earliest, so a crash or restart never
    /// takes their things early.
    resumed: Option<Time>,
}

/// Everything the world does at `now`, decided against `state` as it is;
/// characters link-dead for `grace` leave.
pub fn run(world: &World, state: &State, clock: &mut Clock, grace: Duration, now: Time) -> Outcome {
    let resumed = *clock.resumed.get_or_insert(now);
    let previous = clock.last.replace(now);
    let mut outcome = Outcome::default();
    presence::end_grace(state, now, grace, &mut outcome);
    returns::due(world, state, now, resumed, &mut outcome);
    doors::resets(world, state, now, &mut outcome);
    if let Some(last) = previous.filter(|last| *last < now) {
        wander::steps(world, state, last, now, &mut outcome);
        echoes::told(world, state, last, now, &mut outcome);
    }
    outcome
}
