use super::*;
use crate::game::world::test_worlds::{error_for, hall_and, load};

#[test]
fn a_world_needs_a_room() {
    let error = error_for("[world]\nname = \"Keep\"\nstart = \"hall\"\n");
    assert_eq!(
        error,
        "world file keep.toml: a world needs at least one room: add a [[rooms]] table"
    );
}

#[test]
fn start_must_name_a_room() {
    let error = error_for(
        r#"
[world]
name = "Keep"
start = "hal"

[[rooms]]
id = "hall"
name = "Hall"
description = "A hall."
"#,
    );
    assert_eq!(
        error,
        "world file keep.toml: line 4, [world]: \
         start names room \"hal\", which does not exist; did you mean \"hall\"?"
    );
}

#[test]
fn room_ids_are_unique() {
    let error = error_for(&hall_and(
        r#"
[[rooms]]
id = "hall"
name = "Second Hall"
description = "Another hall."
"#,
    ));
    assert_eq!(
        error,
        "world file keep.toml: line 11, rooms[1] (id \"hall\"): \
         id \"hall\" is already used by rooms[0]"
    );
}

#[test]
fn item_ids_are_unique() {
    let error = error_for(&hall_and(
        r#"
[[items]]
id = "lamp"
name = "brass lamp"
description = "A lamp."
location = "hall"

[[items]]
id = "lamp"
name = "tin lamp"
description = "Another lamp."
location = "hall"
"#,
    ));
    assert_eq!(
        error,
        "world file keep.toml: line 17, items[1] (id \"lamp\"): \
         id \"lamp\" is already used by items[0]"
    );
}

#[test]
fn a_room_and_an_item_may_share_an_id() {
    let world = load(&hall_and(
        r#"
[[items]]
id = "hall"
name = "hall table"
description = "A table."
location = "hall"
"#,
    ));
    assert!(world.item("hall").is_some());
}

#[test]
fn ids_are_lower_case_words() {
    let error = error_for(&hall_and(
        r#"
[[rooms]]
id = "Great Hall"
name = "Great Hall"
description = "A great hall."
"#,
    ));
    assert_eq!(
        error,
        "world file keep.toml: line 11, rooms[1] (id \"Great Hall\"): \
         id \"Great Hall\" must be lower-case letters, digits, '_' or '-'"
    );
}

#[test]
fn ids_have_a_length_limit() {
    let id = "a".repeat(ID_MAX + 1);
    let error = error_for(&hall_and(&format!(
        "\n[[rooms]]\nid = \"{id}\"\nname = \"A\"\ndescription = \"A room.\"\n"
    )));
    assert!(
        error.ends_with(&format!(
            "line 11, rooms[1] (id \"{id}\"): id is 65 characters long; the limit is 64"
        )),
        "{error}"
    );
}

#[test]
fn an_exit_must_lead_to_a_room() {
    let error = error_for(&hall_and(
        r#"
[[rooms]]
id = "tower"
name = "Tower"
description = "A tower."
exits = { down = "hall", north = "towr" }
"#,
    ));
    assert_eq!(
        error,
        "world file keep.toml: line 14, rooms[1] (id \"tower\"): \
         exit \"north\" leads to room \"towr\", which does not exist; did you mean \"tower\"?"
    );
}

#[test]
fn an_exit_to_a_room_with_problems_of_its_own_is_fine() {
    let error = error_for(&hall_and(
        r#"
[[rooms]]
id = "tower"
name = "Tower"
exits = { down = "cellar" }

[[rooms]]
id = "cellar"
name = "Cellar"
"#,
    ));
    assert_eq!(
        error,
        "world file keep.toml has 2 problems:\n  \
         - line 10, rooms[1] (id \"tower\"): missing key `description`\n  \
         - line 15, rooms[2] (id \"cellar\"): missing key `description`"
    );
}

#[test]
fn the_exits_of_a_room_missing_a_key_are_still_checked() {
    let error = error_for(&hall_and(
        r#"
[[rooms]]
id = "tower"
name = "Tower"
exits = { n = "hall", north = "hal" }
"#,
    ));
    assert_eq!(
        error,
        "world file keep.toml has 3 problems:\n  \
         - line 10, rooms[1] (id \"tower\"): missing key `description`\n  \
         - line 13, rooms[1] (id \"tower\"): \
         exit \"north\" is written twice, as \"n\" and \"north\"\n  \
         - line 13, rooms[1] (id \"tower\"): \
         exit \"north\" leads to room \"hal\", which does not exist; did you mean \"hall\"?"
    );
}

#[test]
fn an_item_location_must_be_a_room_a_container_or_an_npc() {
    let error = error_for(&hall_and(
        r#"
[[items]]
id = "lamp"
name = "brass lamp"
description = "A lamp."
location = "cellar"
"#,
    ));
    assert_eq!(
        error,
        "world file keep.toml: line 14, items[0] (id \"lamp\"): \
         location names \"cellar\", which is no room, container or NPC"
    );
}

#[test]
fn an_exit_word_is_one_lower_case_word() {
    let error = error_for(&hall_and(
        r#"
[[rooms]]
id = "yard"
name = "Yard"
description = "A yard."
exits = { "Old Gate" = "hall" }
"#,
    ));
    assert_eq!(
        error,
        "world file keep.toml: line 14, rooms[1] (id \"yard\"): \
         exit \"Old Gate\" must be one lower-case word of letters, digits, '_' or '-'"
    );
}

#[test]
fn an_exit_word_has_a_length_limit() {
    let word = "a".repeat(WORD_MAX + 1);
    let error = error_for(&hall_and(&format!(
        "\n[[rooms]]\nid = \"yard\"\nname = \"Yard\"\ndescription = \"A yard.\"\n\
         exits = {{ {word} = \"hall\" }}\n"
    )));
    assert!(
        error.ends_with("exit word is 33 characters long; the limit is 32"),
        "{error}"
    );
}

#[test]
fn an_abbreviation_and_its_direction_are_one_exit() {
    let error = error_for(&hall_and(
        r#"
[[rooms]]
id = "yard"
name = "Yard"
description = "A yard."
exits = { n = "hall", north = "hall" }
"#,
    ));
    assert_eq!(
        error,
        "world file keep.toml: line 14, rooms[1] (id \"yard\"): \
         exit \"north\" is written twice, as \"n\" and \"north\""
    );
}

#[test]
fn abbreviated_exits_are_stored_as_full_directions() {
    let world = load(&hall_and(
        r#"
[[rooms]]
id = "yard"
name = "Yard"
description = "A yard."
exits = { sw = "hall", gate = "hall" }
"#,
    ));
    let yard = world.room("yard").expect("yard exists");
    let words: Vec<&str> = yard.exits.iter().map(|exit| exit.word.as_str()).collect();
    assert_eq!(words, ["southwest", "gate"]);
}

#[test]
fn a_name_is_not_empty() {
    let error = error_for(&hall_and(
        r#"
[[rooms]]
id = "yard"
name = "  "
description = "A yard."
"#,
    ));
    assert_eq!(
        error,
        "world file keep.toml: line 12, rooms[1] (id \"yard\"): name is empty"
    );
}

#[test]
fn a_name_is_one_line() {
    let error = error_for(&hall_and(
        r#"
[[items]]
id = "lamp"
name = """brass
lamp"""
description = "A lamp."
location = "hall"
"#,
    ));
    assert_eq!(
        error,
        "world file keep.toml: line 12, items[0] (id \"lamp\"): name must be on one line"
    );
}

#[test]
fn a_name_has_a_length_limit() {
    let name = "x".repeat(NAME_MAX + 1);
    let error = error_for(&hall_and(&format!(
        "\n[[rooms]]\nid = \"yard\"\nname = \"{name}\"\ndescription = \"A yard.\"\n"
    )));
    assert_eq!(
        error,
        "world file keep.toml: line 12, rooms[1] (id \"yard\"): \
         name is 81 characters long; the limit is 80"
    );
}

#[test]
fn the_world_name_is_not_empty() {
    let error = error_for(
        r#"
[world]
name = ""
start = "hall"

[[rooms]]
id = "hall"
name = "Hall"
description = "A hall."
"#,
    );
    assert_eq!(
        error,
        "world file keep.toml: line 3, [world]: name is empty"
    );
}

#[test]
fn a_description_is_not_empty() {
    let error = error_for(&hall_and(
        r#"
[[items]]
id = "lamp"
name = "brass lamp"
description = """
"""
location = "hall"
"#,
    ));
    assert_eq!(
        error,
        "world file keep.toml: line 13, items[0] (id \"lamp\"): description is empty"
    );
}

#[test]
fn a_description_has_a_length_limit() {
    let description = "Dust. ".repeat(TEXT_MAX / 5);
    let error = error_for(&hall_and(&format!(
        "\n[[rooms]]\nid = \"yard\"\nname = \"Yard\"\ndescription = \"{description}\"\n"
    )));
    assert_eq!(
        error,
        "world file keep.toml: line 13, rooms[1] (id \"yard\"): \
         description is 4799 characters long; the limit is 4000"
    );
}

#[test]
fn a_motd_is_not_empty() {
    let error = error_for(
        r#"
[world]
name = "Keep"
start = "hall"
motd = ""

[[rooms]]
id = "hall"
name = "Hall"
description = "A hall."
"#,
    );
    assert_eq!(
        error,
        "world file keep.toml: line 5, [world]: motd is empty"
    );
}

#[test]
fn an_alias_is_not_empty() {
    let error = error_for(&hall_and(
        r#"
[[items]]
id = "lamp"
name = "brass lamp"
aliases = ["lantern", ""]
description = "A lamp."
location = "hall"
"#,
    ));
    assert_eq!(
        error,
        "world file keep.toml: line 13, items[0] (id \"lamp\"): an alias is empty"
    );
}

#[test]
fn an_alias_is_one_word() {
    let error = error_for(&hall_and(
        r#"
[[items]]
id = "lamp"
name = "brass lamp"
aliases = ["oil lantern"]
description = "A lamp."
location = "hall"
"#,
    ));
    assert_eq!(
        error,
        "world file keep.toml: line 13, items[0] (id \"lamp\"): \
         alias \"oil lantern\" must be one word"
    );
}

#[test]
fn every_problem_is_reported_at_once() {
    let error = error_for(&hall_and(
        r#"
[[rooms]]
id = "tower"
name = ""
description = "A tower."
exits = { up = "roof" }

[[items]]
id = "Lamp"
name = "brass lamp"
description = "A lamp."
location = "cellar"
"#,
    ));
    assert!(
        error.starts_with("world file keep.toml has 4 problems:"),
        "{error}"
    );
}

#[test]
fn a_description_is_reflowed_into_paragraphs() {
    assert_eq!(
        reflow("  You stand\n  in a hall.\n\n\n  Dust   falls.\n"),
        "You stand in a hall.\n\nDust   falls."
    );
}

mod living;
