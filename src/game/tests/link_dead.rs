//! The link-dead grace: a character whose last connection drops stays in
//! the world for [`LINK_DEAD_GRACE`], and nobody sees it go unless the
//! grace runs out. Timed on the fake clock.

use std::time::Duration;

use super::*;
use crate::game::presence::LINK_DEAD_GRACE;
use crate::game::{SavedCharacter, SavedItem};

const SECOND: Duration = Duration::from_secs(1);

/// Alice and Bob in the hall, and Alice's only connection just dropped.
fn alice_dropped() -> Play {
    let mut play = Play::with(&["Alice", "Bob"]);
    play.exit("Alice");
    play
}

#[test]
fn a_dropped_last_connection_tells_nobody_and_leaves_the_character_where_it_was() {
    let mut play = Play::with(&["Alice", "Bob"]);
    let outcome = play.exit("Alice");
    assert_eq!(outcome.events, []);
    assert!(
        outcome.presence.is_empty(),
        "still online for everyone's list"
    );
    assert_eq!(
        outcome.changes,
        [Change::LinkLost {
            who: key("Alice"),
            at: play.now,
        }]
    );
    let alice = play.state().character(&key("Alice")).unwrap();
    assert!(alice.is_online() && alice.is_link_dead() && !alice.is_connected());
    assert!(play.reply("Bob", "look").contains("Alice is here."));
}

#[test]
fn a_link_dead_character_still_hears_the_room_for_when_its_player_is_back() {
    let mut play = alice_dropped();
    let said = play.run("Bob", "say are you there?");
    assert_eq!(said.events[0].audience, in_room("hall", &["Bob"]));
    let hearing: Vec<&str> = play
        .state()
        .online_in(&RoomId::new("hall"))
        .map(|character| character.name.as_str())
        .collect();
    assert_eq!(hearing, ["Alice", "Bob"]);
}

#[test]
fn who_marks_a_link_dead_player_but_lists_them_by_name_in_its_data() {
    let mut play = alice_dropped();
    let outcome = play.run("Bob", "who");
    assert_eq!(
        reply_text(&outcome),
        "2 players are online: Alice (link-dead) and Bob."
    );
    assert_eq!(
        outcome.reply,
        Reply::Response(crate::game::Response {
            text: reply_text(&outcome),
            view: Some(crate::game::View::Players(vec![
                "Alice".to_owned(),
                "Bob".to_owned()
            ])),
        })
    );
}

#[test]
fn coming_back_within_the_grace_is_seen_by_nobody() {
    let mut play = alice_dropped();
    let lost_at = play.now;
    play.wait(LINK_DEAD_GRACE - SECOND);
    let back = play.enter("Alice");
    assert!(
        back.events
            .iter()
            .all(|event| event.audience == Audience::Asker),
        "only the message of the day, to the returning connection: {:?}",
        back.events
    );
    assert!(back.presence.is_empty());
    assert_eq!(
        back.changes,
        [Change::LinkRestored {
            who: key("Alice"),
            lost_at,
        }]
    );
    assert!(matches!(back.reply, Reply::Welcome(_)));
    let later = play.wait(LINK_DEAD_GRACE);
    assert_nothing_happens(&later);
    assert_eq!(
        play.reply("Bob", "who"),
        "2 players are online: Alice and Bob."
    );
}

#[test]
fn nothing_happens_before_the_grace_is_over() {
    let mut play = alice_dropped();
    for _ in 0..29 {
        let tick = play.wait(SECOND);
        assert_nothing_happens(&tick);
        assert!(tick.presence.is_empty());
    }
    assert!(play.state().character(&key("Alice")).unwrap().is_online());
}

#[test]
fn when_the_grace_is_over_the_room_hears_the_character_leave_the_world() {
    let mut play = alice_dropped();
    let lost_at = play.now;
    let over = play.wait(LINK_DEAD_GRACE);
    assert_eq!(
        over.events,
        [event_from(
            in_room("hall", &["Alice"]),
            EventKind::Disconnect,
            "Alice",
            "Alice has left the world."
        )]
    );
    assert_eq!(
        over.changes,
        [
            Change::GraceExpired {
                who: key("Alice"),
                lost_at,
            },
            Change::LastSeen {
                who: key("Alice"),
                when: lost_at,
            }
        ]
    );
    assert_eq!(over.presence.offline, ["Alice"]);
    assert_eq!(
        play.reply("Bob", "who"),
        "You are the only one playing right now."
    );
    assert!(!play.reply("Bob", "look").contains("Alice"));
    assert_nothing_happens(&play.wait(LINK_DEAD_GRACE));
}

#[test]
fn each_characters_grace_is_counted_from_its_own_drop() {
    let mut play = Play::with(&["Alice", "Bob", "Carol"]);
    play.exit("Alice");
    play.wait(10 * SECOND);
    play.exit("Bob");
    let first = play.wait(LINK_DEAD_GRACE - 10 * SECOND);
    assert_eq!(first.presence.offline, ["Alice"]);
    assert!(play.wait(9 * SECOND).presence.is_empty());
    assert_eq!(play.wait(SECOND).presence.offline, ["Bob"]);
}

#[test]
fn coming_back_after_the_grace_is_a_new_arrival() {
    let mut play = alice_dropped();
    play.wait(LINK_DEAD_GRACE);
    let back = play.enter("Alice");
    assert_eq!(back.presence.online, ["Alice"]);
    assert!(
        back.events
            .iter()
            .any(|event| event.kind == EventKind::Connect)
    );
}

#[test]
fn a_player_who_drops_one_of_two_tabs_is_not_link_dead() {
    let mut play = Play::with(&["Alice", "Alice", "Bob"]);
    let outcome = play.exit("Alice");
    assert_eq!(
        outcome.changes,
        [Change::SocketClosed { who: key("Alice") }]
    );
    assert!(
        !play
            .state()
            .character(&key("Alice"))
            .unwrap()
            .is_link_dead()
    );
    assert_nothing_happens(&play.wait(LINK_DEAD_GRACE));
}

#[test]
fn a_link_dead_player_cannot_act_until_back() {
    let mut play = alice_dropped();
    assert_eq!(
        play.reply("Alice", "north"),
        "You are not in the game; reconnect to play."
    );
    assert_eq!(play.location("Alice"), "hall");
}

#[test]
fn a_shorter_grace_set_by_the_host_is_kept() {
    let mut play = alice_dropped();
    play.game.set_rules(crate::game::Rules {
        link_dead_grace: 2 * SECOND,
    });
    assert!(play.wait(SECOND).presence.is_empty());
    assert_eq!(play.wait(SECOND).presence.offline, ["Alice"]);
}

#[test]
fn a_link_dead_character_survives_a_reload_of_the_saved_state() {
    let mut play = alice_dropped();
    let lost_at = play.now;
    play.game.reload(saved_now(&play), &[]);
    let alice = play.state().character(&key("Alice")).unwrap();
    assert_eq!(alice.link_lost, Some(lost_at));
    assert_eq!(
        play.wait(LINK_DEAD_GRACE).presence.offline,
        ["Alice"],
        "and its grace still runs out"
    );
}

#[test]
fn a_reload_takes_back_the_presence_changes_of_a_failed_group() {
    let mut play = alice_dropped();
    let lost_at = play.now;
    // The group that could not be saved: Alice came back and Bob dropped.
    let back = play.enter("Alice").changes;
    let bob = play.exit("Bob").changes;
    play.game.reload(saved_now(&play), &[back, bob].concat());
    let alice = play.state().character(&key("Alice")).unwrap();
    assert_eq!((alice.sockets, alice.link_lost), (0, Some(lost_at)));
    let bob = play.state().character(&key("Bob")).unwrap();
    assert_eq!((bob.sockets, bob.link_lost), (1, None));

    let mut play = alice_dropped();
    let over = play.wait(LINK_DEAD_GRACE).changes;
    play.game.reload(saved_now(&play), &over);
    let alice = play.state().character(&key("Alice")).unwrap();
    assert_eq!(alice.link_lost, Some(lost_at), "back to link-dead");
    assert!(play.reply("Bob", "look").contains("Alice is here."));
    assert_eq!(play.wait(SECOND).presence.offline, ["Alice"]);
}

/// What a store would hold of `play`'s game now (its characters and where
/// its items are; doors, flags and NPCs as the world file writes them).
fn saved_now(play: &Play) -> SavedState {
    let state = play.state();
    let characters = ["Alice", "Bob"]
        .iter()
        .filter_map(|name| state.character(&key(name)))
        .map(|character| SavedCharacter {
            channels: character.channels.clone(),
            last_seen: character.last_seen,
            notes: character.notes.clone(),
            ..SavedCharacter::new(
                character.key.clone(),
                &character.name,
                character.location.clone(),
            )
        })
        .collect();
    let items = play
        .game
        .world()
        .items()
        .filter_map(|item| {
            let place = state.place_of(&item.id)?.clone();
            Some(SavedItem::at(item.id.clone(), place))
        })
        .collect();
    SavedState {
        characters,
        items,
        ..SavedState::default()
    }
}
