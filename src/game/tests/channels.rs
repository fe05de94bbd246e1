//! Chat channels: `join`, `leave`, `channels`, `chat`, and the Socket.IO
//! `join`/`leave` events that ask for the same membership changes.

use super::*;

fn status(audience: Audience, channel: &str, text: &str) -> Event {
    Event::new(audience, EventKind::Status, text).channel(channel)
}

fn joined(name: &str, channel: &str) -> Change {
    Change::ChannelJoined {
        who: key(name),
        channel: channel.to_owned(),
    }
}

fn channels_of(play: &Play, name: &str) -> Vec<String> {
    let character = play.state().character(&key(name)).expect("a character");
    character.channels.iter().cloned().collect()
}

#[test]
fn join_puts_the_player_in_the_channel_and_tells_its_members() {
    let mut play = Play::with(&["Alice"]);
    let outcome = play.run("Alice", "join ooc");
    assert_eq!(
        reply_text(&outcome),
        "You join ooc. Talk there with \"chat ooc <text>\"."
    );
    assert_eq!(
        outcome.events,
        [status(
            in_channel("ooc", &["Alice"]),
            "ooc",
            "Alice joined ooc."
        )]
    );
    assert_eq!(outcome.changes, [joined("Alice", "ooc")]);
    assert_eq!(channels_of(&play, "Alice"), ["ooc"]);
}

#[test]
fn channel_names_are_read_in_any_case() {
    let mut play = Play::with(&["Alice"]);
    play.run("Alice", "JOIN OOC");
    assert_eq!(channels_of(&play, "Alice"), ["ooc"]);
}

#[test]
fn joining_a_channel_twice_changes_nothing() {
    let mut play = Play::with(&["Alice"]);
    play.run("Alice", "join ooc");
    let outcome = play.run("Alice", "join ooc");
    assert_eq!(reply_text(&outcome), "You are already in ooc.");
    assert_nothing_happens(&outcome);
}

#[test]
fn a_bad_channel_name_is_explained() {
    let mut play = Play::with(&["Alice"]);
    let outcome = play.run("Alice", "join <b>");
    assert_eq!(
        reply_text(&outcome),
        "A channel name is 1 to 24 letters, digits, '-' or '_', like \"ooc\"."
    );
    assert_nothing_happens(&outcome);
}

#[test]
fn join_alone_asks_which_channel() {
    let mut play = Play::with(&["Alice"]);
    assert_eq!(
        play.reply("Alice", "join"),
        "Join which channel? Try \"join ooc\"."
    );
}

#[test]
fn a_player_can_be_in_at_most_sixteen_channels() {
    let mut play = Play::with(&["Alice"]);
    for n in 0..16 {
        play.run("Alice", &format!("join c{n}"));
    }
    let outcome = play.run("Alice", "join one-more");
    assert_eq!(
        reply_text(&outcome),
        "You are in 16 channels already; leave one first."
    );
    assert_nothing_happens(&outcome);
}

#[test]
fn leave_takes_the_player_out_and_tells_the_members_left() {
    let mut play = Play::with(&["Alice", "Bob"]);
    play.run("Alice", "join ooc");
    let outcome = play.run("Alice", "leave ooc");
    assert_eq!(reply_text(&outcome), "You leave ooc.");
    assert_eq!(
        outcome.events,
        [status(
            in_channel("ooc", &["Alice"]),
            "ooc",
            "Alice left ooc."
        )]
    );
    assert_eq!(channels_of(&play, "Alice"), Vec::<String>::new());
}

#[test]
fn leave_alone_asks_which_channel() {
    let mut play = Play::with(&["Alice"]);
    assert_eq!(
        play.reply("Alice", "leave"),
        "Leave which channel? \"channels\" lists yours."
    );
}

#[test]
fn leaving_a_channel_the_player_is_not_in_changes_nothing() {
    let mut play = Play::with(&["Alice"]);
    let outcome = play.run("Alice", "leave ooc");
    assert_eq!(reply_text(&outcome), "You are not in ooc.");
    assert_nothing_happens(&outcome);
}

#[test]
fn channels_lists_the_players_channels() {
    let mut play = Play::with(&["Alice"]);
    play.run("Alice", "join trade");
    play.run("Alice", "join ooc");
    assert_eq!(
        play.reply("Alice", "channels"),
        "Your channels: ooc, trade."
    );
}

#[test]
fn channels_says_when_the_player_is_in_none() {
    let mut play = Play::with(&["Alice"]);
    assert_eq!(
        play.reply("Alice", "channels"),
        "You are in no channels. \"join <channel>\" joins one."
    );
}

#[test]
fn chat_reaches_the_other_members_wherever_they_are() {
    let mut play = Play::with(&["Alice", "Bob"]);
    play.run("Alice", "join ooc");
    play.run("Bob", "join ooc");
    play.run("Bob", "north");
    let outcome = play.run("Alice", "chat OOC anyone up for a quest?");
    assert_eq!(reply_text(&outcome), "[ooc] You: anyone up for a quest?");
    assert_eq!(
        outcome.events,
        [event_from(
            in_channel("ooc", &["Alice"]),
            EventKind::Channel,
            "Alice",
            "[ooc] Alice: anyone up for a quest?"
        )
        .channel("ooc")]
    );
}

#[test]
fn chat_on_a_channel_not_joined_says_how_to_join() {
    let mut play = Play::with(&["Alice"]);
    let outcome = play.run("Alice", "chat ooc hello");
    assert_eq!(
        reply_text(&outcome),
        "You are not in ooc. Type \"join ooc\" first."
    );
    assert_nothing_happens(&outcome);
}

#[test]
fn chat_without_a_channel_asks_where() {
    let mut play = Play::with(&["Alice"]);
    assert_eq!(
        play.reply("Alice", "chat"),
        "Chat where? Try \"chat ooc hello\"."
    );
}

#[test]
fn chat_without_a_message_asks_what() {
    let mut play = Play::with(&["Alice"]);
    play.run("Alice", "join ooc");
    assert_eq!(
        play.reply("Alice", "chat ooc"),
        "Chat what? Try \"chat ooc hello\"."
    );
}

#[test]
fn the_join_event_tells_every_member_including_the_player() {
    let mut play = Play::with(&["Alice"]);
    let outcome = play.input("Alice", Input::JoinChannel("ooc".into()));
    assert_eq!(outcome.reply, Reply::Nothing);
    assert_eq!(
        outcome.events,
        [status(in_channel("ooc", &[]), "ooc", "Alice joined ooc.")]
    );
    assert_eq!(outcome.changes, [joined("Alice", "ooc")]);
}

#[test]
fn the_leave_event_tells_the_members_left_and_the_player() {
    let mut play = Play::with(&["Alice"]);
    play.run("Alice", "join ooc");
    let outcome = play.input("Alice", Input::LeaveChannel("ooc".into()));
    assert_eq!(
        outcome.events,
        [
            status(in_channel("ooc", &[]), "ooc", "Alice left ooc."),
            status(to_user("Alice"), "ooc", "Alice left ooc."),
        ]
    );
}

#[test]
fn the_join_event_with_a_bad_name_is_an_error() {
    let mut play = Play::with(&["Alice"]);
    let outcome = play.input("Alice", Input::JoinChannel("no spaces".into()));
    assert!(matches!(outcome.reply, Reply::Error(_)));
    assert_nothing_happens(&outcome);
}
