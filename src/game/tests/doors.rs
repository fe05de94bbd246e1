//! Doors: closed ones block their exits, locked ones need their key, and
//! both sides of a door notice it move.

use super::*;
use crate::game::{DoorId, DoorState};

/// Alice in the kitchen, above the locked trapdoor; the iron key lies here.
fn alice_in_the_kitchen() -> Play {
    let mut play = Play::town(&["Alice"]);
    play.walk("Alice", &["south", "east"]);
    play
}

fn trapdoor(play: &Play) -> DoorState {
    play.state()
        .door(&DoorId::new("trapdoor"))
        .expect("the trapdoor is in the world")
        .state
}

#[test]
fn a_closed_door_blocks_its_exit() {
    let mut play = alice_in_the_kitchen();
    let outcome = play.run("Alice", "down");
    assert_eq!(reply_text(&outcome), "The trapdoor is closed.");
    assert_nothing_happens(&outcome);
    assert_eq!(play.location("Alice"), "kitchen");
}

#[test]
fn look_says_whether_a_door_is_open() {
    let mut play = alice_in_the_kitchen();
    assert!(
        play.reply("Alice", "look")
            .contains("\nThe trapdoor is closed.\n")
    );
}

#[test]
fn a_locked_door_does_not_open() {
    let mut play = alice_in_the_kitchen();
    let outcome = play.run("Alice", "open trapdoor");
    assert_eq!(reply_text(&outcome), "The trapdoor is locked.");
    assert_nothing_happens(&outcome);
}

#[test]
fn unlocking_needs_the_key_in_hand() {
    let mut play = alice_in_the_kitchen();
    assert_eq!(
        play.reply("Alice", "unlock trapdoor"),
        "You do not have the key to the trapdoor."
    );
    play.run("Alice", "take iron key");
    let outcome = play.run("Alice", "unlock hatch");
    assert_eq!(
        reply_text(&outcome),
        "You unlock the trapdoor with the iron key."
    );
    assert_eq!(
        trapdoor(&play),
        DoorState {
            closed: true,
            locked: false
        }
    );
    assert_eq!(
        outcome.changes,
        [Change::DoorChanged {
            door: DoorId::new("trapdoor"),
            from: DoorState {
                closed: true,
                locked: true
            },
            to: DoorState {
                closed: true,
                locked: false
            },
            when: START,
        }]
    );
}

#[test]
fn the_other_side_of_a_door_hears_it() {
    let mut play = alice_in_the_kitchen();
    play.run("Alice", "take iron key");
    let outcome = play.run("Alice", "unlock trapdoor with the iron key");
    assert!(outcome.events.contains(&Event::new(
        in_room("cellar", &[]),
        EventKind::Echo,
        "A key turns in the trapdoor."
    )));
    assert!(outcome.events.contains(&event_from(
        in_room("kitchen", &["Alice"]),
        EventKind::Emote,
        "Alice",
        "Alice unlocks the trapdoor with the iron key."
    )));
}

#[test]
fn a_key_that_does_not_fit_is_refused() {
    let mut play = Play::town(&["Alice"]);
    play.walk("Alice", &["west"]);
    play.run("Alice", "take silver key");
    play.walk("Alice", &["east", "south", "east"]);
    assert_eq!(
        play.reply("Alice", "unlock trapdoor with silver key"),
        "The silver key does not fit the trapdoor."
    );
}

#[test]
fn an_unlocked_door_opens_and_can_be_walked_through() {
    let mut play = alice_in_the_kitchen();
    play.run("Alice", "take iron key");
    play.run("Alice", "unlock trapdoor");
    assert_eq!(play.reply("Alice", "open down"), "You open the trapdoor.");
    play.run("Alice", "down");
    assert_eq!(play.location("Alice"), "cellar");
}

#[test]
fn a_door_is_closed_and_locked_again_in_that_order() {
    let mut play = alice_in_the_kitchen();
    play.run("Alice", "take iron key");
    play.run("Alice", "unlock trapdoor");
    play.run("Alice", "open trapdoor");
    assert_eq!(
        play.reply("Alice", "lock trapdoor"),
        "Close the trapdoor first."
    );
    assert_eq!(
        play.reply("Alice", "close trapdoor"),
        "You close the trapdoor."
    );
    assert_eq!(
        play.reply("Alice", "lock trapdoor"),
        "You lock the trapdoor with the iron key."
    );
    assert_eq!(
        trapdoor(&play),
        DoorState {
            closed: true,
            locked: true
        }
    );
    assert_eq!(
        play.reply("Alice", "lock trapdoor"),
        "The trapdoor is already locked."
    );
}

#[test]
fn examining_a_door_describes_it_and_how_it_is() {
    let mut play = alice_in_the_kitchen();
    assert_eq!(
        play.reply("Alice", "examine trapdoor"),
        "Trapdoor\nOak planks with an iron ring.\nIt is closed."
    );
}

#[test]
fn opening_something_that_is_not_here_says_so() {
    let mut play = alice_in_the_kitchen();
    assert_eq!(play.reply("Alice", "open"), "Open what?");
    assert_eq!(
        play.reply("Alice", "open gate"),
        "You see no \"gate\" here to open."
    );
    assert_eq!(
        play.reply("Alice", "unlock gate"),
        "You see no \"gate\" here to unlock."
    );
}
