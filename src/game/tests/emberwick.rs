//! Emberwick, the built-in world, played as a new player would: its quest
//! and its secret from start to finish, its directions and its scenery.

use super::*;

mod ways_and_scenery;

fn emberwick(names: &[&str]) -> Play {
    let mut play = Play::of(Arc::new(World::builtin()));
    for name in names {
        play.enter(name);
    }
    play
}

/// Puts `name` in `room` at once, as a test's setting of the scene.
fn put(play: &mut Play, name: &str, room: &str) {
    let from = RoomId::new(play.location(name));
    play.change(Change::CharacterMoved {
        who: key(name),
        from,
        to: RoomId::new(room),
    });
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
    expect(&mut play, "Alice", "examine last rack", "draught");
    expect(
        &mut play,
        "Alice",
        "go crawlway",
        "The last rack is closed.",
    );
    expect(&mut play, "Alice", "open rack", "swings out from the wall");
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
    play.run("Alice", "open rack");
    expect(
        &mut play,
        "Alice",
        "crawlway",
        "It is too dark to see anything here.",
    );
}

/// Alice in the orchard with a lit lantern and without the iron key.
fn alice_at_the_well_with_a_light() -> Play {
    let mut play = emberwick(&["Alice"]);
    play.walk("Alice", &["south"]);
    play.run("Alice", "take lantern");
    play.run("Alice", "light lantern");
    play.walk("Alice", &["north", "north", "west"]);
    play
}

#[test]
fn the_old_well_does_not_lead_round_the_locked_trapdoor() {
    let mut play = alice_at_the_well_with_a_light();
    play.walk("Alice", &["down", "south"]);
    expect(&mut play, "Alice", "look", "Smugglers' Tunnel");
    expect(
        &mut play,
        "Alice",
        "crawlway",
        "The back of the rack is closed.",
    );
    expect(
        &mut play,
        "Alice",
        "open rack",
        "The back of the rack is locked.",
    );
    expect(
        &mut play,
        "Alice",
        "unlock rack",
        "The back of the rack has no keyhole.",
    );
    expect(&mut play, "Alice", "examine rack", "barred on the far side");
    assert_eq!(play.location("Alice"), "tunnel");
}

/// The rooms a player can get to from the start without the iron key:
/// through every exit no door blocks or whose door starts unlocked, and
/// wherever a trigger's `move` takes them. A locked door opens only with
/// its key or by a trigger; the one trigger that opens a door below the
/// town ("rack-swings-out") fires in the cellar itself.
fn rooms_reachable_without_keys(world: &World) -> std::collections::HashSet<String> {
    let mut reached = std::collections::HashSet::new();
    let mut to_visit = vec![world.start().as_str().to_owned()];
    while let Some(id) = to_visit.pop() {
        if !reached.insert(id.clone()) {
            continue;
        }
        let room = world.room(&id).expect("exits lead to rooms");
        for exit in &room.exits {
            let locked = world
                .door_on(&room.id, &exit.word)
                .is_some_and(|door| door.locked);
            if !locked {
                to_visit.push(exit.to.as_str().to_owned());
            }
        }
        let moved_to = world.triggers().filter_map(|trigger| {
            let here = trigger
                .when
                .room
                .as_ref()
                .is_none_or(|room| room.as_str() == id);
            trigger.then.move_to.as_ref().filter(|_| here)
        });
        to_visit.extend(moved_to.map(|room| room.as_str().to_owned()));
    }
    reached
}

#[test]
fn the_old_red_is_out_of_reach_without_the_iron_key() {
    let world = World::builtin();
    let trapdoor = world.door("trapdoor").expect("the trapdoor");
    assert!(trapdoor.locked);
    assert_eq!(
        trapdoor.key.as_ref().map(|key| key.as_str()),
        Some("iron-key")
    );
    let bottle = world.item("bottle").expect("the old red");
    let reached = rooms_reachable_without_keys(&world);
    assert!(
        reached.contains("tunnel"),
        "the secret way is open: {reached:?}"
    );
    assert!(
        !reached.contains("cellar"),
        "the cellar, where the old red is, can be reached without the key"
    );
    assert_eq!(
        bottle.location,
        crate::game::world::Location::Room(RoomId::new("cellar"))
    );
}

#[test]
fn the_last_rack_opens_from_the_cellar_and_lets_a_player_back_from_the_tunnel() {
    let mut play = emberwick(&["Alice"]);
    put(&mut play, "Alice", "cellar");
    let outcome = play.run("Alice", "open rack");
    assert_eq!(
        reply_text(&outcome),
        "You open the last rack.\nYou lift the wooden bar off its hooks, and the rack \
         swings out from the wall. Behind it a low crawlway runs off into the dark, shored \
         with tarred timber."
    );
    assert!(
        outcome
            .events
            .iter()
            .any(|event| event.audience == in_room("tunnel", &["Alice"])
                && event.text == "The back of the rack swings open.")
    );
    play.walk("Alice", &["crawlway", "crawlway"]);
    assert_eq!(play.location("Alice"), "cellar");
    // A quarter of an hour later both sides are shut again, and the tunnel's barred.
    play.wait(std::time::Duration::from_secs(15 * 60));
    let back = play.state().door(&crate::game::DoorId::new("rack-back"));
    assert!(back.is_some_and(|door| door.state.closed && door.state.locked));
}

#[test]
fn the_fountains_coins_and_the_orchards_apples_come_back_from_wherever_they_are_left() {
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
    // Left on the riverbank, far from the fountain and the orchard.
    play.walk("Alice", &["south", "east", "east", "east"]);
    expect(&mut play, "Alice", "drop all", "You drop");
    let apples = ["apple-1", "apple-2", "apple-3"];
    let coins = ["fountain-coin-1", "fountain-coin-2", "fountain-coin-3"];
    for item in apples.iter().chain(&coins) {
        assert_eq!(play.place_of(item), room("riverbank"), "{item}");
    }
    play.wait(std::time::Duration::from_secs(10 * 60));
    for coin in coins {
        assert_eq!(play.place_of(coin), Place::Inside(ItemId::new("fountain")));
    }
    for apple in apples {
        assert_eq!(play.place_of(apple), room("riverbank"), "not yet: {apple}");
    }
    play.wait(std::time::Duration::from_secs(5 * 60));
    for apple in apples {
        assert_eq!(play.place_of(apple), room("orchard"), "{apple}");
    }
    assert!(!play.reply("Alice", "look").contains("apple"));
    play.run("Alice", "home");
    expect(&mut play, "Alice", "look in fountain", "three copper coins");
    play.walk("Alice", &["north", "west"]);
    expect(&mut play, "Alice", "look", "You see three red apples here.");
}

/// Directions and ways the rooms' prose gives, which must all work.
#[test]
fn the_notice_board_knows_whether_the_key_is_lost() {
    let mut play = emberwick(&["Alice"]);
    expect(&mut play, "Alice", "read board", "I SAW A MAGPIE WITH IT.");
    play.change(item_moved(
        "silver-key",
        Place::Inside(ItemId::new("nest")),
        carried_by("Alice"),
    ));
    play.walk("Alice", &["south"]);
    play.run("Alice", "give key to tobias");
    assert!(play.state().flag("key-returned"));
    play.walk("Alice", &["north"]);
    let found = expect(&mut play, "Alice", "read board", "FOUND, WITH THANKS");
    assert!(!found.contains("MAGPIE"), "{found}");
    // The magpie steals it back: the key goes home to her nest in time.
    play.wait(std::time::Duration::from_secs(20 * 60));
    assert_eq!(
        play.place_of("silver-key"),
        Place::Inside(ItemId::new("nest"))
    );
    play.walk("Alice", &["south", "up", "window"]);
    expect(
        &mut play,
        "Alice",
        "take key from nest",
        "She must have stolen Tobias's key back off him.",
    );
    assert!(!play.state().flag("key-returned"));
    play.walk("Alice", &["in", "down", "north"]);
    expect(&mut play, "Alice", "read board", "I SAW A MAGPIE WITH IT.");
    // Taken from the nest while it is lost anyway, the key says nothing more.
    play.change(item_moved(
        "silver-key",
        carried_by("Alice"),
        Place::Inside(ItemId::new("nest")),
    ));
    play.walk("Alice", &["south", "up", "window"]);
    assert_eq!(
        play.reply("Alice", "take key from nest"),
        "You take the silver key from the magpie's nest."
    );
}

#[test]
fn the_old_red_earns_an_unlocked_trapdoor() {
    let mut play = emberwick(&["Alice", "Bob"]);
    play.change(item_moved("bottle", room("cellar"), carried_by("Alice")));
    play.walk("Alice", &["south"]);
    play.walk("Bob", &["south", "east"]);
    let outcome = play.run("Alice", "give bottle to tobias");
    assert!(
        reply_text(&outcome).contains("I've left the trapdoor unlocked for you"),
        "{}",
        reply_text(&outcome)
    );
    let trapdoor = play.state().door(&crate::game::DoorId::new("trapdoor"));
    assert!(trapdoor.is_some_and(|door| door.state.closed && !door.state.locked));
    assert!(
        outcome
            .events
            .iter()
            .any(|event| event.audience == in_room("kitchen", &["Alice"])
                && event.text == "A key turns in the trapdoor.")
    );
    assert_eq!(play.reply("Bob", "open trapdoor"), "You open the trapdoor.");
}

#[test]
fn wenna_thanks_whoever_brings_the_moonstone_back_to_the_stones() {
    let mut play = emberwick(&["Alice"]);
    put(&mut play, "Alice", "stones");
    expect(&mut play, "Alice", "take moonstone", "Carry it gently");
    expect(
        &mut play,
        "Alice",
        "drop moonstone",
        "The stones missed it.",
    );
    assert_eq!(play.place_of("moonstone"), room("stones"));
    play.run("Alice", "take moonstone");
    play.walk("Alice", &["path"]);
    assert_eq!(
        play.reply("Alice", "drop moonstone"),
        "You drop the moonstone."
    );
}

#[test]
fn the_great_bell_has_a_name_of_her_own() {
    let mut play = emberwick(&["Alice"]);
    put(&mut play, "Alice", "belfry");
    expect(&mut play, "Alice", "look", "You see old Maud here.");
    expect(
        &mut play,
        "Alice",
        "examine bell",
        "Old Maud\nThe great bell",
    );
}

/// The keys the guide's reference documents for each part of a world file:
/// the first `key` of each row of the tables under "### `[world]`",
/// "### `[[rooms]]`" and so on.
fn documented_keys() -> Vec<(String, String)> {
    let guide = include_str!("../../../docs/worlds.md");
    let mut keys = Vec::new();
    let mut part = None;
    for line in guide.lines() {
        if let Some(heading) = line.strip_prefix("### `") {
            part = Some(heading.trim_matches(|c| "[]`".contains(c)).to_owned());
        } else if line.starts_with('#') {
            part = None;
        } else if let (Some(part), Some(row)) = (&part, line.strip_prefix("| `")) {
            let key = row.split('`').next().unwrap_or_default();
            keys.push((part.clone(), key.to_owned()));
        }
    }
    keys
}

#[test]
fn emberwick_uses_every_key_the_guide_documents() {
    let file: toml::Table = World::builtin_source().parse().expect("valid TOML");
    let keys = documented_keys();
    for part in ["world", "rooms", "items", "doors", "npcs", "triggers"] {
        assert!(
            keys.iter().any(|(documented, _)| documented == part),
            "the guide documents [{part}]"
        );
    }
    for (part, key) in keys {
        let entries: Vec<&toml::Table> = match &file[part.as_str()] {
            toml::Value::Table(table) => vec![table],
            toml::Value::Array(list) => list.iter().filter_map(toml::Value::as_table).collect(),
            other => panic!("[{part}] is {other:?}"),
        };
        assert!(
            entries.iter().any(|entry| entry.contains_key(&key)),
            "Emberwick never uses `{key}` in [{part}]"
        );
    }
}

#[test]
fn a_sack_of_flour_and_a_loaf_of_bread_are_taken_by_their_plurals() {
    let mut play = emberwick(&["Alice"]);
    play.walk("Alice", &["west", "west"]);
    assert_eq!(
        play.reply("Alice", "take sacks"),
        "You take the sack of flour."
    );
    play.walk("Alice", &["east", "east", "south", "east"]);
    assert_eq!(
        play.reply("Alice", "take loaves"),
        "You take the loaf of bread."
    );
    assert_eq!(
        play.reply("Alice", "drop sacks of flour"),
        "You drop the sack of flour."
    );
}
