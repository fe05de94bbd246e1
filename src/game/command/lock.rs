use super::{Context, command, doors, scope};
use crate::game::change::DoorState;
use crate::game::outcome::Outcome;
use crate::game::text;

command! {
    /// lock <door> [with <key>]
    ///
    /// Locks a closed door with its key, which you must be carrying.
    pub static LOCK = "lock" => lock;
}

fn lock(context: &Context, args: &str) -> Outcome {
    let (target, with) = doors::with_key(args);
    if target.is_empty() {
        return Outcome::reply("Lock what? Try \"lock door\".");
    }
    let Some(door) = doors::door_here(context, target).filter(|_| scope::can_see(context)) else {
        return Outcome::reply(format!("You see no {} here to lock.", text::quoted(target)));
    };
    let state = doors::state_of(context, door);
    let the_door = door.name.the();
    if state.locked {
        return Outcome::reply(format!(
            "{} is already locked.",
            text::capitalize(&the_door)
        ));
    }
    if !state.closed {
        return Outcome::reply(format!("Close {the_door} first."));
    }
    let key = match doors::key_for(context, door, with) {
        Ok(key) => key,
        Err(why) => return Outcome::reply(why),
    };
    let the_key = key.name.the();
    doors::change(
        context,
        door,
        DoorState {
            locked: true,
            closed: true,
        },
        format!("You lock {the_door} with {the_key}."),
        &format!("locks {the_door} with {the_key}"),
        &format!("A key turns in {the_door}."),
    )
}
