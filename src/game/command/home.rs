use super::go::{self, arrived, left};
use super::triggers::{self, Action};
use super::{Context, command};
use crate::game::change::Change;
use crate::game::outcome::Outcome;
use crate::game::world::On;

command! {
    /// home
    ///
    /// Takes you back to where every new player starts, wherever you are:
    /// the way out of anywhere you are stuck.
    pub static HOME = "home" | "recall" => home;
}

fn home(context: &Context, _: &str) -> Outcome {
    let actor = context.actor;
    let world = context.world;
    let start = world
        .room(world.start().as_str())
        .expect("the start is a room of the world");
    if actor.location == start.id {
        return Outcome::reply(format!("You are already home, in {}.", start.name));
    }
    let mut outcome = go::arrival(context, start);
    let leaving = format!("{} heads for home.", actor.name);
    let arriving = format!("{} arrives, home again.", actor.name);
    outcome
        .events
        .insert(0, left(&actor.location, actor, &leaving, None));
    outcome
        .events
        .insert(1, arrived(&start.id, actor, &arriving, None));
    let outcome = outcome.change(Change::CharacterMoved {
        who: actor.key.clone(),
        from: actor.location.clone(),
        to: start.id.clone(),
    });
    triggers::react(context, Action::new(On::Enter, &start.id), outcome)
}
