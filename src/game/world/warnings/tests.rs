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

/// The warnings about `rest` after a hall with an exit north to a tower.
fn warnings_of(rest: &str) -> Vec<String> {
    let world = load(&format!(
        r#"
[world]
name = "Keep"
start = "hall"

[[rooms]]
id = "hall"
name = "Hall"
description = "A hall."
exits = {{ north = "tower" }}

[[rooms]]
id = "tower"
name = "Tower"
description = "A tower."
exits = {{ south = "hall" }}
{rest}"#
    ));
    world.warnings().to_vec()
}

#[test]
fn a_room_whose_only_way_out_is_locked_with_the_key_elsewhere_is_a_trap() {
    let warnings = warnings_of(
        r#"
[[doors]]
id = "grate"
name = "grate"
exits = ["tower:south"]
locked = true
key = "key"

[[items]]
id = "key"
name = "key"
description = "A key."
location = "hall"
"#,
    );
    assert_eq!(
        warnings,
        [
            "world file keep.toml: rooms[1] (id \"tower\"): every exit is behind a locked door \
          whose key does not start here, so a player who gets in without the key can leave \
          only with `home`"
        ]
    );
}

#[test]
fn a_locked_door_no_key_or_trigger_opens_is_a_warning() {
    let warnings = warnings_of(
        r#"
[[doors]]
id = "grate"
name = "grate"
exits = ["hall:north"]
locked = true
"#,
    );
    assert!(
        warnings.contains(
            &"world file keep.toml: doors[0] (id \"grate\"): is locked, has no `key` \
                            and no trigger unlocks it, so it never opens"
                .to_owned()
        ),
        "{warnings:?}"
    );
}

#[test]
fn an_exit_around_a_door_is_a_warning() {
    let warnings = warnings_of(
        r#"
[[rooms]]
id = "yard"
name = "Yard"
description = "A yard."
exits = { east = "tower", gate = "tower" }

[[doors]]
id = "gate"
name = "gate"
exits = ["yard:gate"]
"#,
    );
    assert!(
        warnings.iter().any(|warning| warning.contains(
            "blocks \"yard:gate\", but exit \"east\" of \"yard\" leads to \"tower\" too without a door"
        )),
        "{warnings:?}"
    );
}

#[test]
fn an_exit_that_shares_a_commands_name_is_a_warning() {
    let world = load(
        r#"
[world]
name = "Keep"
start = "hall"

[[rooms]]
id = "hall"
name = "Hall"
description = "A hall."
exits = { look = "hall" }
"#,
    );
    assert_eq!(
        world.warnings(),
        [
            "world file keep.toml: rooms[0] (id \"hall\"): exit \"look\" shares its word with the \
          command \"look\": typed alone it takes the exit here, so the command needs more words \
          in this room"
        ]
    );
}

#[test]
fn a_dark_room_in_a_world_with_no_light_is_a_warning() {
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
dark = true
"#,
    );
    assert_eq!(
        world.warnings(),
        [
            "world file keep.toml: rooms[0] (id \"hall\"): is dark, and no item in the world gives \
          light (`light = true`), so no one will ever see it"
        ]
    );
}

#[test]
fn a_trigger_that_needs_a_flag_no_trigger_sets_is_a_warning() {
    let warnings = warnings_of(
        r#"
[[triggers]]
id = "vault"
on = "enter"
room = "tower"
needs = "vault-open"
message = "Gold!"
"#,
    );
    assert_eq!(
        warnings,
        [
            "world file keep.toml: triggers[0] (id \"vault\"): needs flag \"vault-open\", which no \
          trigger sets, so it never fires"
        ]
    );
}

#[test]
fn a_once_trigger_without_an_id_is_a_warning() {
    let warnings = warnings_of(
        r#"
[[triggers]]
on = "enter"
room = "tower"
once = true
message = "First!"
"#,
    );
    assert_eq!(warnings.len(), 1);
    assert!(
        warnings[0].contains("has `once = true` but no `id`"),
        "{warnings:?}"
    );
}

#[test]
fn an_npc_whose_wander_list_it_cannot_walk_to_is_a_warning() {
    let warnings = warnings_of(
        r#"
[[rooms]]
id = "far"
name = "Far"
description = "Far away."
exits = { back = "hall" }

[[npcs]]
id = "tom"
name = "Tom"
description = "A man."
location = "hall"
wander = ["far"]
"#,
    );
    assert!(
        warnings.contains(
            &"world file keep.toml: npcs[0] (id \"tom\"): no exit of its room \
                            \"hall\" leads to a room of its `wander` list, so it never moves"
                .to_owned()
        ),
        "{warnings:?}"
    );
}

#[test]
fn a_room_only_a_trigger_moves_players_to_is_reachable() {
    let warnings = warnings_of(
        r#"
[[rooms]]
id = "vault"
name = "Vault"
description = "A vault."
exits = { up = "hall" }

[[triggers]]
on = "say"
room = "tower"
words = ["sesame"]
move = "vault"
"#,
    );
    assert_eq!(warnings, Vec::<String>::new());
}

#[test]
fn a_key_no_one_can_carry_is_a_warning() {
    let warnings = warnings_of(
        r#"
[[doors]]
id = "grate"
name = "grate"
exits = ["hall:north"]
locked = true
key = "lever"

[[items]]
id = "lever"
name = "lever"
description = "A lever set in the wall."
location = "hall"
portable = false
"#,
    );
    assert!(
        warnings.iter().any(|warning| warning.contains(
            "its key \"lever\" is not portable, so only a trigger's `give` can put it in a player's hands"
        )),
        "{warnings:?}"
    );
}

/// Two caves that lead only to each other, and a word said in the tower
/// that drops a player into the first.
const CAVES_BELOW_THE_TOWER: &str = r#"
[[rooms]]
id = "cave"
name = "Cave"
description = "A cave."
exits = { east = "grotto" }

[[rooms]]
id = "grotto"
name = "Grotto"
description = "A grotto."
exits = { west = "cave" }

[[triggers]]
on = "say"
room = "tower"
words = ["plugh"]
move = "cave"
"#;

#[test]
fn rooms_that_lead_only_to_each_other_are_a_warning() {
    let no_way_back = |index: usize, id: &str| {
        format!(
            "world file keep.toml: rooms[{index}] (id \"{id}\"): no way leads from it back to \
             the start room \"hall\" (its exits lead only to rooms with no way back either), so \
             a player who gets in can leave only with `home`"
        )
    };
    assert_eq!(
        warnings_of(CAVES_BELOW_THE_TOWER),
        [no_way_back(2, "cave"), no_way_back(3, "grotto")]
    );
}

#[test]
fn a_way_back_by_a_trigger_is_a_way_back() {
    let warnings = warnings_of(&format!(
        r#"{CAVES_BELOW_THE_TOWER}
[[triggers]]
on = "say"
room = "grotto"
words = ["xyzzy"]
move = "hall"
"#
    ));
    assert!(warnings.is_empty(), "{warnings:?}");
}

#[test]
fn a_flag_that_is_almost_one_a_trigger_sets_gets_a_suggestion() {
    let warnings = warnings_of(
        r#"
[[triggers]]
id = "opener"
on = "say"
room = "tower"
words = ["open"]
set = "vault-open"

[[triggers]]
id = "vault"
on = "enter"
room = "tower"
needs = "vault-opne"
message = "Gold!"

[[triggers]]
id = "guard"
on = "enter"
room = "tower"
unless = "valt-open"
message = "A guard blocks the way to the vault."
"#,
    );
    assert_eq!(
        warnings,
        [
            "world file keep.toml: triggers[1] (id \"vault\"): needs flag \"vault-opne\", which \
             no trigger sets, so it never fires; did you mean \"vault-open\"?",
            "world file keep.toml: triggers[2] (id \"guard\"): `unless` names flag \"valt-open\", \
             which no trigger sets, so it never stops the trigger; did you mean \"vault-open\"?"
        ]
    );
}
