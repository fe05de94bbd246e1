//! The object grammar: all, numbers, plurals, both orders of give, fillers
//! after go, and exits that share a command's name.

use super::*;

#[test]
fn take_all_takes_everything_portable_and_says_so_in_one_line() {
    let mut play = Play::with(&["Alice"]);
    let outcome = play.run("Alice", "take all");
    assert_eq!(
        reply_text(&outcome),
        "You take the brass lamp, the iron key and the silver key."
    );
    assert_eq!(outcome.changes.len(), 3);
    assert_eq!(outcome.events.len(), 3, "the room sees each item go");
    assert_eq!(play.place_of("fountain"), room("hall"));
}

#[test]
fn take_all_with_nothing_to_take_says_so() {
    let mut play = Play::with(&["Alice"]);
    play.run("Alice", "north");
    play.run("Alice", "take all");
    assert_eq!(
        play.reply("Alice", "take all"),
        "There is nothing here you can take."
    );
}

#[test]
fn identical_items_are_grouped_and_taken_together_by_their_plural() {
    let mut play = Play::with(&["Alice"]);
    play.run("Alice", "east");
    assert!(
        play.reply("Alice", "look")
            .contains("You see two gold coins here.")
    );
    assert_eq!(
        play.reply("Alice", "take coins"),
        "You take the two gold coins."
    );
    assert_eq!(
        play.reply("Alice", "inventory"),
        "You are carrying:\n  two gold coins"
    );
    assert_eq!(
        play.reply("Alice", "drop all"),
        "You drop the two gold coins."
    );
}

#[test]
fn a_number_picks_one_of_several() {
    let mut play = Play::with(&["Alice"]);
    assert_eq!(
        play.reply("Alice", "take 2.key"),
        "You take the silver key."
    );
    assert_eq!(
        play.reply("Alice", "take first key"),
        "You take the iron key."
    );
    assert_eq!(
        play.reply("Alice", "take 3.key"),
        "You see no \"3.key\" here."
    );
}

#[test]
fn give_reads_both_orders_without_to() {
    let mut play = Play::with(&["Alice", "Bob"]);
    play.run("Alice", "take lamp");
    assert_eq!(
        play.reply("Alice", "give lamp bob"),
        "You give the brass lamp to Bob."
    );
    play.run("Bob", "give alice brass lamp");
    assert_eq!(play.place_of("lamp"), carried_by("Alice"));
}

#[test]
fn give_to_me_is_refused_sensibly() {
    let mut play = Play::with(&["Alice"]);
    play.run("Alice", "take lamp");
    let outcome = play.run("Alice", "give lamp to me");
    assert_eq!(reply_text(&outcome), "You already have the brass lamp.");
    assert_nothing_happens(&outcome);
}

#[test]
fn give_to_someone_not_here_names_them() {
    let mut play = Play::with(&["Alice"]);
    play.run("Alice", "take lamp");
    assert_eq!(
        play.reply("Alice", "give lamp zed"),
        "There is no one called \"zed\" here."
    );
}

#[test]
fn go_through_the_named_exit() {
    let mut play = Play::with(&["Alice"]);
    play.run("Alice", "go through the gate");
    assert_eq!(play.location("Alice"), "yard");
    play.run("Alice", "walk to gate");
    assert_eq!(play.location("Alice"), "hall");
}

#[test]
fn an_exit_with_a_commands_name_is_taken_when_typed_alone() {
    let world = World::parse(
        r#"
[world]
name = "Keep"
start = "hall"

[[rooms]]
id = "hall"
name = "Hall"
description = "A hall."
exits = { leave = "yard" }

[[rooms]]
id = "yard"
name = "Yard"
description = "A yard."
exits = { hall = "hall" }
"#,
        "keep.toml",
    )
    .unwrap();
    assert_eq!(world.warnings().len(), 1, "{:?}", world.warnings());
    let mut play = Play::of(Arc::new(world));
    play.enter("Alice");
    play.run("Alice", "join ooc");
    assert_eq!(play.reply("Alice", "leave ooc"), "You leave ooc.");
    play.run("Alice", "leave");
    assert_eq!(play.location("Alice"), "yard");
}

#[test]
fn home_takes_a_player_back_to_the_start_from_anywhere() {
    let mut play = Play::with(&["Alice", "Bob"]);
    play.run("Alice", "north");
    play.run("Alice", "down");
    assert_eq!(play.location("Alice"), "cellar");
    let outcome = play.run("Alice", "home");
    assert!(reply_text(&outcome).starts_with("Great Hall\n"));
    assert_eq!(play.location("Alice"), "hall");
    assert!(outcome.events.contains(&event_from(
        in_room("hall", &["Alice"]),
        EventKind::Arrive,
        "Alice",
        "Alice arrives, home again."
    )));
    assert_eq!(
        play.reply("Alice", "home"),
        "You are already home, in Great Hall."
    );
}

#[test]
fn quit_explains_how_to_leave() {
    let mut play = Play::with(&["Alice"]);
    let answer = play.reply("Alice", "quit");
    assert!(
        answer.contains("\"Log out\"") && answer.contains("\"logout\""),
        "{answer}"
    );
    assert_eq!(
        play.state().online_count(),
        1,
        "quit itself logs no one out"
    );
}
