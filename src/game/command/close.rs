use super::matching::find_items;
use super::open::seen;
use super::{Context, command, doors, scope};
use crate::game::change::{Change, DoorState};
use crate::game::outcome::Outcome;
use crate::game::text;
use crate::game::world::{Door, Item};

command! {
    /// close <door or container>
    ///
    /// Closes a door (by its name, or the exit it is on) or a container you
    /// carry or see here. Also: "shut".
    pub static CLOSE = "close" | "shut" => close;
}

fn close(context: &Context, target: &str) -> Outcome {
    if target.is_empty() {
        return Outcome::reply("Close what?");
    }
    if let Some(door) = doors::door_here(context, target)
        && scope::can_see(context)
    {
        return close_door(context, door);
    }
    match find_items(context, target, &scope::within_reach(context)).single() {
        Ok(item) => close_container(context, item),
        Err(Some(question)) => Outcome::reply(question),
        Err(None) => Outcome::reply(format!(
            "You see no {} here to close.",
            text::quoted(target)
        )),
    }
}

fn close_door(context: &Context, door: &Door) -> Outcome {
    let the_door = door.name.the();
    if doors::state_of(context, door).closed {
        return Outcome::reply(format!(
            "{} is already closed.",
            text::capitalize(&the_door)
        ));
    }
    let closed = DoorState {
        closed: true,
        locked: false,
    };
    doors::change(
        context,
        door,
        closed,
        format!("You close {the_door}."),
        &format!("closes {the_door}"),
        &format!("{} closes.", text::capitalize(&the_door)),
    )
}

fn close_container(context: &Context, item: &Item) -> Outcome {
    let the_item = item.name.the();
    match context.state.is_closed(&item.id) {
        None => Outcome::reply(format!(
            "{} cannot be opened or closed.",
            text::capitalize(&the_item)
        )),
        Some(true) => Outcome::reply(format!(
            "{} is already closed.",
            text::capitalize(&the_item)
        )),
        Some(false) => Outcome::reply(format!("You close {the_item}."))
            .event(seen(
                context,
                &format!("{} closes {the_item}.", context.actor.name),
            ))
            .change(Change::ContainerClosed {
                item: item.id.clone(),
                closed: true,
            }),
    }
}
