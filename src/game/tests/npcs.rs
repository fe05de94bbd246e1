//! NPCs: seen and examined like players but not players; greeting, talking
//! about their topics, refusing what they do not want, and walking about.

use super::*;
use crate::game::{NpcId, View};
use std::time::Duration;

/// Alice (and Bob) in the inn with Marta.
fn at_the_inn(names: &[&str]) -> Play {
    let mut play = Play::town(names);
    for name in names {
        play.walk(name, &["south"]);
    }
    play
}

fn npc_said(room: &str, except: &[&str], text: &str) -> Event {
    Event::new(in_room(room, except), EventKind::Say, text).npc("Marta")
}

#[test]
fn an_npc_is_seen_with_the_players() {
    let mut play = at_the_inn(&["Alice", "Bob"]);
    let outcome = play.run("Alice", "look");
    assert!(reply_text(&outcome).contains("\nMarta and Bob are here.\n"));
    match outcome.view() {
        Some(View::Room(room)) => {
            assert_eq!(room.npcs, ["Marta"]);
            assert_eq!(room.players, ["Bob"]);
        }
        other => panic!("a room view, not {other:?}"),
    }
}

#[test]
fn an_npc_can_be_examined_by_name_or_alias() {
    let mut play = at_the_inn(&["Alice"]);
    let description = "Marta\nA broad woman with flour on her sleeves.";
    assert_eq!(play.reply("Alice", "examine marta"), description);
    assert_eq!(play.reply("Alice", "x landlady"), description);
}

#[test]
fn an_npc_is_not_a_player() {
    let mut play = at_the_inn(&["Alice"]);
    assert_eq!(
        play.reply("Alice", "who"),
        "You are the only one playing right now."
    );
    assert_eq!(
        play.reply("Alice", "tell marta hello"),
        "Marta is not a player, so cannot be told anything. Say it where they can hear, \
         or \"ask marta about <word>\"."
    );
}

#[test]
fn an_npc_greets_a_player_who_walks_in() {
    let mut play = Play::town(&["Alice"]);
    let outcome = play.run("Alice", "south");
    assert!(
        outcome.events.contains(
            &Event::new(
                to_user("Alice"),
                EventKind::Say,
                "Marta looks up. \"Welcome, Alice.\""
            )
            .npc("Marta")
        )
    );
}

#[test]
fn ask_about_a_topic_answers_for_the_whole_room_to_hear() {
    let mut play = at_the_inn(&["Alice", "Bob"]);
    let outcome = play.run("Alice", "ask marta about the stew");
    assert_eq!(
        reply_text(&outcome),
        "You ask Marta about the stew.\n\"Best in town,\" Marta says."
    );
    assert_eq!(
        outcome.events,
        [
            event_from(
                in_room("inn", &["Alice"]),
                EventKind::Emote,
                "Alice",
                "Alice asks Marta about the stew."
            ),
            npc_said("inn", &["Alice"], "\"Best in town,\" Marta says."),
        ]
    );
    assert_eq!(outcome.changes, []);
}

#[test]
fn ask_alone_lists_the_topics_and_an_unknown_topic_gets_a_shrug() {
    let mut play = at_the_inn(&["Alice"]);
    assert_eq!(
        play.reply("Alice", "talk to marta"),
        "Marta could tell you about stew or key. Try \"ask marta about stew\"."
    );
    assert_eq!(
        play.reply("Alice", "ask marta about the weather"),
        "You ask Marta about the weather.\nMarta has nothing to say about that."
    );
    assert_eq!(
        play.reply("Alice", "ask bert about stew"),
        "There is no one called \"bert\" here."
    );
}

#[test]
fn saying_a_topic_near_an_npc_gets_an_answer() {
    let mut play = at_the_inn(&["Alice"]);
    let outcome = play.run("Alice", "say has anyone seen a key?");
    assert_eq!(
        reply_text(&outcome),
        "You say, \"has anyone seen a key?\"\n\"I lost mine in the orchard.\""
    );
    assert!(outcome.events.contains(&npc_said(
        "inn",
        &["Alice"],
        "\"I lost mine in the orchard.\""
    )));
}

#[test]
fn an_npc_refuses_what_no_trigger_wants_and_keeps_nothing() {
    let mut play = at_the_inn(&["Alice"]);
    play.run("Alice", "take lantern");
    let outcome = play.run("Alice", "give lantern to marta");
    assert_eq!(reply_text(&outcome), "Marta pushes it back across the bar.");
    assert_nothing_happens(&outcome);
    assert_eq!(play.place_of("lantern"), carried_by("Alice"));
}

#[test]
fn an_npc_walks_between_the_rooms_of_its_wander_list() {
    let mut play = at_the_inn(&["Alice"]);
    let marta = NpcId::new("marta");
    let outcome = play.wait(Duration::from_secs(2 * 60));
    assert_eq!(
        outcome.changes,
        [Change::NpcMoved {
            npc: marta.clone(),
            from: RoomId::new("inn"),
            to: RoomId::new("kitchen"),
        }]
    );
    assert_eq!(
        outcome.events,
        [
            Event::new(in_room("inn", &[]), EventKind::Leave, "Marta leaves east.")
                .npc("Marta")
                .direction("east"),
            Event::new(
                in_room("kitchen", &[]),
                EventKind::Arrive,
                "Marta arrives from the west."
            )
            .npc("Marta")
            .direction("east"),
        ]
    );
    assert!(!play.reply("Alice", "look").contains("Marta"));
    play.wait(Duration::from_secs(2 * 60));
    assert_eq!(play.state().npc_location(&marta), Some(&RoomId::new("inn")));
}

#[test]
fn an_npc_does_not_walk_before_its_time() {
    let mut play = at_the_inn(&["Alice"]);
    let outcome = play.wait_ticking(Duration::from_secs(30));
    assert_eq!(outcome.changes, []);
}

/// A porch and a hall with a door between them, and a cat that wanders
/// between the two every minute.
const CAT_AND_DOOR: &str = r#"
[world]
name = "The Cat and the Door"
start = "porch"

[[rooms]]
id = "porch"
name = "Porch"
description = "A porch. The front door is north."
exits = { north = "hall" }

[[rooms]]
id = "hall"
name = "Hall"
description = "A hall. The front door is south."
exits = { south = "porch" }

[[doors]]
id = "front-door"
name = "front door"
exits = ["porch:north", "hall:south"]

[[npcs]]
id = "cat"
name = "cat"
description = "A grey cat with opinions."
location = "porch"
wander = ["porch", "hall"]
wander_every = "1m"
"#;

#[test]
fn an_npc_never_wanders_through_a_closed_door() {
    let world = World::parse(CAT_AND_DOOR, "cat.toml").unwrap_or_else(|error| panic!("{error}"));
    let mut play = Play::of(Arc::new(world));
    play.enter("Alice");
    let cat = NpcId::new("cat");
    let outcome = play.wait_ticking(Duration::from_secs(10 * 60));
    assert_eq!(outcome.changes, [], "ten minutes behind a closed door");
    assert_eq!(play.state().npc_location(&cat), Some(&RoomId::new("porch")));
    play.run("Alice", "open door");
    let outcome = play.wait_ticking(Duration::from_secs(2 * 60));
    assert!(outcome.changes.contains(&Change::NpcMoved {
        npc: cat.clone(),
        from: RoomId::new("porch"),
        to: RoomId::new("hall"),
    }));
}
