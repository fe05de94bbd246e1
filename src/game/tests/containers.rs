//! Containers: looking in, taking out, putting in, and opening and closing
//! those that shut.

use super::*;

fn inside(container: &str) -> Place {
    Place::Inside(ItemId::new(container))
}

/// Alice in the dark cellar with a lit lantern, beside the shut chest.
fn alice_by_the_chest() -> Play {
    let mut play = Play::town(&["Alice"]);
    play.walk("Alice", &["south"]);
    play.run("Alice", "take lantern");
    play.run("Alice", "light lantern");
    play.walk("Alice", &["east"]);
    play.run("Alice", "take iron key");
    play.run("Alice", "unlock trapdoor");
    play.run("Alice", "open trapdoor");
    play.walk("Alice", &["down"]);
    play
}

#[test]
fn look_in_lists_what_a_container_holds_grouped() {
    let mut play = Play::town(&["Alice"]);
    assert_eq!(
        play.reply("Alice", "look in fountain"),
        "In the fountain you see two copper coins."
    );
}

#[test]
fn examining_a_container_shows_what_it_holds() {
    let mut play = Play::town(&["Alice"]);
    assert_eq!(
        play.reply("Alice", "examine fountain"),
        "Fountain\nA stone basin.\nIn the fountain you see two copper coins."
    );
}

#[test]
fn take_from_takes_an_item_out_of_a_container() {
    let mut play = Play::town(&["Alice"]);
    let outcome = play.run("Alice", "take coin from fountain");
    assert_eq!(
        reply_text(&outcome),
        "You take the copper coin from the fountain."
    );
    assert_eq!(
        outcome.changes,
        [item_moved(
            "coin-1",
            inside("fountain"),
            carried_by("Alice")
        )]
    );
}

#[test]
fn take_all_from_empties_a_container() {
    let mut play = Play::town(&["Alice"]);
    assert_eq!(
        play.reply("Alice", "take all from the fountain"),
        "You take the two copper coins from the fountain."
    );
    assert_eq!(play.place_of("coin-2"), carried_by("Alice"));
    assert_eq!(
        play.reply("Alice", "look in fountain"),
        "The fountain is empty."
    );
}

#[test]
fn an_item_in_an_open_container_here_can_be_taken_without_saying_from() {
    let mut play = Play::town(&["Alice"]);
    assert_eq!(
        play.reply("Alice", "take coin"),
        "You take the copper coin."
    );
    assert_eq!(play.place_of("coin-1"), carried_by("Alice"));
}

#[test]
fn put_puts_a_carried_item_in_a_container() {
    let mut play = Play::town(&["Alice", "Bob"]);
    play.run("Alice", "take coin");
    let outcome = play.run("Alice", "put coin in bag");
    assert_eq!(
        reply_text(&outcome),
        "You put the copper coin in the leather bag."
    );
    assert_eq!(play.place_of("coin-1"), inside("bag"));
    assert_eq!(
        outcome.events,
        [event_from(
            in_room("square", &["Alice"]),
            EventKind::Emote,
            "Alice",
            "Alice puts the copper coin in the leather bag."
        )]
    );
}

#[test]
fn a_container_cannot_go_inside_itself() {
    let mut play = Play::town(&["Alice"]);
    play.run("Alice", "take bag");
    let outcome = play.run("Alice", "put bag in bag");
    assert_eq!(
        reply_text(&outcome),
        "You cannot put the leather bag inside itself."
    );
    assert_nothing_happens(&outcome);
}

#[test]
fn put_needs_a_container() {
    let mut play = Play::town(&["Alice"]);
    play.run("Alice", "take coin");
    assert_eq!(
        play.reply("Alice", "put coin in notice"),
        "The notice cannot hold anything."
    );
    assert_eq!(
        play.reply("Alice", "put coin"),
        "Put what where? Try \"put apple in basket\"."
    );
}

#[test]
fn a_closed_container_must_be_opened_first() {
    let mut play = alice_by_the_chest();
    assert_eq!(
        play.reply("Alice", "look in chest"),
        "The oak chest is closed."
    );
    assert_eq!(
        play.reply("Alice", "take ring from chest"),
        "The oak chest is closed."
    );
    let outcome = play.run("Alice", "open chest");
    assert_eq!(
        reply_text(&outcome),
        "You open the oak chest.\nIn the oak chest you see a gold ring."
    );
    assert!(outcome.changes.contains(&Change::ContainerClosed {
        item: ItemId::new("chest"),
        closed: false
    }));
    play.run("Alice", "take ring from chest");
    assert_eq!(play.place_of("ring"), carried_by("Alice"));
    assert_eq!(
        play.reply("Alice", "close chest"),
        "You close the oak chest."
    );
    assert_eq!(play.state().is_closed(&ItemId::new("chest")), Some(true));
}

#[test]
fn a_container_that_does_not_shut_says_so() {
    let mut play = Play::town(&["Alice"]);
    assert_eq!(
        play.reply("Alice", "close fountain"),
        "The fountain cannot be opened or closed."
    );
}

#[test]
fn inventory_shows_what_a_carried_container_holds() {
    let mut play = Play::town(&["Alice"]);
    play.run("Alice", "take bag");
    play.run("Alice", "take all from fountain");
    play.run("Alice", "put coins in bag");
    assert_eq!(
        play.reply("Alice", "inventory"),
        "You are carrying:\n  a leather bag\nIn the leather bag you see two copper coins."
    );
}
