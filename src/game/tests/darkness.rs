//! Dark rooms, and the lights that let players see in them.

use super::*;

/// Alice in the kitchen with the trapdoor open below her.
fn alice_above_the_open_trapdoor() -> Play {
    let mut play = Play::town(&["Alice"]);
    play.walk("Alice", &["south", "east"]);
    play.run("Alice", "take iron key");
    play.run("Alice", "unlock trapdoor");
    play.run("Alice", "open trapdoor");
    play
}

fn view_of(outcome: &Outcome) -> crate::game::RoomView {
    match outcome.view() {
        Some(View::Room(room)) => room.clone(),
        other => panic!("expected a room view, got {other:?}"),
    }
}

use crate::game::View;

#[test]
fn a_dark_room_shows_only_that_it_is_dark_and_the_ways_out() {
    let mut play = alice_above_the_open_trapdoor();
    let outcome = play.run("Alice", "down");
    assert_eq!(
        reply_text(&outcome),
        "Cellar\nIt is too dark to see anything here. You need a light.\nExits: up."
    );
    let view = view_of(&outcome);
    assert_eq!((view.items.len(), view.npcs.len()), (0, 0));
}

#[test]
fn nothing_in_a_dark_room_can_be_found() {
    let mut play = alice_above_the_open_trapdoor();
    play.run("Alice", "down");
    assert_eq!(
        play.reply("Alice", "take chest"),
        "It is too dark to find anything here."
    );
    assert_eq!(
        play.reply("Alice", "examine chest"),
        "It is too dark to see anything here."
    );
    assert_eq!(
        play.reply("Alice", "read notice"),
        "It is too dark to read."
    );
}

#[test]
fn a_lantern_is_lit_from_a_fire_and_then_lights_the_dark() {
    let mut play = Play::town(&["Alice"]);
    play.walk("Alice", &["south"]);
    play.run("Alice", "take lantern");
    assert_eq!(
        play.reply("Alice", "examine lantern"),
        "Lantern\nA tin lantern.\nIt is not lit."
    );
    let outcome = play.run("Alice", "light lantern");
    assert_eq!(
        reply_text(&outcome),
        "You light the lantern from the hearth."
    );
    assert_eq!(
        outcome.changes,
        [Change::LightLit {
            item: ItemId::new("lantern"),
            lit: true
        }]
    );
    play.walk("Alice", &["east"]);
    play.run("Alice", "take iron key");
    play.run("Alice", "unlock trapdoor");
    play.run("Alice", "open trapdoor");
    let seen = play.reply("Alice", "down");
    assert!(
        seen.starts_with("Cellar\nBarrels in the dark.\nYou see an oak chest here."),
        "{seen}"
    );
}

#[test]
fn a_light_needs_a_flame_to_be_lit_from() {
    let mut play = Play::town(&["Alice"]);
    play.walk("Alice", &["south"]);
    play.run("Alice", "take lantern");
    play.walk("Alice", &["north"]);
    assert_eq!(
        play.reply("Alice", "light lantern"),
        "You have nothing to light the lantern from. A fire, or another flame, would do."
    );
}

#[test]
fn a_fire_cannot_be_put_out_but_a_lantern_can() {
    let mut play = Play::town(&["Alice"]);
    play.walk("Alice", &["south"]);
    assert_eq!(
        play.reply("Alice", "extinguish hearth"),
        "The hearth will not go out."
    );
    play.run("Alice", "take lantern");
    play.run("Alice", "light lantern");
    assert_eq!(
        play.reply("Alice", "snuff lantern"),
        "You put out the lantern."
    );
    assert_eq!(
        play.reply("Alice", "light notice"),
        "You see no \"notice\" here."
    );
}

#[test]
fn someone_elses_light_lights_the_room_for_everyone() {
    let mut play = alice_above_the_open_trapdoor();
    play.enter("Bob");
    play.walk("Bob", &["south"]);
    play.run("Bob", "take lantern");
    play.run("Bob", "light lantern");
    play.walk("Bob", &["east", "down"]);
    let seen = play.reply("Alice", "down");
    assert!(seen.contains("Barrels in the dark."), "{seen}");
}
