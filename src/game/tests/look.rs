//! `look`: the room's name and description, what lies here, who is here and
//! the ways out, as text and as a structured view.

use super::*;
use crate::game::{RoomView, View};

const HALL: &str = "Great Hall\nA long hall with a high roof.";
const HALL_ITEMS: &str =
    "You see a brass lamp, an iron key, a silver key and a stone fountain here.";
const HALL_EXITS: &str = "Exits: east, gate, north.";

#[test]
fn look_shows_the_room_name_description_items_and_exits() {
    let mut play = Play::with(&["Alice"]);
    assert_eq!(
        play.reply("Alice", "look"),
        format!("{HALL}\n{HALL_ITEMS}\n{HALL_EXITS}")
    );
}

#[test]
fn l_is_short_for_look() {
    let mut play = Play::with(&["Alice"]);
    assert_eq!(play.reply("Alice", "l"), play.reply("Alice", "look"));
}

#[test]
fn look_names_one_other_player_here() {
    let mut play = Play::with(&["Alice", "Bob"]);
    assert_eq!(
        play.reply("Alice", "look"),
        format!("{HALL}\n{HALL_ITEMS}\nBob is here.\n{HALL_EXITS}")
    );
}

#[test]
fn look_lists_several_other_players_here() {
    let mut play = Play::with(&["Alice", "Bob", "Carol"]);
    assert!(
        play.reply("Alice", "look")
            .contains("\nBob and Carol are here.\n")
    );
}

#[test]
fn look_leaves_out_players_in_other_rooms() {
    let mut play = Play::with(&["Alice", "Bob"]);
    play.run("Bob", "north");
    assert!(!play.reply("Alice", "look").contains("Bob"));
}

#[test]
fn look_leaves_out_players_who_are_offline() {
    let mut play = Play::with(&["Alice", "Bob"]);
    play.leave("Bob");
    assert!(!play.reply("Alice", "look").contains("Bob"));
}

#[test]
fn look_leaves_out_items_someone_picked_up() {
    let mut play = Play::with(&["Alice"]);
    play.run("Alice", "take lamp");
    assert!(!play.reply("Alice", "look").contains("lamp"));
}

#[test]
fn look_gives_clients_a_structured_view_of_the_room() {
    let mut play = Play::with(&["Alice", "Bob"]);
    let outcome = play.run("Alice", "look");
    let Reply::Response(response) = outcome.reply else {
        panic!("look answers with a response");
    };
    assert_eq!(
        response.view,
        Some(View::Room(RoomView {
            id: RoomId::new("hall"),
            name: "Great Hall".to_owned(),
            exits: vec!["east".into(), "gate".into(), "north".into()],
            items: vec![
                "brass lamp".into(),
                "iron key".into(),
                "silver key".into(),
                "stone fountain".into()
            ],
            players: vec!["Bob".into()],
            npcs: vec![],
        }))
    );
}

#[test]
fn look_changes_nothing() {
    let mut play = Play::with(&["Alice", "Bob"]);
    assert_nothing_happens(&play.run("Alice", "look"));
}

#[test]
fn look_at_a_thing_examines_it() {
    let mut play = Play::with(&["Alice"]);
    assert_eq!(
        play.reply("Alice", "look at the lamp"),
        "Brass lamp\nA dented brass lamp."
    );
}

#[test]
fn look_around_looks_at_the_room() {
    let mut play = Play::with(&["Alice"]);
    assert_eq!(
        play.reply("Alice", "look around"),
        play.reply("Alice", "look")
    );
}

#[test]
fn look_with_a_thing_examines_it() {
    let mut play = Play::with(&["Alice"]);
    assert_eq!(play.reply("Alice", "l lamp"), play.reply("Alice", "x lamp"));
}
