//! The world as loaded: lookups, and the built-in world kept explorable.
use super::test_worlds::{hall_and, load};
use super::*;

#[test]
fn a_minimal_world_loads() {
    let world = load(
        r#"
[world]
name = "The Test Keep"
start = "hall"
motd = "Welcome!"

[[rooms]]
id = "hall"
name = "Great Hall"
description = "A long hall."
exits = { north = "hall" }

[[items]]
id = "lamp"
name = "brass lamp"
aliases = ["lantern"]
description = "A dented brass lamp."
location = "hall"
"#,
    );
    assert_eq!(world.name(), "The Test Keep");
    assert_eq!(world.motd(), Some("Welcome!"));
    assert_eq!(world.start().as_str(), "hall");
    assert_eq!(world.rooms().count(), 1);
    let lamp = world.item("lamp").expect("lamp exists");
    assert_eq!(lamp.location, Location::Room(RoomId::new("hall")));
    assert!(lamp.portable);
    assert!(world.warnings().is_empty(), "{:?}", world.warnings());
}

#[test]
fn an_exit_is_found_by_its_abbreviation() {
    let world = load(&hall_and(
        r#"exits = { north = "hall", southwest = "hall" }
"#,
    ));
    let hall = world.room("hall").expect("hall exists");
    assert_eq!(hall.exit("n").map(|exit| exit.word.as_str()), Some("north"));
    assert_eq!(
        hall.exit("SW").map(|exit| exit.word.as_str()),
        Some("southwest")
    );
    assert!(hall.exit("s").is_none());
}

#[test]
fn a_named_exit_is_found_in_the_singular_or_the_plural() {
    let world = load(&hall_and(
        r#"exits = { stair = "hall", steps = "hall", step = "hall" }
"#,
    ));
    let hall = world.room("hall").expect("hall exists");
    let found = |word: &str| hall.exit(word).map(|exit| exit.word.as_str());
    assert_eq!(found("stairs"), Some("stair"));
    assert_eq!(found("Stair"), Some("stair"));
    assert_eq!(found("steps"), Some("steps"), "the word itself first");
    assert_eq!(found("step"), Some("step"));
    assert_eq!(found("stairss"), None);
}

#[test]
fn an_exit_written_abbreviated_is_found_by_its_full_name() {
    let world = load(&hall_and(
        r#"exits = { u = "hall" }
"#,
    ));
    let hall = world.room("hall").expect("hall exists");
    assert_eq!(hall.exit("up").map(|exit| exit.word.as_str()), Some("up"));
}

#[test]
fn a_named_exit_is_found_in_any_case() {
    let world = load(&hall_and(
        r#"exits = { trapdoor = "hall" }
"#,
    ));
    let hall = world.room("hall").expect("hall exists");
    assert_eq!(
        hall.exit("Trapdoor").map(|exit| exit.to.as_str()),
        Some("hall")
    );
}

#[test]
fn item_keywords_are_the_name_words_and_aliases_in_lower_case() {
    let world = load(&hall_and(
        r#"exits = { north = "hall" }

[[items]]
id = "lamp"
name = "Brass Lamp"
aliases = ["Lantern", "light"]
description = "A dented brass lamp."
location = "hall"
"#,
    ));
    let lamp = world.item("lamp").expect("lamp exists");
    let keywords: Vec<String> = lamp.keywords().collect();
    assert_eq!(keywords, ["brass", "lamp", "lantern", "light"]);
}

#[test]
fn a_motd_is_reflowed_like_a_description() {
    let world = load(
        r#"
[world]
name = "Keep"
start = "hall"
motd = '''
Welcome
to the Keep.
'''

[[rooms]]
id = "hall"
name = "Hall"
description = "A hall."
exits = { north = "hall" }
"#,
    );
    assert_eq!(world.motd(), Some("Welcome to the Keep."));
}

#[test]
fn the_builtin_world_loads_without_warnings() {
    let world = World::builtin();
    assert!(world.warnings().is_empty(), "{:#?}", world.warnings());
}

#[test]
fn the_builtin_world_is_plain_ascii() {
    assert!(BUILTIN_WORLD.is_ascii());
}

#[test]
fn the_builtin_world_is_big_enough_to_explore() {
    let world = World::builtin();
    let named_exits = world
        .rooms()
        .flat_map(|room| &room.exits)
        .filter(|exit| Direction::parse(&exit.word).is_none())
        .count();
    let scenery = world.items().filter(|item| !item.portable).count();
    assert!(world.rooms().count() >= 20);
    assert!(world.items().count() >= 15);
    assert!(scenery >= 2);
    assert!(named_exits >= 3);
}

#[test]
fn every_passage_in_the_builtin_world_leads_back() {
    let world = World::builtin();
    for room in world.rooms() {
        for exit in &room.exits {
            let there = world.room(exit.to.as_str()).expect("checked by the loader");
            let back = match Direction::parse(&exit.word) {
                Some(direction) => there.exit(direction.opposite().name()),
                None => there.exits.iter().find(|back| back.to == room.id),
            };
            assert!(
                back.is_some_and(|back| back.to == room.id),
                "{} -{}-> {} has no way back",
                room.id,
                exit.word,
                there.id
            );
        }
    }
}

#[test]
fn the_builtin_world_has_two_items_sharing_a_word_in_one_room() {
    let world = World::builtin();
    let items: Vec<&Item> = world.items().collect();
    let shares_a_word = |a: &Item, b: &Item| {
        let words: Vec<String> = a.keywords().collect();
        b.keywords().any(|word| words.contains(&word))
    };
    let found = items.iter().enumerate().any(|(i, a)| {
        items[i + 1..]
            .iter()
            .any(|b| a.location == b.location && shares_a_word(a, b))
    });
    assert!(found);
}
