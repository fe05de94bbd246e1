use crate::game::world::test_worlds::{error_for, load};

#[test]
fn an_unknown_key_names_its_line_and_the_key_it_is_close_to() {
    let error = error_for(
        r#"
[world]
name = "Keep"
start = "hall"

[[rooms]]
id = "hall"
name = "Hall"
descripton = "A hall."
"#,
    );
    assert_eq!(
        error,
        "world file keep.toml has 2 problems:\n  \
         - line 6, rooms[0] (id \"hall\"): missing key `description`\n  \
         - line 9, rooms[0] (id \"hall\"): unknown key `descripton`; \
         did you mean `description`?"
    );
}

#[test]
fn every_unknown_key_in_a_table_is_reported() {
    let error = error_for(
        r#"
[world]
name = "Keep"
start = "hall"
colour = "red"
size = 3
"#,
    );
    assert!(
        error.contains(
            "line 5, [world]: unknown key `colour`, expected one of `name`, `start`, `motd`"
        ),
        "{error}"
    );
    assert!(
        error.contains("line 6, [world]: unknown key `size`"),
        "{error}"
    );
}

#[test]
fn an_unknown_section_is_an_unknown_key_of_the_file() {
    let error = error_for("[wrold]\nname = \"Keep\"\n");
    assert!(
        error.contains("line 1: unknown key `wrold`; did you mean `world`?"),
        "{error}"
    );
}

#[test]
fn a_missing_world_section_is_named() {
    let error = error_for("[[rooms]]\nid = \"hall\"\nname = \"Hall\"\ndescription = \"A hall.\"\n");
    assert_eq!(
        error,
        "world file keep.toml: [world]: the section is missing"
    );
}

#[test]
fn a_missing_item_key_names_the_item() {
    let error = error_for(
        r#"
[world]
name = "Keep"
start = "hall"

[[rooms]]
id = "hall"
name = "Hall"
description = "A hall."

[[items]]
id = "lamp"
name = "brass lamp"
description = "A dented brass lamp."
"#,
    );
    assert_eq!(
        error,
        "world file keep.toml: line 11, items[0] (id \"lamp\"): missing key `location`"
    );
}

#[test]
fn an_entry_without_an_id_is_named_by_its_position() {
    let error = error_for(
        r#"
[world]
name = "Keep"
start = "hall"

[[rooms]]
id = "hall"
name = "Hall"
description = "A hall."

[[rooms]]
name = "Tower"
description = "A tower."
"#,
    );
    assert_eq!(
        error,
        "world file keep.toml: line 11, rooms[1]: missing key `id`"
    );
}

#[test]
fn a_mistyped_value_names_the_key_and_the_type_expected() {
    let error = error_for(
        r#"
[world]
name = "Keep"
start = "hall"

[[rooms]]
id = "hall"
name = 3
description = "A hall."
"#,
    );
    assert_eq!(
        error,
        "world file keep.toml: line 8, rooms[0] (id \"hall\"): \
         `name`: invalid type: integer `3`, expected a string"
    );
}

#[test]
fn an_exit_to_a_non_string_names_the_exit_line() {
    let error = error_for(
        r#"
[world]
name = "Keep"
start = "hall"

[[rooms]]
id = "hall"
name = "Hall"
description = "A hall."
exits = { north = 3 }
"#,
    );
    assert_eq!(
        error,
        "world file keep.toml: line 10, rooms[0] (id \"hall\"): \
         `exits`: invalid type: integer `3`, expected a string"
    );
}

#[test]
fn rooms_written_as_a_single_table_are_explained() {
    let error = error_for(
        r#"
[world]
name = "Keep"
start = "hall"

[rooms]
id = "hall"
"#,
    );
    assert!(
        error.contains(
            "line 6: `rooms` must be a list of tables, each started with a [[rooms]] line"
        ),
        "{error}"
    );
}

#[test]
fn exits_keep_the_order_of_the_file() {
    let world = load(
        r#"
[world]
name = "Keep"
start = "hall"

[[rooms]]
id = "hall"
name = "Hall"
description = "A hall."
exits = { west = "hall", north = "hall", gate = "hall", east = "hall" }
"#,
    );
    let hall = world.room("hall").expect("hall exists");
    let words: Vec<&str> = hall.exits.iter().map(|exit| exit.word.as_str()).collect();
    assert_eq!(words, ["west", "north", "gate", "east"]);
}

#[test]
fn an_item_is_portable_unless_the_file_says_otherwise() {
    let world = load(
        r#"
[world]
name = "Keep"
start = "hall"

[[rooms]]
id = "hall"
name = "Hall"
description = "A hall."

[[items]]
id = "lamp"
name = "brass lamp"
description = "A lamp."
location = "hall"

[[items]]
id = "statue"
name = "stone statue"
description = "A statue."
location = "hall"
portable = false
"#,
    );
    assert!(world.item("lamp").expect("lamp exists").portable);
    assert!(!world.item("statue").expect("statue exists").portable);
}
