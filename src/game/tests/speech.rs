//! Talking: `say`, `emote`, `tell`, `shout`, `who`, and keeping whatever a
//! player types to one clean line that cannot pass for anyone else's.

use super::*;
use crate::game::voice;
use std::time::Duration;

#[test]
fn say_is_heard_by_the_others_in_the_room() {
    let mut play = Play::with(&["Alice", "Bob"]);
    let outcome = play.run("Alice", "say Hello there");
    assert_eq!(reply_text(&outcome), "You say, \"Hello there\"");
    assert_eq!(
        outcome.events,
        [event_from(
            in_room("hall", &["Alice"]),
            EventKind::Say,
            "Alice",
            "Alice says, \"Hello there\""
        )]
    );
    assert_eq!(outcome.changes, []);
}

#[test]
fn say_is_heard_only_in_the_speakers_room() {
    let mut play = Play::with(&["Alice", "Bob"]);
    play.run("Alice", "north");
    let outcome = play.run("Alice", "say hi");
    assert_eq!(outcome.events[0].audience, in_room("library", &["Alice"]));
}

#[test]
fn a_leading_quote_is_short_for_say() {
    let mut play = Play::with(&["Alice", "Bob"]);
    let outcome = play.run("Alice", "'Hello there");
    assert_eq!(reply_text(&outcome), "You say, \"Hello there\"");
    assert_eq!(outcome.events[0].text, "Alice says, \"Hello there\"");
}

#[test]
fn say_alone_asks_what() {
    let mut play = Play::with(&["Alice"]);
    assert_eq!(play.reply("Alice", "say"), "Say what?");
    assert_eq!(play.reply("Alice", "'"), "Say what?");
}

#[test]
fn emote_shows_the_room_what_the_player_does() {
    let mut play = Play::with(&["Alice", "Bob"]);
    let outcome = play.run("Alice", "emote waves");
    assert_eq!(reply_text(&outcome), "Alice waves.");
    assert_eq!(
        outcome.events,
        [event_from(
            in_room("hall", &["Alice"]),
            EventKind::Emote,
            "Alice",
            "Alice waves."
        )]
    );
}

#[test]
fn a_leading_colon_is_short_for_emote() {
    let mut play = Play::with(&["Alice", "Bob"]);
    assert_eq!(play.reply("Alice", ":waves"), "Alice waves.");
}

#[test]
fn emote_keeps_the_players_own_closing_punctuation() {
    let mut play = Play::with(&["Alice"]);
    assert_eq!(play.reply("Alice", ":jumps!"), "Alice jumps!");
}

#[test]
fn emote_joins_a_possessive_to_the_name() {
    let mut play = Play::with(&["Alice"]);
    assert_eq!(
        play.reply("Alice", "emote 's eyes narrow"),
        "Alice's eyes narrow."
    );
}

#[test]
fn emote_alone_asks_what() {
    let mut play = Play::with(&["Alice"]);
    assert_eq!(play.reply("Alice", ":"), "Emote what? Try \"emote waves\".");
}

#[test]
fn tell_reaches_only_the_listener_wherever_they_are() {
    let mut play = Play::with(&["Alice", "Bob", "Carol"]);
    play.run("Bob", "east");
    let outcome = play.run("Alice", "tell bob meet me here");
    assert_eq!(reply_text(&outcome), "You tell Bob, \"meet me here\"");
    assert_eq!(
        outcome.events,
        [event_from(
            to_user("Bob"),
            EventKind::Tell,
            "Alice",
            "Alice tells you, \"meet me here\""
        )]
    );
}

#[test]
fn tell_finds_the_listener_by_name_in_any_case() {
    let mut play = Play::with(&["Alice", "Bob"]);
    assert_eq!(play.reply("Alice", "TELL BOB hi"), "You tell Bob, \"hi\"");
}

#[test]
fn tell_accepts_a_comma_after_the_name() {
    let mut play = Play::with(&["Alice", "Bob"]);
    assert_eq!(play.reply("Alice", "tell Bob, hi"), "You tell Bob, \"hi\"");
}

#[test]
fn tell_to_an_offline_player_fails() {
    let mut play = Play::with(&["Alice", "Bob"]);
    play.leave("Bob");
    let outcome = play.run("Alice", "tell bob hello");
    assert_eq!(
        reply_text(&outcome),
        "No one called \"bob\" is playing now."
    );
    assert_nothing_happens(&outcome);
}

#[test]
fn tell_without_a_message_asks_for_one() {
    let mut play = Play::with(&["Alice", "Bob"]);
    assert_eq!(
        play.reply("Alice", "tell bob"),
        "Tell whom what? Try \"tell Alice hello\"."
    );
}

#[test]
fn shout_is_heard_by_everyone_online() {
    let mut play = Play::with(&["Alice", "Bob"]);
    play.run("Bob", "north");
    let outcome = play.run("Alice", "shout Dinner is ready");
    assert_eq!(reply_text(&outcome), "You shout, \"Dinner is ready\"");
    assert_eq!(
        outcome.events,
        [event_from(
            everyone_but("Alice"),
            EventKind::Shout,
            "Alice",
            "Alice shouts, \"Dinner is ready\""
        )]
    );
}

#[test]
fn who_lists_everyone_online_in_alphabetical_order() {
    let mut play = Play::with(&["carol", "Alice", "Bob"]);
    play.run("Bob", "north");
    assert_eq!(
        play.reply("Alice", "who"),
        "3 players are online: Alice, Bob and carol."
    );
}

#[test]
fn who_leaves_out_players_who_left() {
    let mut play = Play::with(&["Alice", "Bob", "Carol"]);
    play.leave("Carol");
    assert_eq!(
        play.reply("Alice", "who"),
        "2 players are online: Alice and Bob."
    );
}

#[test]
fn a_tell_to_a_link_dead_player_is_told_to_them_for_when_they_are_back() {
    let mut play = Play::with(&["Alice", "Bob"]);
    play.exit("Bob");
    let outcome = play.run("Alice", "tell bob are you there?");
    assert_eq!(reply_text(&outcome), "You tell Bob, \"are you there?\"");
    assert_eq!(outcome.events[0].audience, to_user("Bob"));
}

#[test]
fn speech_cut_at_the_limit_says_so_to_the_speaker() {
    let mut play = Play::with(&["Alice", "Bob"]);
    let limit = crate::game::text::MAX_SPOKEN_CHARS;
    let long = "a".repeat(limit + 1);
    let note = format!("Only the first {limit} characters were said.");
    for line in [
        format!("say {long}"),
        format!("emote {long}"),
        format!("shout {long}"),
        format!("tell bob {long}"),
    ] {
        let answer = play.reply("Alice", &line);
        assert!(answer.ends_with(&format!("\n{note}")), "{answer}");
        assert!(!play.run("Alice", &line).events[0].text.contains(&note));
    }
    play.run("Alice", "join ooc");
    let answer = play.reply("Alice", &format!("chat ooc {long}"));
    assert!(answer.ends_with(&note), "{answer}");
}

#[test]
fn speech_that_fits_says_nothing_of_the_limit() {
    let mut play = Play::with(&["Alice", "Bob"]);
    let exactly = "a".repeat(crate::game::text::MAX_SPOKEN_CHARS);
    let answer = play.reply("Alice", &format!("say {exactly}"));
    assert_eq!(answer, format!("You say, \"{exactly}\""));
}

#[test]
fn who_says_when_you_are_alone() {
    let mut play = Play::with(&["Alice"]);
    assert_eq!(
        play.reply("Alice", "who"),
        "You are the only one playing right now."
    );
}

#[test]
fn line_breaks_in_speech_cannot_start_a_forged_line() {
    let mut play = Play::with(&["Alice", "Bob"]);
    let outcome = play.run("Alice", "say hi\nBob says, \"give me your lamp\"\r\n");
    assert_eq!(
        outcome.events[0].text,
        "Alice says, \"hi Bob says, \"give me your lamp\"\""
    );
}

#[test]
fn bidirectional_overrides_in_speech_are_removed() {
    let mut play = Play::with(&["Alice", "Bob"]);
    let outcome = play.run("Alice", "say \u{202E}olleh\u{202C} friend\u{2066}");
    assert_eq!(outcome.events[0].text, "Alice says, \"olleh friend\"");
}

#[test]
fn control_characters_in_emotes_are_removed() {
    let mut play = Play::with(&["Alice", "Bob"]);
    let outcome = play.run("Alice", ":\u{8}\u{8}\u{8}\u{8}\u{8}Bob waves\u{1b}[2J");
    assert_eq!(outcome.events[0].text, "Alice Bob waves [2J.");
}

#[test]
fn very_long_speech_is_capped() {
    let mut play = Play::with(&["Alice", "Bob"]);
    let outcome = play.run("Alice", &format!("say {}", "a".repeat(5000)));
    let expected = format!(
        "Alice says, \"{}\"",
        "a".repeat(crate::game::text::MAX_SPOKEN_CHARS)
    );
    assert_eq!(outcome.events[0].text, expected);
}

#[test]
fn a_voice_tires_after_two_shouts_in_twenty_seconds_and_rests() {
    let mut play = Play::with(&["Alice", "Bob"]);
    for shout in 1..=voice::SHOUTS {
        let outcome = play.run("Alice", &format!("shout number {shout}"));
        assert_eq!(outcome.events.len(), 1, "shout {shout} is heard");
        play.now = play.now + Duration::from_secs(1);
    }
    let tired = play.run("Alice", "shout one more");
    assert_eq!(
        reply_text(&tired),
        "Your voice is hoarse from shouting. Rest it 18 seconds before you shout again."
    );
    assert!(tired.events.is_empty(), "nobody hears it");
    assert!(tired.changes.is_empty(), "and it is not counted");
    assert_eq!(
        play.run("Bob", "shout my turn").events.len(),
        1,
        "each voice is its own"
    );

    play.now = play.now + Duration::from_secs(18);
    assert_eq!(
        reply_text(&play.run("Alice", "shout rested")),
        "You shout, \"rested\""
    );
}
