//! The warnings, each shown by a small world that has it.

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
          has no exits, so a player who gets in can leave only with `home`"]
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
