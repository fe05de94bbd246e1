//! Keeping a player's tabs in step: what moves the character or changes
//! what it carries is told to its other connections (`self`), with the
//! same text and data as the answer.

use super::*;
use crate::game::{Response, View};

/// The `self` events of an outcome.
fn own(outcome: &Outcome) -> Vec<&Event> {
    outcome
        .events
        .iter()
        .filter(|event| event.kind == EventKind::Own)
        .collect()
}

fn response(outcome: &Outcome) -> &Response {
    match &outcome.reply {
        Reply::Response(response) => response,
        other => panic!("expected a response, got {other:?}"),
    }
}

#[test]
fn a_move_is_told_to_the_other_tabs_as_the_tab_that_moved_was_answered() {
    let mut play = Play::with(&["Alice", "Alice"]);
    let outcome = play.run("Alice", "north");
    let answer = response(&outcome);
    let told = own(&outcome);
    assert_eq!(told.len(), 1);
    assert_eq!(told[0].audience, Audience::OtherTabs);
    assert_eq!(told[0].text, answer.text);
    assert_eq!(told[0].data, answer.view);
    assert!(matches!(&told[0].data, Some(View::Room(room)) if room.name == "Library"));
}

#[test]
fn a_take_and_a_drop_are_told_to_the_other_tabs_with_the_room() {
    let mut play = Play::with(&["Alice", "Alice"]);
    let take = play.run("Alice", "take lamp");
    let told = own(&take);
    assert_eq!(told[0].text, "You take the brass lamp.");
    let Some(View::Room(room)) = &told[0].data else {
        panic!("the room: {told:?}");
    };
    assert!(!room.items.contains(&"brass lamp".to_owned()));
    let drop = play.run("Alice", "drop lamp");
    assert_eq!(own(&drop)[0].text, "You drop the brass lamp.");
}

#[test]
fn with_one_connection_there_is_no_one_else_to_tell() {
    let mut play = Play::with(&["Alice", "Bob"]);
    assert_eq!(own(&play.run("Alice", "take lamp")), Vec::<&Event>::new());
    assert_eq!(own(&play.run("Alice", "north")), Vec::<&Event>::new());
}

#[test]
fn what_changes_nothing_of_the_character_is_told_to_no_other_tab() {
    let mut play = Play::with(&["Alice", "Alice"]);
    for line in ["look", "say hi", "inventory", "take fountain", "west"] {
        let outcome = play.run("Alice", line);
        assert_eq!(own(&outcome), Vec::<&Event>::new(), "{line}");
    }
}

#[test]
fn a_gift_is_told_to_every_connection_of_the_receiver_with_what_it_now_carries() {
    let mut play = Play::with(&["Alice", "Bob", "Bob"]);
    play.run("Alice", "take lamp");
    let outcome = play.run("Alice", "give lamp to bob");
    let told = own(&outcome);
    assert_eq!(told.len(), 1, "Alice has no other tab: {told:?}");
    assert_eq!(told[0].audience, to_user("Bob"));
    assert_eq!(told[0].from.as_deref(), Some("Alice"), "who did it");
    assert_eq!(told[0].text, "You are carrying:\n  a brass lamp");
    assert_eq!(
        told[0].data,
        Some(View::Inventory(vec!["brass lamp".to_owned()]))
    );
}

#[test]
fn giving_answers_with_what_the_giver_still_carries_and_tells_their_other_tabs() {
    let mut play = Play::with(&["Alice", "Alice", "Bob"]);
    play.run("Alice", "take lamp");
    play.run("Alice", "take iron key");
    let outcome = play.run("Alice", "give lamp to bob");
    let answer = response(&outcome);
    assert_eq!(answer.text, "You give the brass lamp to Bob.");
    assert_eq!(
        answer.view,
        Some(View::Inventory(vec!["iron key".to_owned()]))
    );
    let to_other_tabs: Vec<&Event> = own(&outcome)
        .into_iter()
        .filter(|event| event.audience == Audience::OtherTabs)
        .collect();
    assert_eq!(to_other_tabs.len(), 1);
    assert_eq!(to_other_tabs[0].data, answer.view);
    assert_eq!(to_other_tabs[0].from, None, "the player's own doing");
}
