//! Warnings about items, NPCs and triggers: look-alike items, NPCs that
//! never get anywhere, triggers that can never fire, flags that never
//! matter, and `once` triggers that forget that they did.

use std::collections::HashMap;

use crate::game::world::read::entry_place;
use crate::game::world::suggest::did_you_mean;
use crate::game::world::{Item, Location, World};

pub(super) fn find(world: &World) -> Vec<String> {
    let mut warnings = items_with_the_same_name(world);
    warnings.extend(npcs_that_never_move(world));
    warnings.extend(triggers_that_cannot_fire(world));
    warnings
}

/// Items with one name in one place but different descriptions: a player
/// examining "the key" can never reach the second. Identical items (three
/// coins) are fine: they are listed as "three gold coins".
fn items_with_the_same_name(world: &World) -> Vec<String> {
    let mut first_named: HashMap<(String, String), (usize, &Item)> = HashMap::new();
    let mut warnings = Vec::new();
    for (index, item) in world.items().enumerate() {
        let key = (where_it_starts(item), item.name.as_str().to_lowercase());
        match first_named.get(&key) {
            Some(&(first_index, first)) if first.description != item.description => {
                warnings.push(format!(
                    "{}: has the same name as {} and starts in the same {}, \
                     so players cannot tell them apart",
                    entry_place("items", index, Some(item.id.as_str())),
                    entry_place("items", first_index, Some(first.id.as_str())),
                    key.0
                ));
            }
            Some(_) => {}
            None => {
                first_named.insert(key, (index, item));
            }
        }
    }
    warnings
}

/// `room "hall"`, `container "chest"` or `NPC "marta"`.
fn where_it_starts(item: &Item) -> String {
    match &item.location {
        Location::Room(room) => format!("room \"{room}\""),
        Location::Container(container) => format!("container \"{container}\""),
        Location::Npc(npc) => format!("NPC \"{npc}\""),
    }
}

/// An NPC with a wander list walks from room to room of it through exits;
/// one with no such exit where it starts stays put.
fn npcs_that_never_move(world: &World) -> Vec<String> {
    world
        .npcs()
        .enumerate()
        .filter(|(_, npc)| !npc.wander.is_empty())
        .filter(|(_, npc)| {
            let start = world.room(npc.location.as_str());
            let exits = start.into_iter().flat_map(|room| &room.exits);
            !exits.into_iter().any(|exit| npc.wander.contains(&exit.to))
        })
        .map(|(index, npc)| {
            format!(
                "{}: no exit of its room \"{}\" leads to a room of its `wander` list, \
                 so it never moves",
                entry_place("npcs", index, Some(npc.id.as_str())),
                npc.location
            )
        })
        .collect()
}

/// Triggers that need a flag nothing sets (never firing), or are kept
/// from firing by one (`unless` that never matters), each with the nearest
/// flag that is set for a typo.
fn triggers_that_cannot_fire(world: &World) -> Vec<String> {
    let set: Vec<&str> = world
        .triggers()
        .filter_map(|trigger| trigger.then.set.as_deref())
        .collect();
    let mut warnings = Vec::new();
    for (index, trigger) in world.triggers().enumerate() {
        let place = entry_place("triggers", index, trigger.id.as_deref());
        let never_set = |flag: &&String| !set.contains(&flag.as_str());
        if let Some(flag) = trigger.when.needs.as_ref().filter(never_set) {
            warnings.push(format!(
                "{place}: needs flag \"{flag}\", which no trigger sets, so it never fires{}",
                did_you_mean(flag, set.iter().copied())
            ));
        }
        if let Some(flag) = trigger.when.unless.as_ref().filter(never_set) {
            warnings.push(format!(
                "{place}: `unless` names flag \"{flag}\", which no trigger sets, so it never \
                 stops the trigger{}",
                did_you_mean(flag, set.iter().copied())
            ));
        }
        if trigger.once && trigger.id.is_none() {
            warnings.push(format!(
                "{place}: has `once = true` but no `id`; it is remembered by its place in the \
                 file, so moving it makes it fire again: give it an `id`"
            ));
        }
    }
    warnings
}
