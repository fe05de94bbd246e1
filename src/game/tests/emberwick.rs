//! Emberwick, the built-in world, played as a new player would: its quest
//! and its secret from start to finish, its directions and its scenery.

use super::*;

fn emberwick(names: &[&str]) -> Play {
    let mut play = Play::of(Arc::new(World::builtin()));
    for name in names {
        play.enter(name);
    }
    play
}

/// What `name` reads after `line`, which must contain `expected`.
fn expect(play: &mut Play, name: &str, line: &str, expected: &str) -> String {
    let text = play.reply(name, line);
    assert!(
        text.contains(expected),
        "{line:?} answered:\n{text}\n(expected {expected:?})"
    );
    text
}

#[test]
fn the_lost_key_quest_from_the_notice_board_to_the_old_red() {
    let mut play = emberwick(&["Alice"]);
    expect(
        &mut play,
        "Alice",
        "read notice board",
        "LOST, one silver key",
    );
    let arrival = play.run("Alice", "south");
    assert!(
        arrival
            .events
            .iter()
            .any(|event| event.npc.as_deref() == Some("Tobias")
                && event.text.starts_with("Tobias looks up"))
    );
    expect(&mut play, "Alice", "ask tobias about the key", "magpie");
    expect(
        &mut play,
        "Alice",
        "ask landlord about magpie",
        "loft window",
    );
    play.walk("Alice", &["up"]);
    expect(&mut play, "Alice", "go through the window", "magpie's nest");
    expect(
        &mut play,
        "Alice",
        "look in nest",
        "In the magpie's nest you see a silver thimble and a silver key.",
    );
    expect(
        &mut play,
        "Alice",
        "take silver key from nest",
        "You take the silver key from the magpie's nest.",
    );
    play.walk("Alice", &["in", "down"]);
    expect(&mut play, "Alice", "give key to tobias", "silver shilling");
    assert_eq!(play.place_of("shilling"), carried_by("Alice"));

    play.walk("Alice", &["north", "east", "south"]);
    expect(&mut play, "Alice", "ask bryn about key", "shilling");
    expect(&mut play, "Alice", "give shilling to smith", "iron key");
    assert_eq!(play.place_of("iron-key"), carried_by("Alice"));

    play.walk("Alice", &["north", "west", "south", "east"]);
    expect(&mut play, "Alice", "down", "The trapdoor is closed.");
    expect(
        &mut play,
        "Alice",
        "open trapdoor",
        "The trapdoor is locked.",
    );
    expect(
        &mut play,
        "Alice",
        "unlock trapdoor",
        "You unlock the trapdoor with the iron key.",
    );
    expect(
        &mut play,
        "Alice",
        "open trapdoor",
        "You open the trapdoor.",
    );
    expect(&mut play, "Alice", "down", "Wine Cellar");
    expect(
        &mut play,
        "Alice",
        "take bottle",
        "You take the dusty bottle.",
    );
    play.walk("Alice", &["up", "west"]);
    expect(&mut play, "Alice", "give bottle to tobias", "crawlway");
}

#[test]
fn the_secret_under_the_town_and_beneath_the_stones() {
    let mut play = emberwick(&["Alice"]);
    play.change(item_moved(
        "iron-key",
        Place::Npc(crate::game::NpcId::new("bryn")),
        carried_by("Alice"),
    ));
    play.walk("Alice", &["south"]);
    expect(&mut play, "Alice", "take lantern", "brass lantern");
    expect(
        &mut play,
        "Alice",
        "light lantern",
        "You light the brass lantern from the great hearth.",
    );
    play.walk("Alice", &["east"]);
    play.run("Alice", "unlock trapdoor");
    play.run("Alice", "open trapdoor");
    play.walk("Alice", &["down"]);
    expect(&mut play, "Alice", "examine last rack", "crawlway");
    expect(&mut play, "Alice", "go crawlway", "tally marks");
    expect(&mut play, "Alice", "open chest", "The lid comes up");
    expect(&mut play, "Alice", "read map", "say her name");
    play.walk("Alice", &["north"]);
    expect(&mut play, "Alice", "climb rope", "Apple Orchard");
    play.walk("Alice", &["west", "north"]);
    expect(
        &mut play,
        "Alice",
        "ask hermit about the stones",
        "Say her name",
    );
    expect(&mut play, "Alice", "ask wenna about the founder", "Ember");
    let text = expect(
        &mut play,
        "Alice",
        "say Ember",
        "The Hollow Beneath the Stones",
    );
    assert!(
        text.contains("you are the first to stand here in a hundred years"),
        "{text}"
    );
    assert_eq!(play.location("Alice"), "hollow");
    let back = play.run("Alice", "up");
    assert!(
        back.events
            .iter()
            .any(|event| event.text.contains("The fire has been found again"))
    );
}

#[test]
fn the_dark_tunnel_needs_a_light() {
    let mut play = emberwick(&["Alice"]);
    play.change(item_moved(
        "iron-key",
        Place::Npc(crate::game::NpcId::new("bryn")),
        carried_by("Alice"),
    ));
    play.walk("Alice", &["south", "east"]);
    play.run("Alice", "unlock trapdoor");
    play.run("Alice", "open trapdoor");
    play.walk("Alice", &["down"]);
    expect(
        &mut play,
        "Alice",
        "crawlway",
        "It is too dark to see anything here.",
    );
}

#[test]
fn the_fountains_coins_and_the_orchards_apples_come_back() {
    let mut play = emberwick(&["Alice"]);
    expect(&mut play, "Alice", "look in fountain", "three copper coins");
    expect(
        &mut play,
        "Alice",
        "take all from fountain",
        "the three copper coins",
    );
    play.walk("Alice", &["north", "west"]);
    expect(&mut play, "Alice", "look", "You see three red apples here.");
    expect(
        &mut play,
        "Alice",
        "take apples",
        "You take the three red apples.",
    );
    expect(&mut play, "Alice", "drop all", "You drop");
    play.exit("Alice");
    play.wait(std::time::Duration::from_secs(15 * 60));
    play.enter("Alice");
    play.run("Alice", "home");
    expect(&mut play, "Alice", "look in fountain", "three copper coins");
}

/// Directions and ways the rooms' prose gives, which must all work.
const PROSE_WAYS: &[(&str, &str)] = &[
    ("square", "north"),
    ("square", "south"),
    ("square", "east"),
    ("square", "west"),
    ("inn", "up"),
    ("inn", "east"),
    ("inn-loft", "window"),
    ("inn-loft", "out"),
    ("rooftop", "window"),
    ("rooftop", "in"),
    ("kitchen", "west"),
    ("cellar", "ladder"),
    ("tunnel", "north"),
    ("well-bottom", "rope"),
    ("well-bottom", "south"),
    ("chapel-yard", "gap"),
    ("chapel-yard", "north"),
    ("chapel", "up"),
    ("belfry", "ladder"),
    ("orchard", "gate"),
    ("orchard", "west"),
    ("orchard", "well"),
    ("mill-lane", "west"),
    ("woods", "north"),
    ("woods", "path"),
    ("woods", "hut"),
    ("hermit-hut", "out"),
    ("stones", "path"),
    ("market", "south"),
    ("riverbank", "bridge"),
    ("far-bank", "track"),
    ("watchtower", "down"),
];

#[test]
fn the_directions_the_prose_gives_are_exits() {
    let world = World::builtin();
    for (room, way) in PROSE_WAYS {
        let room = world.room(room).expect("the room exists");
        assert!(room.exit(way).is_some(), "{} has no exit {way}", room.id);
    }
}

/// Things the rooms' descriptions name, which players can examine.
const SCENERY: &[(&str, &[&str])] = &[
    (
        "square",
        &["cobbles", "fountain", "notice board", "paper", "tower"],
    ),
    ("inn", &["hearth", "beams", "bar", "tankards", "stairs"]),
    ("inn-loft", &["rafters", "mattresses", "window", "lavender"]),
    ("rooftop", &["tiles", "chimney", "pigeons", "nest"]),
    ("kitchen", &["pans", "table", "stew", "trapdoor", "ring"]),
    ("chapel-yard", &["yew trees", "statue", "hedge", "gap"]),
    ("chapel", &["pews", "altar", "stair", "candles"]),
    ("belfry", &["bell", "louvres", "ladder", "hatch"]),
    ("orchard", &["trees", "windfalls", "well", "gate"]),
    ("mill", &["millstones", "flour", "wheel"]),
    ("woods", &["beeches", "hut", "brambles", "path"]),
    (
        "hermit-hut",
        &["herbs", "pots", "cot", "fire", "journal", "cup"],
    ),
    (
        "stones",
        &["stones", "tallest stone", "lichen", "grass", "roots"],
    ),
    ("market", &["awnings", "traders", "cabbages", "cloth"]),
    ("smithy", &["forge", "tongs", "hammers", "board", "anvil"]),
    ("riverbank", &["river", "boats", "shingle", "bridge"]),
    ("watchtower", &["walls", "nettles", "beam", "sword"]),
];

#[test]
fn the_scenery_the_prose_names_can_be_examined() {
    let mut play = emberwick(&["Alice"]);
    for (room, things) in SCENERY {
        play.change(Change::CharacterMoved {
            who: key("Alice"),
            from: RoomId::new(play.location("Alice")),
            to: RoomId::new(*room),
        });
        for thing in *things {
            let seen = play.reply("Alice", &format!("examine {thing}"));
            assert!(
                !seen.starts_with("You see no"),
                "in {room}, {thing}: {seen}"
            );
        }
    }
}
