//! Triggers firing: what the world does when a player gives, takes, drops,
//! enters, says, opens or reads something.
//!
//! Every trigger of the world file whose conditions hold is found first,
//! against the state as it is before any of them acts, and then each fires
//! in file order: so one trigger setting a flag never makes another fire in
//! the same moment. What a trigger does fires no further triggers, with one
//! exception: a player it moves enters the room it moves them to, and that
//! room's `enter` triggers fire (but not any they would fire in turn).
//!
//! A trigger that gives an item fires only while no player has that item:
//! it is not the world's to give away. Texts may say `{player}`, which
//! becomes the acting player's name.

use super::Context;
use super::go;
use crate::game::change::{Change, DoorState, Place};
use crate::game::event::{Audience, Event, EventKind};
use crate::game::ids::{DoorId, ItemId, NpcId, RoomId};
use crate::game::outcome::Outcome;
use crate::game::text;
use crate::game::world::{On, Trigger};

/// What a player did, as triggers see it.
pub struct Action<'a> {
    pub on: On,
    /// The item given, taken, dropped, opened or read.
    pub item: Option<&'a ItemId>,
    /// The NPC given to.
    pub npc: Option<&'a NpcId>,
    /// The door opened.
    pub door: Option<&'a DoorId>,
    /// What was said.
    pub said: Option<&'a str>,
    /// Where it happened (for `enter`, the room entered).
    pub room: &'a RoomId,
}

impl<'a> Action<'a> {
    pub fn new(on: On, room: &'a RoomId) -> Action<'a> {
        Action {
            on,
            item: None,
            npc: None,
            door: None,
            said: None,
            room,
        }
    }
}

/// The triggers that fit `action` now, in file order.
pub fn fitting<'w>(context: &Context<'w>, action: &Action) -> Vec<&'w Trigger> {
    context
        .world
        .triggers()
        .filter(|trigger| fits(context, action, trigger) && gift_available(context, trigger))
        .collect()
}

/// What the triggers that fit `action` would give, but cannot now because
/// a player has it, in file order.
pub fn gifts_held_by_players<'w>(context: &Context<'w>, action: &Action) -> Vec<&'w ItemId> {
    context
        .world
        .triggers()
        .filter(|trigger| fits(context, action, trigger) && !gift_available(context, trigger))
        .filter_map(|trigger| trigger.then.give.as_ref())
        .collect()
}

/// `outcome`, with what every trigger that fits `action` does added.
pub fn react(context: &Context, action: Action, outcome: Outcome) -> Outcome {
    react_at(context, action, outcome, Depth::Action)
}

/// Whether triggers fire for what a player did, or for their arrival where
/// another trigger moved them (when they move no one further).
#[derive(Clone, Copy, PartialEq, Eq)]
enum Depth {
    Action,
    MovedByTrigger,
}

fn react_at(context: &Context, action: Action, outcome: Outcome, depth: Depth) -> Outcome {
    fitting(context, &action)
        .into_iter()
        .fold(outcome, |outcome, trigger| {
            fire(context, &action, trigger, outcome, depth)
        })
}

/// Whether `action` meets every condition of `trigger` (whatever it gives).
fn fits(context: &Context, action: &Action, trigger: &Trigger) -> bool {
    let when = &trigger.when;
    let state = context.state;
    let same = |wanted: Option<&ItemId>, got: Option<&ItemId>| wanted.is_none() || wanted == got;
    let npc_fits = match (&when.npc, action.on) {
        (None, _) => true,
        (Some(npc), On::Give) => action.npc == Some(npc),
        (Some(npc), _) => state.npc_location(npc) == Some(action.room),
    };
    let words_fit = when.words.is_empty()
        || action
            .said
            .is_some_and(|said| words_of(said).any(|word| when.words.contains(&word)));
    trigger.on == action.on
        && same(when.item.as_ref(), action.item)
        && npc_fits
        && when.room.as_ref().is_none_or(|room| room == action.room)
        && when
            .door
            .as_ref()
            .is_none_or(|door| Some(door) == action.door)
        && words_fit
        && when.needs.as_ref().is_none_or(|flag| state.flag(flag))
        && when.unless.as_ref().is_none_or(|flag| !state.flag(flag))
        && !(trigger.once && state.flag(&trigger.fired_flag()))
}

/// Whether what `trigger` gives (if anything) is the world's to give: no
/// player has it.
fn gift_available(context: &Context, trigger: &Trigger) -> bool {
    trigger.then.give.as_ref().is_none_or(|item| {
        !matches!(
            context.state.outermost_place_of(item),
            Some(Place::Carried(_)) | None
        )
    })
}

/// The words of something said, lower case, without punctuation.
fn words_of(said: &str) -> impl Iterator<Item = String> + '_ {
    said.split(|c: char| !c.is_alphanumeric() && c != '-' && c != '\'')
        .filter(|word| !word.is_empty())
        .map(str::to_lowercase)
}

/// Adds what `trigger` does to `outcome`, in the order the format lists
/// its effects.
fn fire(
    context: &Context,
    action: &Action,
    trigger: &Trigger,
    mut outcome: Outcome,
    depth: Depth,
) -> Outcome {
    let actor = context.actor;
    let then = &trigger.then;
    let fill = |line: &str| line.replace("{player}", &actor.name);
    let others = || Audience::room_except(action.room, &actor.key);
    if trigger.once {
        outcome = outcome.change(Change::FlagSet {
            flag: trigger.fired_flag(),
        });
    }
    if let (Some(said), Some(npc)) = (&then.npc_say, &trigger.when.npc)
        && let Some(npc) = context.world.npc(npc.as_str())
    {
        let said = fill(said);
        outcome = outcome
            .with_line(&said)
            .event(Event::new(others(), EventKind::Say, said).npc(npc.name.as_str()));
    }
    if let Some(message) = &then.message {
        outcome = outcome.with_line(&fill(message));
    }
    if let Some(announce) = &then.announce {
        let event = Event::new(others(), EventKind::Emote, fill(announce)).from(&actor.name);
        outcome = outcome.event(event);
    }
    if let Some(item) = &then.give {
        outcome = give(context, item, then.message.is_none(), outcome);
    }
    outcome = doors(context, then.unlock.as_ref(), then.open.as_ref(), outcome);
    if let Some(flag) = then.set.as_ref().filter(|flag| !context.state.flag(flag)) {
        outcome = outcome.change(Change::FlagSet { flag: flag.clone() });
    }
    if let Some(flag) = then.clear.as_ref().filter(|flag| context.state.flag(flag)) {
        outcome = outcome.change(Change::FlagCleared { flag: flag.clone() });
    }
    let destination = then.move_to.as_ref();
    let destination = destination.and_then(|room| context.world.room(room.as_str()));
    if let Some(room) = destination.filter(|_| depth == Depth::Action) {
        outcome = move_actor(context, action.room, room, outcome);
        let entered = Action::new(On::Enter, &room.id);
        outcome = react_at(context, entered, outcome, Depth::MovedByTrigger);
    }
    outcome
}

/// Hands `item` to the actor from wherever it is; says so when the
/// trigger's own message does not.
fn give(context: &Context, item: &ItemId, say_so: bool, outcome: Outcome) -> Outcome {
    let (Some(place), Some(given)) = (
        context.state.place_of(item),
        context.world.item(item.as_str()),
    ) else {
        return outcome;
    };
    let outcome = outcome.change(Change::ItemMoved {
        item: item.clone(),
        from: place.clone(),
        to: Place::Carried(context.actor.key.clone()),
        when: context.now,
    });
    if say_so {
        outcome.with_line(&format!("You receive {}.", given.name.a()))
    } else {
        outcome
    }
}

/// Unlocks and opens doors; their rooms hear it.
fn doors(
    context: &Context,
    unlock: Option<&DoorId>,
    open: Option<&DoorId>,
    mut outcome: Outcome,
) -> Outcome {
    let mut doors: Vec<&DoorId> = unlock.into_iter().chain(open).collect();
    doors.dedup();
    for id in doors {
        let (Some(door), Some(status)) = (context.world.door(id.as_str()), context.state.door(id))
        else {
            continue;
        };
        let from = status.state;
        let to = DoorState {
            closed: from.closed && open != Some(id),
            locked: false,
        };
        if to == from {
            continue;
        }
        let the_door = text::capitalize(&door.name.the());
        let heard = if to.closed {
            format!("A key turns in {}.", door.name.the())
        } else {
            format!("{the_door} swings open.")
        };
        outcome = outcome.change(Change::DoorChanged {
            door: id.clone(),
            from,
            to,
            when: context.now,
        });
        let mut rooms: Vec<&RoomId> = door.exits.iter().map(|(room, _)| room).collect();
        rooms.dedup();
        for room in rooms {
            let audience = Audience::room_except(room, &context.actor.key);
            outcome = outcome.event(Event::new(audience, EventKind::Echo, heard.clone()));
        }
    }
    outcome
}

/// Moves the actor from `from` to `to`, as a trigger's `move` does: the
/// rooms see them vanish and appear, and they see where they are.
fn move_actor(
    context: &Context,
    from: &RoomId,
    to: &crate::game::world::Room,
    outcome: Outcome,
) -> Outcome {
    let actor = context.actor;
    if &to.id == from {
        return outcome;
    }
    let arrival = go::arrival(context, to);
    let view = arrival.view().cloned();
    let text = arrival.text().unwrap_or_default().to_owned();
    let mut outcome = outcome
        .with_line(&text)
        .change(Change::CharacterMoved {
            who: actor.key.clone(),
            from: from.clone(),
            to: to.id.clone(),
        })
        .event(go::left(
            from,
            actor,
            &format!("{} is gone.", actor.name),
            None,
        ))
        .event(go::arrived(
            &to.id,
            actor,
            &format!("{} appears.", actor.name),
            None,
        ));
    outcome.events.extend(arrival.events);
    match view {
        Some(view) => outcome.with_view(view),
        None => outcome,
    }
}
