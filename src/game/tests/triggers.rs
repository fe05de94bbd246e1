//! Triggers: the world answering what players do, under conditions, once
//! or every time.

use super::*;
use crate::game::{DoorId, NpcId};

/// Alice in the inn with the silver key from the orchard.
fn alice_with_the_silver_key(others: &[&str]) -> Play {
    let mut names = vec!["Alice"];
    names.extend(others);
    let mut play = Play::town(&names);
    play.walk("Alice", &["west"]);
    play.run("Alice", "take silver key");
    play.walk("Alice", &["east", "south"]);
    for name in others {
        play.walk(name, &["south"]);
    }
    play
}

#[test]
fn giving_an_npc_what_a_trigger_wants_fires_every_effect() {
    let mut play = alice_with_the_silver_key(&["Bob"]);
    let outcome = play.run("Alice", "give silver key to marta");
    assert_eq!(
        reply_text(&outcome),
        "You give the silver key to Marta.\n\
         \"My key! Thank you, Alice.\"\n\
         Marta presses a silver coin into your hand."
    );
    assert_eq!(play.place_of("silver-key"), Place::Npc(NpcId::new("marta")));
    assert_eq!(play.place_of("reward"), carried_by("Alice"));
    assert!(
        !play
            .state()
            .door(&DoorId::new("trapdoor"))
            .unwrap()
            .state
            .locked
    );
    assert!(play.state().flag("key-returned"));
    assert!(play.state().flag("fired:key-returned"));
    let bob_sees: Vec<&str> = outcome
        .events
        .iter()
        .filter(|event| event.audience == in_room("inn", &["Alice"]))
        .map(|event| event.text.as_str())
        .collect();
    assert_eq!(
        bob_sees,
        [
            "Alice gives the silver key to Marta.",
            "\"My key! Thank you, Alice.\"",
            "Marta gives Alice a silver coin."
        ]
    );
}

#[test]
fn the_other_orders_of_give_reach_the_npc_too() {
    let mut play = alice_with_the_silver_key(&[]);
    play.run("Alice", "give marta silver key");
    assert_eq!(play.place_of("silver-key"), Place::Npc(NpcId::new("marta")));
}

#[test]
fn a_trigger_that_would_give_what_a_player_holds_does_not_fire() {
    let mut play = alice_with_the_silver_key(&["Bob"]);
    // Bob somehow has the reward already: the trigger cannot hand it over.
    play.change(item_moved(
        "reward",
        Place::Npc(NpcId::new("marta")),
        carried_by("Bob"),
    ));
    let outcome = play.run("Alice", "give silver key to marta");
    assert_eq!(
        reply_text(&outcome),
        "Marta would take the silver key, but has nothing to give for it while someone \
         else has the silver coin. Try again later."
    );
    assert_nothing_happens(&outcome);
    assert_eq!(play.place_of("silver-key"), carried_by("Alice"));
}

#[test]
fn a_once_trigger_fires_only_once_ever() {
    let mut play = alice_with_the_silver_key(&[]);
    play.run("Alice", "give silver key to marta");
    // Marta is given the key back to try again: the trigger has fired.
    play.change(item_moved(
        "silver-key",
        Place::Npc(NpcId::new("marta")),
        carried_by("Alice"),
    ));
    play.change(item_moved(
        "reward",
        carried_by("Alice"),
        Place::Npc(NpcId::new("marta")),
    ));
    play.change(Change::FlagCleared {
        flag: "key-returned".to_owned(),
    });
    let outcome = play.run("Alice", "give silver key to marta");
    assert_eq!(reply_text(&outcome), "Marta pushes it back across the bar.");
}

/// Alice in the cellar with a lit lantern and the iron key, the trapdoor open.
fn alice_in_the_cellar() -> Play {
    let mut play = Play::town(&["Alice"]);
    play.walk("Alice", &["south"]);
    play.run("Alice", "take lantern");
    play.run("Alice", "light lantern");
    play.walk("Alice", &["east"]);
    play.run("Alice", "take iron key");
    play.run("Alice", "unlock trapdoor");
    play.run("Alice", "open trapdoor");
    play.walk("Alice", &["down"]);
    play
}

#[test]
fn saying_the_words_in_the_room_moves_the_player() {
    let mut play = alice_in_the_cellar();
    let outcome = play.run("Alice", "say Open, Sesame!");
    let text = reply_text(&outcome);
    assert!(
        text.starts_with(
            "You say, \"Open, Sesame!\"\nThe floor slides away beneath you!\nHidden Vault\n"
        ),
        "{text}"
    );
    assert_eq!(play.location("Alice"), "vault");
    assert!(
        !text.contains("savings"),
        "the vault's enter trigger needs a flag that is not set"
    );
}

#[test]
fn a_player_moved_by_a_trigger_enters_the_room_it_moves_them_to() {
    let mut play = Play::town(&["Alice"]);
    play.change(Change::FlagSet {
        flag: "key-returned".to_owned(),
    });
    play.change(Change::CharacterMoved {
        who: key("Alice"),
        from: RoomId::new("square"),
        to: RoomId::new("cellar"),
    });
    play.walk("Alice", &[]);
    let text = play.reply("Alice", "say open sesame");
    assert!(
        text.ends_with("Marta's old savings glitter in the corner."),
        "{text}"
    );
}

#[test]
fn the_same_words_elsewhere_do_nothing() {
    let mut play = Play::town(&["Alice"]);
    let outcome = play.run("Alice", "say open sesame");
    assert_eq!(reply_text(&outcome), "You say, \"open sesame\"");
    assert_eq!(play.location("Alice"), "square");
}

#[test]
fn reading_can_fire_a_trigger() {
    let mut play = Play::town(&["Alice"]);
    assert_eq!(
        play.reply("Alice", "read notice"),
        "You read the notice:\nLOST: a silver key. Reward at the inn.\n\
         Someone has scrawled: ask Marta about the key."
    );
}

#[test]
fn taking_can_fire_a_trigger() {
    let mut play = alice_in_the_cellar();
    play.run("Alice", "open chest");
    assert_eq!(
        play.reply("Alice", "take ring from chest"),
        "You take the gold ring from the oak chest.\n\
         The ring is warm, as if someone wore it a moment ago."
    );
    assert_eq!(play.place_of("ring"), carried_by("Alice"));
}

#[test]
fn dropping_can_fire_a_trigger_where_the_trigger_says() {
    let mut play = Play::town(&["Alice", "Bob"]);
    play.walk("Alice", &["west"]);
    play.run("Alice", "take apple");
    assert_eq!(play.reply("Alice", "drop apple"), "You drop the red apple.");
    play.run("Alice", "take apple");
    play.walk("Alice", &["east"]);
    let outcome = play.run("Alice", "drop apple");
    assert_eq!(
        reply_text(&outcome),
        "You drop the red apple.\nThe apple rolls away across the cobbles."
    );
    assert!(
        outcome.events.contains(
            &Event::new(
                in_room("square", &["Alice"]),
                EventKind::Emote,
                "An apple rolls across the cobbles."
            )
            .from("Alice")
        )
    );
    assert_eq!(play.place_of("apple"), room("square"));
}

#[test]
fn a_trigger_with_unless_does_not_fire_while_its_flag_is_set() {
    let mut play = alice_with_the_silver_key(&[]);
    play.change(Change::FlagSet {
        flag: "key-returned".to_owned(),
    });
    assert!(!play.state().flag("fired:key-returned"));
    let outcome = play.run("Alice", "give silver key to marta");
    assert_eq!(reply_text(&outcome), "Marta pushes it back across the bar.");
    assert_eq!(play.place_of("silver-key"), carried_by("Alice"));
    assert_eq!(play.place_of("reward"), Place::Npc(NpcId::new("marta")));
}

#[test]
fn a_trigger_with_a_door_fires_when_that_door_opens() {
    let mut play = alice_in_the_cellar();
    let heave = "You heave the trapdoor up from below, and it thumps open onto the kitchen floor.";
    let chest = play.reply("Alice", "open chest");
    assert!(
        !chest.contains("heave"),
        "opening the chest is not opening the door: {chest}"
    );
    play.run("Alice", "close trapdoor");
    assert_eq!(
        play.reply("Alice", "open trapdoor"),
        format!("You open the trapdoor.\n{heave}")
    );
    play.walk("Alice", &["up"]);
    play.run("Alice", "close trapdoor");
    assert_eq!(
        play.reply("Alice", "open trapdoor"),
        "You open the trapdoor.",
        "its room is the cellar"
    );
}

#[test]
fn a_trigger_can_clear_a_flag() {
    let mut play = Play::town(&["Alice"]);
    play.change(Change::FlagSet {
        flag: "key-returned".to_owned(),
    });
    let outcome = play.run("Alice", "west");
    assert!(
        reply_text(&outcome).ends_with("Marta's key is lost again."),
        "{}",
        reply_text(&outcome)
    );
    assert!(outcome.changes.contains(&Change::FlagCleared {
        flag: "key-returned".to_owned()
    }));
    assert!(!play.state().flag("key-returned"));
    play.walk("Alice", &["east"]);
    let again = play.reply("Alice", "west");
    assert!(!again.contains("magpie"), "the flag is clear now: {again}");
}
