//! What time does to the world: items going home, doors swinging back and
//! rooms telling their echoes, all on the fake clock.

use super::*;
use crate::game::{DoorId, DoorState, SavedCharacter, SavedItem};
use std::time::Duration;

const MINUTE: Duration = Duration::from_secs(60);

fn inside(container: &str) -> Place {
    Place::Inside(ItemId::new(container))
}

#[test]
fn an_item_with_respawn_left_elsewhere_goes_home_in_time() {
    let mut play = Play::town(&["Alice"]);
    play.run("Alice", "take coin");
    play.run("Alice", "drop coin");
    play.wait(4 * MINUTE);
    assert_eq!(play.place_of("coin-1"), room("square"));
    let outcome = play.wait(MINUTE);
    assert!(outcome.changes.contains(&item_moved_at(
        "coin-1",
        room("square"),
        inside("fountain"),
        START + 5 * MINUTE
    )));
    assert_eq!(outcome.reply, Reply::Nothing);
}

#[test]
fn an_item_a_player_online_holds_never_goes_home() {
    let mut play = Play::town(&["Alice"]);
    play.run("Alice", "take coin");
    play.wait(10 * 60 * MINUTE);
    assert_eq!(play.place_of("coin-1"), carried_by("Alice"));
}

#[test]
fn an_item_with_respawn_goes_home_that_long_after_its_carrier_left() {
    let mut play = Play::town(&["Alice"]);
    play.run("Alice", "take coin");
    play.wait(MINUTE);
    play.exit("Alice");
    play.wait(4 * MINUTE);
    assert_eq!(play.place_of("coin-1"), carried_by("Alice"));
    play.wait(MINUTE);
    assert_eq!(play.place_of("coin-1"), inside("fountain"));
}

#[test]
fn what_an_offline_player_carries_goes_home_after_the_worlds_time() {
    let mut play = Play::town(&["Alice"]);
    play.walk("Alice", &["south"]);
    play.run("Alice", "take lantern");
    play.run("Alice", "light lantern");
    play.exit("Alice");
    play.wait(119 * MINUTE);
    assert_eq!(play.place_of("lantern"), carried_by("Alice"));
    let outcome = play.wait(MINUTE);
    assert_eq!(play.place_of("lantern"), room("inn"));
    assert_eq!(
        play.state().is_lit(&ItemId::new("lantern")),
        Some(false),
        "as written"
    );
    assert!(outcome.changes.contains(&Change::NoteAdded {
        who: key("Alice"),
        note: "While you were away, the lantern you carried went back where it belongs.".to_owned(),
    }));
}

#[test]
fn a_restart_never_takes_an_offline_players_things_early() {
    let world = town::town();
    let long_ago = Time::from_millis(START.as_millis() - 10 * 3600 * 1000);
    let saved = SavedState {
        characters: vec![SavedCharacter {
            last_seen: Some(long_ago),
            ..SavedCharacter::new(key("Alice"), "Alice", RoomId::new("inn"))
        }],
        items: vec![SavedItem::at(ItemId::new("lantern"), carried_by("Alice"))],
        ..SavedState::default()
    };
    let (mut game, _) = Game::restore(world, saved);
    game.tick(START);
    assert_eq!(
        game.state().place_of(&ItemId::new("lantern")),
        Some(&carried_by("Alice"))
    );
    game.tick(START + 120 * MINUTE);
    assert_eq!(
        game.state().place_of(&ItemId::new("lantern")),
        Some(&room("inn"))
    );
}

#[test]
fn a_door_with_reset_after_swings_back_and_both_sides_hear_it() {
    let mut play = Play::town(&["Alice"]);
    play.walk("Alice", &["south", "east"]);
    play.run("Alice", "take iron key");
    play.run("Alice", "unlock trapdoor");
    play.run("Alice", "open trapdoor");
    play.wait(9 * MINUTE);
    let outcome = play.wait(MINUTE);
    let written = DoorState {
        closed: true,
        locked: true,
    };
    assert_eq!(
        play.state().door(&DoorId::new("trapdoor")).unwrap().state,
        written
    );
    let heard = "The trapdoor swings shut, and its lock clicks.";
    assert!(
        outcome
            .events
            .contains(&Event::new(in_room("kitchen", &[]), EventKind::Echo, heard))
    );
    assert!(
        outcome
            .events
            .contains(&Event::new(in_room("cellar", &[]), EventKind::Echo, heard))
    );
}

#[test]
fn a_room_tells_its_echo_while_someone_is_there() {
    let mut play = Play::town(&["Alice"]);
    play.walk("Alice", &["west"]);
    let outcome = play.wait(MINUTE);
    assert_eq!(
        outcome.events,
        [Event::new(
            in_room("orchard", &[]),
            EventKind::Echo,
            "An apple thuds into the grass."
        )]
    );
}

#[test]
fn an_empty_room_tells_no_echo() {
    let mut play = Play::town(&["Alice"]);
    let outcome = play.wait(MINUTE);
    assert_eq!(outcome.events, []);
}

#[test]
fn echoes_come_once_a_period_however_often_the_world_ticks() {
    let mut play = Play::town(&["Alice"]);
    play.walk("Alice", &["west"]);
    let outcome = play.wait_ticking(3 * MINUTE);
    let echoes = outcome
        .events
        .iter()
        .filter(|event| event.kind == EventKind::Echo)
        .count();
    assert_eq!(echoes, 3);
}
