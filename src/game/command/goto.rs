use super::go::{arrival, arrived, left};
use super::staff::{self, Answer};
use super::{Context, command};
use crate::game::change::Change;
use crate::game::outcome::Outcome;
use crate::game::role::Role;
use crate::game::text;
use crate::game::world::Room;

command! {
    /// goto <player|room>
    ///
    /// Takes you at once to a player, wherever they are, or to a room by
    /// its id: "goto Bob", "goto hall".
    pub static GOTO = "goto" | "teleport" => goto, for Role::Moderator;
}

fn goto(context: &Context, args: &str) -> Outcome {
    staff::settle(going(context, args))
}

fn going(context: &Context, args: &str) -> Answer {
    let (place, _) = text::first_word(args);
    if place.is_empty() {
        return Err(Outcome::reply(
            "Go to whom, or where? Try \"goto Bob\" or \"goto <room id>\".",
        ));
    }
    let room = destination(context, place)?;
    let actor = context.actor;
    if room.id == actor.location {
        return Err(Outcome::reply(format!("You are already in {}.", room.name)));
    }
    let mut outcome = arrival(context, room);
    let vanishes = format!("{} vanishes.", actor.name);
    let appears = format!("{} appears.", actor.name);
    outcome
        .events
        .insert(0, left(&actor.location, actor, &vanishes, None));
    outcome
        .events
        .insert(1, arrived(&room.id, actor, &appears, None));
    let entry = staff::audit(context, "goto").details(room.id.as_str());
    Ok(outcome
        .change(Change::CharacterMoved {
            who: actor.key.clone(),
            from: actor.location.clone(),
            to: room.id.clone(),
        })
        .change(Change::Audited(entry)))
}

/// The room of the player playing under that name, else the room with that id.
fn destination<'a>(context: &'a Context, place: &str) -> Result<&'a Room, Outcome> {
    let player_room = context
        .state
        .online_character_named(place)
        .map(|character| character.location.as_str());
    let lower = place.to_ascii_lowercase();
    player_room
        .or(Some(lower.as_str()))
        .and_then(|id| context.world.room(id))
        .ok_or_else(|| {
            Outcome::reply(format!(
                "No one called {place} is playing, and no room has the id {}.",
                text::quoted(&lower)
            ))
        })
}
