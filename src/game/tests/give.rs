//! `give <item> to <player>`: handing something to a player in the same room.

use super::*;

/// Alice and Bob in the hall, Alice holding the lamp.
fn alice_with_the_lamp_and_bob() -> Play {
    let mut play = Play::with(&["Alice", "Bob"]);
    play.run("Alice", "take lamp");
    play
}

#[test]
fn give_moves_the_item_to_the_receiver() {
    let mut play = alice_with_the_lamp_and_bob();
    let outcome = play.run("Alice", "give lamp to Bob");
    assert_eq!(reply_text(&outcome), "You give the brass lamp to Bob.");
    assert_eq!(
        outcome.changes,
        [item_moved("lamp", carried_by("Alice"), carried_by("Bob"))]
    );
    assert_eq!(play.place_of("lamp"), carried_by("Bob"));
}

#[test]
fn give_tells_the_receiver() {
    let mut play = alice_with_the_lamp_and_bob();
    let outcome = play.run("Alice", "give lamp to bob");
    assert_eq!(
        outcome.events[0],
        event_from(
            to_user("Bob"),
            EventKind::Give,
            "Alice",
            "Alice gives you the brass lamp."
        )
        .item("brass lamp")
        .to("Bob")
    );
}

#[test]
fn give_is_seen_by_the_rest_of_the_room() {
    let mut play = alice_with_the_lamp_and_bob();
    let outcome = play.run("Alice", "give lamp to bob");
    assert_eq!(
        outcome.events[1],
        event_from(
            in_room("hall", &["Alice", "Bob"]),
            EventKind::Give,
            "Alice",
            "Alice gives the brass lamp to Bob."
        )
        .item("brass lamp")
        .to("Bob")
    );
}

#[test]
fn give_is_read_in_any_case() {
    let mut play = alice_with_the_lamp_and_bob();
    play.run("Alice", "GIVE THE LAMP TO BOB");
    assert_eq!(play.place_of("lamp"), carried_by("Bob"));
}

#[test]
fn hand_is_another_word_for_give() {
    let mut play = alice_with_the_lamp_and_bob();
    play.run("Alice", "hand lantern to bob");
    assert_eq!(play.place_of("lamp"), carried_by("Bob"));
}

#[test]
fn give_to_someone_in_another_room_fails_and_changes_nothing() {
    let mut play = alice_with_the_lamp_and_bob();
    play.run("Bob", "north");
    let outcome = play.run("Alice", "give lamp to bob");
    assert_eq!(reply_text(&outcome), "There is no one called \"bob\" here.");
    assert_nothing_happens(&outcome);
    assert_eq!(play.place_of("lamp"), carried_by("Alice"));
}

#[test]
fn give_to_an_offline_player_fails() {
    let mut play = alice_with_the_lamp_and_bob();
    play.leave("Bob");
    let outcome = play.run("Alice", "give lamp to bob");
    assert_eq!(reply_text(&outcome), "There is no one called \"bob\" here.");
    assert_nothing_happens(&outcome);
}

#[test]
fn give_of_an_item_not_carried_fails() {
    let mut play = Play::with(&["Alice", "Bob"]);
    let outcome = play.run("Alice", "give lamp to bob");
    assert_eq!(reply_text(&outcome), "You are not carrying any \"lamp\".");
    assert_nothing_happens(&outcome);
}

#[test]
fn give_to_yourself_changes_nothing() {
    let mut play = alice_with_the_lamp_and_bob();
    let outcome = play.run("Alice", "give lamp to alice");
    assert_eq!(reply_text(&outcome), "You already have the brass lamp.");
    assert_nothing_happens(&outcome);
}

#[test]
fn give_without_a_receiver_explains_how() {
    let mut play = alice_with_the_lamp_and_bob();
    let usage = "Give what to whom? Try \"give lamp to Alice\".";
    assert_eq!(play.reply("Alice", "give lamp"), usage);
    assert_eq!(play.reply("Alice", "give"), usage);
    assert_eq!(play.reply("Alice", "give to bob"), usage);
}
