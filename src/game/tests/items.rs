//! Picking things up and putting them down, what players carry, and how a
//! phrase a player types finds the item they mean.

use super::*;

#[test]
fn take_moves_an_item_from_the_room_to_the_player() {
    let mut play = Play::with(&["Alice"]);
    let outcome = play.run("Alice", "take lamp");
    assert_eq!(reply_text(&outcome), "You take the brass lamp.");
    assert_eq!(
        outcome.changes,
        [item_moved("lamp", room("hall"), carried_by("Alice"))]
    );
    assert_eq!(play.place_of("lamp"), carried_by("Alice"));
}

#[test]
fn take_is_seen_by_the_others_in_the_room() {
    let mut play = Play::with(&["Alice", "Bob"]);
    let outcome = play.run("Alice", "take lamp");
    assert_eq!(
        outcome.events,
        [event_from(
            in_room("hall", &["Alice"]),
            EventKind::Take,
            "Alice",
            "Alice takes the brass lamp."
        )
        .item("brass lamp")]
    );
}

#[test]
fn get_is_another_word_for_take() {
    let mut play = Play::with(&["Alice"]);
    play.run("Alice", "get lamp");
    assert_eq!(play.place_of("lamp"), carried_by("Alice"));
}

#[test]
fn take_up_and_pick_up_take_the_item() {
    let mut play = Play::with(&["Alice"]);
    play.run("Alice", "take up lamp");
    play.run("Alice", "pick up the iron key");
    assert_eq!(play.place_of("lamp"), carried_by("Alice"));
    assert_eq!(play.place_of("iron-key"), carried_by("Alice"));
}

#[test]
fn take_up_is_read_in_any_case() {
    let mut play = Play::with(&["Alice"]);
    play.run("Alice", "Pick Up Lamp");
    assert_eq!(play.place_of("lamp"), carried_by("Alice"));
}

#[test]
fn take_alone_asks_what() {
    let mut play = Play::with(&["Alice"]);
    assert_eq!(play.reply("Alice", "take"), "Take what?");
    assert_eq!(play.reply("Alice", "pick up"), "Take what?");
}

#[test]
fn items_match_by_alias() {
    let mut play = Play::with(&["Alice"]);
    play.run("Alice", "take lantern");
    assert_eq!(play.place_of("lamp"), carried_by("Alice"));
}

#[test]
fn items_match_by_any_word_of_their_name() {
    let mut play = Play::with(&["Alice"]);
    play.run("Alice", "take brass");
    assert_eq!(play.place_of("lamp"), carried_by("Alice"));
}

#[test]
fn items_match_by_their_whole_name_in_any_case_ignoring_articles() {
    let mut play = Play::with(&["Alice"]);
    play.run("Alice", "TAKE The Brass LAMP");
    assert_eq!(play.place_of("lamp"), carried_by("Alice"));
}

#[test]
fn a_word_that_fits_two_items_asks_which_one() {
    let mut play = Play::with(&["Alice"]);
    assert_eq!(
        play.reply("Alice", "take key"),
        "Which do you mean: the iron key or the silver key?"
    );
}

#[test]
fn an_ambiguous_take_changes_nothing() {
    let mut play = Play::with(&["Alice", "Bob"]);
    let outcome = play.run("Alice", "take the key");
    assert_nothing_happens(&outcome);
    assert_eq!(play.place_of("iron-key"), room("hall"));
    assert_eq!(play.place_of("silver-key"), room("hall"));
}

#[test]
fn more_words_settle_which_item_is_meant() {
    let mut play = Play::with(&["Alice"]);
    play.run("Alice", "take silver key");
    assert_eq!(play.place_of("silver-key"), carried_by("Alice"));
    assert_eq!(play.place_of("iron-key"), room("hall"));
}

#[test]
fn items_with_the_same_name_do_not_ask_which_one() {
    let mut play = Play::with(&["Alice"]);
    play.run("Alice", "east");
    assert_eq!(play.reply("Alice", "take coin"), "You take the gold coin.");
    assert_eq!(play.reply("Alice", "take coin"), "You take the gold coin.");
    assert_eq!(play.state().items_at(&room("kitchen")), []);
}

#[test]
fn fixed_items_cannot_be_taken() {
    let mut play = Play::with(&["Alice"]);
    let outcome = play.run("Alice", "take fountain");
    assert_eq!(reply_text(&outcome), "The stone fountain will not budge.");
    assert_nothing_happens(&outcome);
    assert_eq!(play.place_of("fountain"), room("hall"));
}

#[test]
fn taking_what_is_not_here_is_explained() {
    let mut play = Play::with(&["Alice"]);
    let outcome = play.run("Alice", "take book");
    assert_eq!(reply_text(&outcome), "You see no \"book\" here.");
    assert_nothing_happens(&outcome);
}

#[test]
fn taking_what_you_already_carry_says_so() {
    let mut play = Play::with(&["Alice"]);
    play.run("Alice", "take lamp");
    assert_eq!(
        play.reply("Alice", "take lamp"),
        "You already have the brass lamp."
    );
}

#[test]
fn of_two_players_taking_one_item_only_the_first_gets_it() {
    let mut play = Play::with(&["Alice", "Bob"]);
    play.run("Alice", "take lamp");
    let second = play.run("Bob", "take lamp");
    assert_eq!(reply_text(&second), "You see no \"lamp\" here.");
    assert_nothing_happens(&second);
    assert_eq!(play.place_of("lamp"), carried_by("Alice"));
}

#[test]
fn drop_puts_a_carried_item_in_the_room() {
    let mut play = Play::with(&["Alice"]);
    play.run("Alice", "take lamp");
    play.run("Alice", "north");
    let outcome = play.run("Alice", "drop lamp");
    assert_eq!(reply_text(&outcome), "You drop the brass lamp.");
    assert_eq!(
        outcome.changes,
        [item_moved("lamp", carried_by("Alice"), room("library"))]
    );
    assert_eq!(play.place_of("lamp"), room("library"));
}

#[test]
fn drop_is_seen_by_the_others_in_the_room() {
    let mut play = Play::with(&["Alice", "Bob"]);
    play.run("Alice", "take lamp");
    let outcome = play.run("Alice", "drop lantern");
    assert_eq!(
        outcome.events,
        [event_from(
            in_room("hall", &["Alice"]),
            EventKind::Drop,
            "Alice",
            "Alice drops the brass lamp."
        )
        .item("brass lamp")]
    );
}

#[test]
fn dropping_what_you_do_not_carry_is_explained() {
    let mut play = Play::with(&["Alice"]);
    let outcome = play.run("Alice", "drop lamp");
    assert_eq!(reply_text(&outcome), "You are not carrying any \"lamp\".");
    assert_nothing_happens(&outcome);
    assert_eq!(play.place_of("lamp"), room("hall"));
}

#[test]
fn drop_alone_asks_what() {
    let mut play = Play::with(&["Alice"]);
    assert_eq!(play.reply("Alice", "drop"), "Drop what?");
}

#[test]
fn inventory_lists_what_the_player_carries_in_the_order_taken() {
    let mut play = Play::with(&["Alice"]);
    play.run("Alice", "take silver key");
    play.run("Alice", "take lamp");
    assert_eq!(
        play.reply("Alice", "inventory"),
        "You are carrying:\n  a silver key\n  a brass lamp"
    );
}

#[test]
fn inventory_says_when_the_player_carries_nothing() {
    let mut play = Play::with(&["Alice"]);
    assert_eq!(
        play.reply("Alice", "inventory"),
        "You are carrying nothing."
    );
}

#[test]
fn i_and_inv_are_short_for_inventory() {
    let mut play = Play::with(&["Alice"]);
    play.run("Alice", "take lamp");
    let full = play.reply("Alice", "inventory");
    assert_eq!(play.reply("Alice", "i"), full);
    assert_eq!(play.reply("Alice", "INV"), full);
}
