use super::matching::find_items;
use super::triggers::{self, Action};
use super::{Context, command, doors, examine, scope};
use crate::game::change::{Change, DoorState};
use crate::game::event::{Audience, Event, EventKind};
use crate::game::outcome::Outcome;
use crate::game::text;
use crate::game::world::{Door, Item, On};

command! {
    /// open <door or container>
    ///
    /// Opens a door (by its name, or the exit it is on: "open down") or a
    /// container you carry or see here. A locked door needs "unlock" first.
    pub static OPEN = "open" => open;
}

fn open(context: &Context, target: &str) -> Outcome {
    if target.is_empty() {
        return Outcome::reply("Open what?");
    }
    if let Some(door) = doors::door_here(context, target)
        && scope::can_see(context)
    {
        return open_door(context, door);
    }
    match find_items(context, target, &scope::within_reach(context)).single() {
        Ok(item) => open_container(context, item),
        Err(Some(question)) => Outcome::reply(question),
        Err(None) => Outcome::reply(format!("You see no {} here to open.", text::quoted(target))),
    }
}

fn open_door(context: &Context, door: &Door) -> Outcome {
    let state = doors::state_of(context, door);
    let the_door = door.name.the();
    if !state.closed {
        return Outcome::reply(format!("{} is already open.", text::capitalize(&the_door)));
    }
    if state.locked {
        return Outcome::reply(format!("{} is locked.", text::capitalize(&the_door)));
    }
    let opened = DoorState {
        closed: false,
        locked: false,
    };
    let heard = format!("{} opens.", text::capitalize(&the_door));
    let outcome = doors::change(
        context,
        door,
        opened,
        format!("You open {the_door}."),
        &format!("opens {the_door}"),
        &heard,
    );
    let action = Action {
        door: Some(&door.id),
        ..Action::new(On::Open, &context.actor.location)
    };
    triggers::react(context, action, outcome)
}

fn open_container(context: &Context, item: &Item) -> Outcome {
    let the_item = item.name.the();
    match context.state.is_closed(&item.id) {
        None => Outcome::reply(format!(
            "{} cannot be opened or closed.",
            text::capitalize(&the_item)
        )),
        Some(false) => Outcome::reply(format!("{} is already open.", text::capitalize(&the_item))),
        Some(true) => {
            let actor = context.actor;
            let outcome = Outcome::reply(format!("You open {the_item}."))
                .event(seen(context, &format!("{} opens {the_item}.", actor.name)))
                .change(Change::ContainerClosed {
                    item: item.id.clone(),
                    closed: false,
                })
                .with_line(&examine::inside(context, item));
            let action = Action {
                item: Some(&item.id),
                ..Action::new(On::Open, &actor.location)
            };
            triggers::react(context, action, outcome)
        }
    }
}

/// What the others in the room see the actor do.
pub fn seen(context: &Context, line: &str) -> Event {
    let actor = context.actor;
    Event::new(
        Audience::room_except(&actor.location, &actor.key),
        EventKind::Emote,
        line,
    )
    .from(&actor.name)
}
