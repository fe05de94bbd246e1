//! What a world may legally contain but is probably a mistake.
//!
//! A room nobody can reach, a room nobody can leave, two items a player
//! cannot tell apart: the world still runs, and may even mean it (a trap
//! with no way out), so these are logged for the host instead of refusing
//! to start.

use std::collections::{HashMap, HashSet};

use super::World;
use super::read::entry_place;

/// Every warning about `world`, one line each, rooms before items.
pub(super) fn find(world: &World) -> Vec<String> {
    let mut warnings = unreachable_rooms(world);
    warnings.extend(rooms_without_exits(world));
    warnings.extend(items_with_the_same_name(world));
    warnings
}

fn unreachable_rooms(world: &World) -> Vec<String> {
    let reachable = reachable_from_start(world);
    world
        .rooms()
        .enumerate()
        .filter(|(_, room)| !reachable.contains(room.id.as_str()))
        .map(|(index, room)| {
            format!(
                "{}: cannot be reached from the start room \"{}\"",
                entry_place("rooms", index, Some(room.id.as_str())),
                world.start()
            )
        })
        .collect()
}

fn reachable_from_start(world: &World) -> HashSet<&str> {
    let mut reachable = HashSet::from([world.start().as_str()]);
    let mut to_visit = vec![world.start().as_str()];
    while let Some(id) = to_visit.pop() {
        let exits = world.room(id).into_iter().flat_map(|room| &room.exits);
        for exit in exits {
            if reachable.insert(exit.to.as_str()) {
                to_visit.push(exit.to.as_str());
            }
        }
    }
    reachable
}

fn rooms_without_exits(world: &World) -> Vec<String> {
    world
        .rooms()
        .enumerate()
        .filter(|(_, room)| room.exits.is_empty())
        .map(|(index, room)| {
            format!(
                "{}: has no exits, so a player who gets in cannot get out",
                entry_place("rooms", index, Some(room.id.as_str()))
            )
        })
        .collect()
}

fn items_with_the_same_name(world: &World) -> Vec<String> {
    let mut first_named: HashMap<(&str, String), (usize, &str)> = HashMap::new();
    let mut warnings = Vec::new();
    for (index, item) in world.items().enumerate() {
        let key = (item.location.as_str(), item.name.to_lowercase());
        match first_named.get(&key) {
            Some(&(first_index, first_id)) => warnings.push(format!(
                "{}: has the same name as {} and starts in the same room \"{}\", \
                 so players cannot tell them apart",
                entry_place("items", index, Some(item.id.as_str())),
                entry_place("items", first_index, Some(first_id)),
                item.location
            )),
            None => {
                first_named.insert(key, (index, item.id.as_str()));
            }
        }
    }
    warnings
}

#[cfg(test)]
mod tests {
    use crate::game::world::test_worlds::load;

    #[test]
    fn a_room_that_cannot_be_reached_is_a_warning() {
        let world = load(
            r#"
[world]
name = "Keep"
start = "hall"

[[rooms]]
id = "hall"
name = "Hall"
description = "A hall."
exits = { up = "tower" }

[[rooms]]
id = "tower"
name = "Tower"
description = "A tower."
exits = { down = "hall" }

[[rooms]]
id = "attic"
name = "Attic"
description = "An attic."
exits = { down = "hall" }
"#,
        );
        assert_eq!(
            world.warnings(),
            ["world file keep.toml: rooms[2] (id \"attic\"): \
              cannot be reached from the start room \"hall\""]
        );
    }

    #[test]
    fn a_room_without_exits_is_a_warning() {
        let world = load(
            r#"
[world]
name = "Keep"
start = "hall"

[[rooms]]
id = "hall"
name = "Hall"
description = "A hall."
exits = { down = "pit" }

[[rooms]]
id = "pit"
name = "Pit"
description = "A pit."
"#,
        );
        assert_eq!(
            world.warnings(),
            ["world file keep.toml: rooms[1] (id \"pit\"): \
              has no exits, so a player who gets in cannot get out"]
        );
    }

    #[test]
    fn two_items_with_one_name_in_one_room_are_a_warning() {
        let world = load(
            r#"
[world]
name = "Keep"
start = "hall"

[[rooms]]
id = "hall"
name = "Hall"
description = "A hall."
exits = { north = "hall" }

[[items]]
id = "key-1"
name = "iron key"
description = "A key."
location = "hall"

[[items]]
id = "key-2"
name = "Iron Key"
description = "Another key."
location = "hall"
"#,
        );
        assert_eq!(
            world.warnings(),
            [
                "world file keep.toml: items[1] (id \"key-2\"): has the same name as \
              items[0] (id \"key-1\") and starts in the same room \"hall\", \
              so players cannot tell them apart"
            ]
        );
    }

    #[test]
    fn items_with_one_name_in_different_rooms_are_fine() {
        let world = load(
            r#"
[world]
name = "Keep"
start = "hall"

[[rooms]]
id = "hall"
name = "Hall"
description = "A hall."
exits = { north = "tower" }

[[rooms]]
id = "tower"
name = "Tower"
description = "A tower."
exits = { south = "hall" }

[[items]]
id = "candle-1"
name = "candle"
description = "A candle."
location = "hall"

[[items]]
id = "candle-2"
name = "candle"
description = "A candle."
location = "tower"
"#,
        );
        assert!(world.warnings().is_empty(), "{:?}", world.warnings());
    }
}
