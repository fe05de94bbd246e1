//! `examine`: a close look at an item here or carried, or at a player here.

use super::*;

#[test]
fn examine_describes_an_item_in_the_room() {
    let mut play = Play::with(&["Alice"]);
    assert_eq!(
        play.reply("Alice", "examine lamp"),
        "Brass lamp\nA dented brass lamp."
    );
}

#[test]
fn examine_describes_an_item_the_player_carries() {
    let mut play = Play::with(&["Alice"]);
    play.run("Alice", "take lamp");
    play.run("Alice", "north");
    assert_eq!(
        play.reply("Alice", "examine lamp"),
        "Brass lamp\nA dented brass lamp."
    );
}

#[test]
fn examine_describes_fixed_scenery() {
    let mut play = Play::with(&["Alice"]);
    assert_eq!(
        play.reply("Alice", "examine fountain"),
        "Stone fountain\nWater trickles over green stone."
    );
}

#[test]
fn x_is_short_for_examine() {
    let mut play = Play::with(&["Alice"]);
    assert_eq!(
        play.reply("Alice", "x lamp"),
        play.reply("Alice", "examine lamp")
    );
}

#[test]
fn examine_describes_a_player_in_the_room_and_what_they_carry() {
    let mut play = Play::with(&["Alice", "Bob"]);
    play.run("Bob", "take lamp");
    play.run("Bob", "take iron key");
    assert_eq!(
        play.reply("Alice", "examine bob"),
        "Bob, an adventurer.\nBob is carrying a brass lamp and an iron key."
    );
}

#[test]
fn examine_says_when_a_player_is_empty_handed() {
    let mut play = Play::with(&["Alice", "Bob"]);
    assert_eq!(
        play.reply("Alice", "x BOB"),
        "Bob, an adventurer.\nBob is empty-handed."
    );
}

#[test]
fn examine_me_describes_yourself() {
    let mut play = Play::with(&["Alice"]);
    play.run("Alice", "take lamp");
    assert_eq!(
        play.reply("Alice", "examine me"),
        "Alice, an adventurer.\nYou are carrying a brass lamp."
    );
}

#[test]
fn examine_does_not_see_a_player_in_another_room() {
    let mut play = Play::with(&["Alice", "Bob"]);
    play.run("Bob", "north");
    assert_eq!(
        play.reply("Alice", "examine bob"),
        "You see no \"bob\" here."
    );
}

#[test]
fn examine_does_not_see_items_in_another_room() {
    let mut play = Play::with(&["Alice"]);
    assert_eq!(
        play.reply("Alice", "examine book"),
        "You see no \"book\" here."
    );
}

#[test]
fn examine_asks_which_item_when_a_word_fits_several() {
    let mut play = Play::with(&["Alice"]);
    let outcome = play.run("Alice", "examine key");
    assert_eq!(
        reply_text(&outcome),
        "Which do you mean: the iron key or the silver key?"
    );
}

#[test]
fn examine_alone_asks_what() {
    let mut play = Play::with(&["Alice"]);
    assert_eq!(play.reply("Alice", "examine"), "Examine what?");
}

#[test]
fn examine_changes_nothing() {
    let mut play = Play::with(&["Alice", "Bob"]);
    assert_nothing_happens(&play.run("Alice", "examine bob"));
}
