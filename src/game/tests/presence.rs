//! Entering and leaving the game as connections open and close: the first
//! connection brings a character in, the last one takes it out when its
//! player logs out (a dropped one leaves it link-dead: `link_dead.rs`).

use super::*;
use crate::game::Welcome;

#[test]
fn a_first_visit_creates_the_character_in_the_start_room() {
    let mut play = Play::new();
    let outcome = play.enter("Alice");
    assert_eq!(
        outcome.changes,
        [
            Change::CharacterCreated {
                who: key("Alice"),
                name: "Alice".to_owned(),
                location: RoomId::new("hall"),
            },
            Change::SocketOpened { who: key("Alice") },
        ]
    );
    assert_eq!(play.location("Alice"), "hall");
}

#[test]
fn entering_welcomes_the_player_with_the_world_and_its_message() {
    let mut play = Play::new();
    let entered = play.enter("Alice");
    assert_eq!(
        entered.reply,
        Reply::Welcome(Welcome {
            key: UserKey::new("alice"),
            name: "Alice".to_owned(),
            location: RoomId::new("hall"),
            channels: vec![],
            world: "The Test Keep".to_owned(),
            commands: crate::game::command::summaries(crate::game::Role::Player),
        })
    );
    assert!(entered.events.contains(&Event::new(
        Audience::Asker,
        EventKind::System,
        "Mind the stairs."
    )));
}

#[test]
fn clients_learn_every_command_with_its_aliases_and_usage() {
    let mut play = Play::new();
    let Reply::Welcome(welcome) = play.enter("Alice").reply else {
        panic!("a welcome");
    };
    let look = welcome.commands.iter().find(|c| c.name == "look").unwrap();
    assert_eq!(look.aliases, ["l"]);
    assert_eq!(look.usage, "look [thing]");
}

#[test]
fn entering_tells_the_others_in_the_room() {
    let mut play = Play::with(&["Bob"]);
    assert_eq!(
        told_to_others(play.enter("Alice")),
        [event_from(
            in_room("hall", &["Alice"]),
            EventKind::Connect,
            "Alice",
            "Alice has entered the world."
        )]
    );
}

#[test]
fn a_second_connection_is_not_announced() {
    let mut play = Play::with(&["Alice", "Bob"]);
    let outcome = play.enter("Alice");
    assert_eq!(
        outcome.changes,
        [Change::SocketOpened { who: key("Alice") }]
    );
    assert_eq!(told_to_others(outcome), []);
}

/// The events of an outcome for anyone but the connection that asked.
fn told_to_others(outcome: Outcome) -> Vec<Event> {
    outcome
        .events
        .into_iter()
        .filter(|event| event.audience != Audience::Asker)
        .collect()
}

#[test]
fn only_the_entering_connection_reads_the_message_of_the_day() {
    let mut play = Play::with(&["Alice"]);
    let outcome = play.enter("Alice");
    let asker: Vec<&Event> = outcome
        .events
        .iter()
        .filter(|event| event.audience == Audience::Asker)
        .collect();
    assert_eq!(asker.len(), 1);
    assert_eq!(asker[0].text, "Mind the stairs.");
    assert_eq!(
        outcome.changes,
        [Change::SocketOpened { who: key("Alice") }]
    );
}

#[test]
fn a_second_connection_is_welcomed_where_the_character_is() {
    let mut play = Play::with(&["Alice"]);
    play.run("Alice", "north");
    play.run("Alice", "join ooc");
    let Reply::Welcome(welcome) = play.enter("alice").reply else {
        panic!("entering is answered with a welcome");
    };
    assert_eq!(welcome.name, "Alice");
    assert_eq!(welcome.location, RoomId::new("library"));
    assert_eq!(welcome.channels, ["ooc"]);
}

#[test]
fn the_username_is_matched_in_any_case_but_shown_as_first_spelled() {
    let mut play = Play::with(&["Alice", "Bob"]);
    play.exit("Alice");
    play.enter("ALICE");
    assert_eq!(
        play.reply("Bob", "who"),
        "2 players are online: Alice and Bob."
    );
}

#[test]
fn closing_one_of_several_connections_is_not_announced() {
    let mut play = Play::with(&["Alice", "Alice", "Bob"]);
    let outcome = play.exit("Alice");
    assert_eq!(outcome.events, []);
    assert_eq!(
        outcome.changes,
        [Change::SocketClosed { who: key("Alice") }]
    );
    assert_eq!(
        play.reply("Bob", "who"),
        "2 players are online: Alice and Bob."
    );
}

#[test]
fn logging_out_of_the_last_connection_tells_the_others_in_the_room_at_once() {
    let mut play = Play::with(&["Alice", "Alice", "Bob"]);
    assert_eq!(play.leave("Alice").events, []);
    let outcome = play.leave("Alice");
    assert_eq!(
        outcome.events,
        [event_from(
            in_room("hall", &["Alice"]),
            EventKind::Disconnect,
            "Alice",
            "Alice has left the world."
        )]
    );
    assert_eq!(
        outcome.changes,
        [
            Change::SocketClosed { who: key("Alice") },
            Change::LastSeen {
                who: key("Alice"),
                when: play.now
            }
        ]
    );
    assert_eq!(outcome.presence.offline, ["Alice"]);
    assert_eq!(
        play.reply("Bob", "who"),
        "You are the only one playing right now."
    );
}

#[test]
fn entering_the_world_is_news_for_everyones_list_of_who_is_online() {
    let mut play = Play::with(&["Bob"]);
    let first = play.enter("Alice");
    assert_eq!(first.presence.online, ["Alice"]);
    assert!(first.presence.offline.is_empty());
    assert!(
        play.enter("Alice").presence.is_empty(),
        "another tab is no news"
    );
    assert!(
        play.leave("Alice").presence.is_empty(),
        "nor is one tab fewer"
    );
}

#[test]
fn a_character_who_left_keeps_their_place_and_belongings() {
    let mut play = Play::with(&["Alice"]);
    play.run("Alice", "take lamp");
    play.run("Alice", "east");
    play.leave("Alice");
    play.enter("Alice");
    assert_eq!(play.location("Alice"), "kitchen");
    assert_eq!(play.place_of("lamp"), carried_by("Alice"));
}

#[test]
fn closing_a_connection_that_was_never_open_does_nothing() {
    let mut play = Play::with(&["Bob"]);
    let outcome = play.exit("Alice");
    assert_eq!(outcome.reply, Reply::Nothing);
    assert_nothing_happens(&outcome);
}

#[test]
fn a_player_not_in_the_game_is_told_to_reconnect() {
    let mut play = Play::with(&["Alice"]);
    play.exit("Alice");
    let outcome = play.run("Alice", "look");
    assert_eq!(
        reply_text(&outcome),
        "You are not in the game; reconnect to play."
    );
    assert_nothing_happens(&outcome);
}
