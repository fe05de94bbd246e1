//! What the door commands (`open`, `close`, `lock`, `unlock`) share: finding
//! the door a player means, saying how it is, and changing it so that both
//! of its sides notice.

use super::Context;
use super::matching::{carried_item, significant_words};
use crate::game::change::{Change, DoorState, Place};
use crate::game::event::{Audience, Event, EventKind};
use crate::game::outcome::Outcome;
use crate::game::text;
use crate::game::world::{Door, Item, Room};

/// The door on this room's exits that `phrase` means: by its name or an
/// alias, or by the word of an exit it blocks ("open down").
pub fn door_here<'w>(context: &Context<'w>, phrase: &str) -> Option<&'w Door> {
    let words = significant_words(phrase);
    let room = &context.actor.location;
    let mut doors = context.world.doors_in(room);
    doors.find(|door| {
        let keywords: Vec<String> = door.keywords().collect();
        let named = !words.is_empty() && words.iter().all(|word| keywords.contains(word));
        let by_exit = matches!(words.as_slice(), [word] if context.room().exit(word)
            .is_some_and(|exit| door.blocks(room, &exit.word)));
        named || by_exit
    })
}

/// How the door is now.
pub fn state_of(context: &Context, door: &Door) -> DoorState {
    context
        .state
        .door(&door.id)
        .map(|status| status.state)
        .unwrap_or(DoorState {
            closed: door.closed,
            locked: door.locked,
        })
}

/// What `examine` says about a door.
pub fn describe(context: &Context, door: &Door) -> String {
    let state = state_of(context, door);
    let how = if state.closed { "closed" } else { "open" };
    match &door.description {
        Some(description) => format!(
            "{}\n{description}\nIt is {how}.",
            text::capitalize(door.name.as_str())
        ),
        None => format!("{} is {how}.", text::capitalize(&door.name.the())),
    }
}

/// The key the actor carries for `door`, or why they cannot use one: the
/// door has no lock, they do not have its key, or `with` names a key that
/// does not fit.
pub fn key_for<'w>(
    context: &Context<'w>,
    door: &Door,
    with: Option<&str>,
) -> Result<&'w Item, String> {
    let the_door = door.name.the();
    let Some(key) = door
        .key
        .as_ref()
        .and_then(|key| context.world.item(key.as_str()))
    else {
        return Err(format!("{} has no keyhole.", text::capitalize(&the_door)));
    };
    if let Some(phrase) = with {
        let chosen = carried_item(context, phrase)?;
        if chosen.id != key.id {
            return Err(format!(
                "{} does not fit {the_door}.",
                text::capitalize(&chosen.name.the())
            ));
        }
    }
    let carrying = context
        .state
        .place_of(&key.id)
        .is_some_and(|place| *place == Place::Carried(context.actor.key.clone()));
    if carrying {
        Ok(key)
    } else {
        Err(format!("You do not have the key to {the_door}."))
    }
}

/// `door` becoming `to`: the actor reads `done`, the others in the room
/// see `seen` (an emote by the actor), and the rooms on its other side hear
/// `heard`.
pub fn change(
    context: &Context,
    door: &Door,
    to: DoorState,
    done: String,
    seen: &str,
    heard: &str,
) -> Outcome {
    let actor = context.actor;
    let here = &actor.location;
    let mut outcome = Outcome::reply(done).change(Change::DoorChanged {
        door: door.id.clone(),
        from: state_of(context, door),
        to,
        when: context.now,
    });
    outcome.events.push(
        Event::new(
            Audience::room_except(here, &actor.key),
            EventKind::Emote,
            format!("{} {seen}.", actor.name),
        )
        .from(&actor.name),
    );
    outcome.events.extend(
        other_sides(context, door)
            .map(|room| Event::new(Audience::room(&room.id), EventKind::Echo, heard)),
    );
    outcome
}

/// The rooms a door leads out of besides the actor's.
pub fn other_sides<'w>(context: &Context<'w>, door: &'w Door) -> impl Iterator<Item = &'w Room> {
    let here = context.actor.location.clone();
    let mut rooms: Vec<&Room> = door
        .exits
        .iter()
        .filter(move |(room, _)| *room != here)
        .filter_map(|(room, _)| context.world.room(room.as_str()))
        .collect();
    rooms.dedup_by(|a, b| a.id == b.id);
    rooms.into_iter()
}

/// Splits "trapdoor with iron key" at " with ".
pub fn with_key(args: &str) -> (&str, Option<&str>) {
    match args.to_ascii_lowercase().find(" with ") {
        Some(at) => (args[..at].trim(), Some(args[at + " with ".len()..].trim())),
        None => (args.trim(), None),
    }
}
