//! Walking between rooms: bare directions, abbreviations, `go` and named exits.

use super::*;

const LIBRARY: &str =
    "Library\nShelves of dusty books.\nYou see a dusty book here.\nExits: down, south.";

#[test]
fn a_bare_direction_moves_the_player_and_describes_the_new_room() {
    let mut play = Play::with(&["Alice"]);
    assert_eq!(play.reply("Alice", "north"), LIBRARY);
    assert_eq!(play.location("Alice"), "library");
}

#[test]
fn an_abbreviated_direction_moves_the_player() {
    let mut play = Play::with(&["Alice"]);
    play.run("Alice", "n");
    assert_eq!(play.location("Alice"), "library");
}

#[test]
fn go_with_a_direction_moves_the_player() {
    let mut play = Play::with(&["Alice"]);
    assert_eq!(play.reply("Alice", "go north"), LIBRARY);
    assert_eq!(play.location("Alice"), "library");
}

#[test]
fn go_with_an_abbreviation_moves_the_player() {
    let mut play = Play::with(&["Alice"]);
    play.run("Alice", "go e");
    assert_eq!(play.location("Alice"), "kitchen");
}

#[test]
fn a_bare_named_exit_word_moves_the_player() {
    let mut play = Play::with(&["Alice"]);
    play.run("Alice", "gate");
    assert_eq!(play.location("Alice"), "yard");
}

#[test]
fn go_with_a_named_exit_moves_the_player() {
    let mut play = Play::with(&["Alice"]);
    play.run("Alice", "go gate");
    assert_eq!(play.location("Alice"), "yard");
}

#[test]
fn walk_and_move_are_other_words_for_go() {
    let mut play = Play::with(&["Alice"]);
    play.run("Alice", "walk north");
    play.run("Alice", "move s");
    assert_eq!(play.location("Alice"), "hall");
}

#[test]
fn directions_and_exit_words_are_read_in_any_case() {
    let mut play = Play::with(&["Alice"]);
    play.run("Alice", "NORTH");
    play.run("Alice", "Go S");
    play.run("Alice", "GATE");
    assert_eq!(play.location("Alice"), "yard");
}

#[test]
fn a_missing_exit_is_explained_with_the_exits_there_are() {
    let mut play = Play::with(&["Alice"]);
    assert_eq!(
        play.reply("Alice", "west"),
        "You cannot go west from here. Exits: east, gate, north."
    );
}

#[test]
fn a_missing_exit_moves_no_one_and_tells_no_one() {
    let mut play = Play::with(&["Alice", "Bob"]);
    let outcome = play.run("Alice", "go up");
    assert_nothing_happens(&outcome);
    assert_eq!(play.location("Alice"), "hall");
}

#[test]
fn a_missing_exit_is_named_as_the_player_typed_it_in_lower_case() {
    let mut play = Play::with(&["Alice"]);
    assert_eq!(
        play.reply("Alice", "go Chimney"),
        "You cannot go chimney from here. Exits: east, gate, north."
    );
}

#[test]
fn a_room_without_exits_says_there_is_no_way_out() {
    let mut play = Play::with(&["Alice"]);
    play.run("Alice", "n");
    play.run("Alice", "d");
    assert_eq!(
        play.reply("Alice", "up"),
        "You cannot go up: there is no way out of here. \"home\" takes you back to the start."
    );
}

#[test]
fn a_direction_followed_by_more_words_still_moves() {
    let mut play = Play::with(&["Alice"]);
    play.run("Alice", "north quickly");
    assert_eq!(play.location("Alice"), "library");
}

#[test]
fn go_reads_only_the_exit_word() {
    let mut play = Play::with(&["Alice"]);
    play.run("Alice", "go gate now");
    assert_eq!(play.location("Alice"), "yard");
}

#[test]
fn a_missing_abbreviated_direction_is_named_in_full() {
    let mut play = Play::with(&["Alice"]);
    assert_eq!(
        play.reply("Alice", "ne"),
        "You cannot go northeast from here. Exits: east, gate, north."
    );
}

#[test]
fn go_alone_asks_where() {
    let mut play = Play::with(&["Alice"]);
    let outcome = play.run("Alice", "go");
    assert_eq!(
        reply_text(&outcome),
        "Go where? Try \"go north\", or \"look\" to see the exits."
    );
    assert_nothing_happens(&outcome);
}

#[test]
fn moving_is_returned_as_a_character_moved_change() {
    let mut play = Play::with(&["Alice"]);
    let outcome = play.run("Alice", "e");
    assert_eq!(
        outcome.changes,
        [Change::CharacterMoved {
            who: key("Alice"),
            from: RoomId::new("hall"),
            to: RoomId::new("kitchen"),
        }]
    );
}

#[test]
fn leaving_tells_the_old_room_which_way_the_player_went() {
    let mut play = Play::with(&["Alice", "Bob"]);
    let outcome = play.run("Alice", "n");
    assert_eq!(
        outcome.events[0],
        event_from(
            in_room("hall", &["Alice"]),
            EventKind::Leave,
            "Alice",
            "Alice leaves north."
        )
        .direction("north")
    );
}

#[test]
fn arriving_tells_the_new_room_where_the_player_came_from() {
    let mut play = Play::with(&["Alice", "Bob"]);
    let outcome = play.run("Alice", "n");
    assert_eq!(
        outcome.events[1],
        event_from(
            in_room("library", &["Alice"]),
            EventKind::Arrive,
            "Alice",
            "Alice arrives from the south."
        )
        .direction("north")
    );
}

#[test]
fn leaving_by_a_named_exit_names_the_exit() {
    let mut play = Play::with(&["Alice", "Bob"]);
    let outcome = play.run("Alice", "gate");
    let texts: Vec<&str> = outcome.events.iter().map(|e| e.text.as_str()).collect();
    assert_eq!(texts, ["Alice leaves by the gate.", "Alice arrives."]);
    assert_eq!(outcome.events[0].direction.as_deref(), Some("gate"));
}

#[test]
fn going_down_is_seen_as_arriving_from_above() {
    let mut play = Play::with(&["Alice"]);
    play.run("Alice", "n");
    let outcome = play.run("Alice", "d");
    let texts: Vec<&str> = outcome.events.iter().map(|e| e.text.as_str()).collect();
    assert_eq!(texts, ["Alice goes down.", "Alice arrives from above."]);
}

#[test]
fn the_new_room_shows_who_is_already_there() {
    let mut play = Play::with(&["Alice", "Bob"]);
    play.run("Bob", "e");
    assert_eq!(
        play.reply("Alice", "e"),
        "Kitchen\nIt smells of bread.\nYou see two gold coins here.\nBob is here.\nExits: west."
    );
}
