//! Helpers for the loader's tests: load a small world file from a string.

use super::World;

/// The file name the tests' worlds are loaded under.
pub(super) const FILE: &str = "keep.toml";

/// The world in `source`; panics with the loader's message if it does not load.
pub(super) fn load(source: &str) -> World {
    World::parse(source, FILE).unwrap_or_else(|error| panic!("{error}"))
}

/// Everything the loader says about `source`, which must not load.
pub(super) fn error_for(source: &str) -> String {
    World::parse(source, FILE)
        .expect_err("the world should not load")
        .to_string()
}

/// The first 8 lines of most test worlds: `[world]` and one room, `hall`.
const HALL: &str = r#"[world]
name = "Keep"
start = "hall"

[[rooms]]
id = "hall"
name = "Hall"
description = "A hall."
"#;

/// A world of the room `hall` followed by `rest`. When `rest` is a raw
/// string that starts on the line after its `r#"`, that line is line 10.
pub(super) fn hall_and(rest: &str) -> String {
    format!("{HALL}{rest}")
}
