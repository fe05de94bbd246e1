use super::{Context, command, doors, scope};
use crate::game::change::DoorState;
use crate::game::outcome::Outcome;
use crate::game::text;

command! {
    /// unlock <door> [with <key>]
    ///
    /// Unlocks a locked door with its key, which you must be carrying. Then
    /// "open" it.
    pub static UNLOCK = "unlock" => unlock;
}

fn unlock(context: &Context, args: &str) -> Outcome {
    let (target, with) = doors::with_key(args);
    if target.is_empty() {
        return Outcome::reply("Unlock what? Try \"unlock door\".");
    }
    let Some(door) = doors::door_here(context, target).filter(|_| scope::can_see(context)) else {
        return Outcome::reply(format!(
            "You see no {} here to unlock.",
            text::quoted(target)
        ));
    };
    let state = doors::state_of(context, door);
    let the_door = door.name.the();
    if !state.locked {
        return Outcome::reply(format!("{} is not locked.", text::capitalize(&the_door)));
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
            locked: false,
            ..state
        },
        format!("You unlock {the_door} with {the_key}."),
        &format!("unlocks {the_door} with {the_key}"),
        &format!("A key turns in {the_door}."),
    )
}
