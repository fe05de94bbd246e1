//! Warnings about doors: locked for good, keyed with something no one can
//! carry, or easy to walk around.

use crate::game::world::World;
use crate::game::world::read::entry_place;

pub(super) fn find(world: &World) -> Vec<String> {
    let mut warnings = Vec::new();
    for (index, door) in world.doors().enumerate() {
        let place = entry_place("doors", index, Some(door.id.as_str()));
        let mut warn = |what: String| warnings.push(format!("{place}: {what}"));
        let unlocked_by_trigger = world.triggers().any(|trigger| trigger.then.opens(&door.id));
        if door.locked && door.key.is_none() && !unlocked_by_trigger {
            warn("is locked, has no `key` and no trigger unlocks it, so it never opens".to_owned());
        }
        if let Some(key) = door.key.as_ref().and_then(|key| world.item(key.as_str()))
            && !key.portable
        {
            warn(format!(
                "its key \"{}\" is not portable, so only a trigger's `give` can put it in a player's hands",
                key.id
            ));
        }
        for (room, word) in &door.exits {
            let Some(blocked) = world.room(room.as_str()).and_then(|room| room.exit(word)) else {
                continue;
            };
            let around = world.room(room.as_str()).into_iter().flat_map(|room| {
                room.exits.iter().filter(|other| {
                    other.to == blocked.to && world.door_on(&room.id, &other.word).is_none()
                })
            });
            for other in around {
                warn(format!(
                    "blocks \"{room}:{word}\", but exit \"{}\" of \"{room}\" leads to \"{}\" too \
                     without a door, so players can walk around it: add \"{room}:{}\" to `exits`",
                    other.word, blocked.to, other.word
                ));
            }
        }
    }
    warnings
}
