//! Notes: what the world tells a player when they come back.

use super::*;
use std::time::Duration;

#[test]
fn a_player_is_told_their_notes_as_they_come_in_and_only_once() {
    let mut play = Play::town(&["Alice"]);
    play.walk("Alice", &["south"]);
    play.run("Alice", "take lantern");
    play.leave("Alice");
    play.wait(Duration::from_secs(2 * 3600));
    let outcome = play.enter("Alice");
    assert!(matches!(outcome.reply, Reply::Welcome(_)));
    let to_alice: Vec<&Event> = outcome
        .events
        .iter()
        .filter(|event| event.audience == to_user("Alice"))
        .collect();
    assert_eq!(
        to_alice,
        [&Event::new(
            to_user("Alice"),
            EventKind::System,
            "While you were away, the lantern you carried went back where it belongs."
        )]
    );
    assert!(
        outcome
            .changes
            .contains(&Change::NotesDelivered { who: key("Alice") })
    );
    play.exit("Alice");
    let again = play.enter("Alice");
    assert!(
        again
            .events
            .iter()
            .all(|event| event.kind != EventKind::System)
    );
}
