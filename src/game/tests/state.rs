//! `State::apply` keeping its indexes true: who is online where, how many are
//! online (counting a character once however many tabs it has open), and
//! what lies at each place.

use super::*;

/// A state with Alice and Bob saved in the hall, both offline.
fn alice_and_bob_offline() -> State {
    let mut state = State::default();
    for name in ["Alice", "Bob"] {
        state.apply(&Change::CharacterCreated {
            who: key(name),
            name: name.to_owned(),
            location: RoomId::new("hall"),
        });
    }
    state
}

fn opened(name: &str) -> Change {
    Change::SocketOpened { who: key(name) }
}

fn closed(name: &str) -> Change {
    Change::SocketClosed { who: key(name) }
}

fn moved(name: &str, from: &str, to: &str) -> Change {
    Change::CharacterMoved {
        who: key(name),
        from: RoomId::new(from),
        to: RoomId::new(to),
    }
}

fn online_in(state: &State, room: &str) -> Vec<String> {
    state
        .online_in(&RoomId::new(room))
        .map(|character| character.name.clone())
        .collect()
}

fn item(id: &str) -> ItemId {
    ItemId::new(id)
}

#[test]
fn a_created_character_is_offline() {
    let state = alice_and_bob_offline();
    assert_eq!(state.online_count(), 0);
    assert_eq!(online_in(&state, "hall"), Vec::<String>::new());
}

#[test]
fn opening_a_socket_brings_the_character_online_in_its_room() {
    let mut state = alice_and_bob_offline();
    state.apply(&opened("Alice"));
    assert_eq!(state.online_count(), 1);
    assert_eq!(online_in(&state, "hall"), ["Alice"]);
}

#[test]
fn several_sockets_of_one_user_count_as_one_character_online() {
    let mut state = alice_and_bob_offline();
    state.apply(&opened("Alice"));
    state.apply(&opened("Alice"));
    state.apply(&opened("Bob"));
    assert_eq!(state.online_count(), 2);
    assert_eq!(online_in(&state, "hall"), ["Alice", "Bob"]);
}

#[test]
fn closing_one_of_several_sockets_keeps_the_character_online() {
    let mut state = alice_and_bob_offline();
    state.apply(&opened("Alice"));
    state.apply(&opened("Alice"));
    state.apply(&closed("Alice"));
    assert_eq!(state.online_count(), 1);
    assert_eq!(online_in(&state, "hall"), ["Alice"]);
}

#[test]
fn closing_the_last_socket_takes_the_character_offline() {
    let mut state = alice_and_bob_offline();
    state.apply(&opened("Alice"));
    state.apply(&opened("Alice"));
    state.apply(&closed("Alice"));
    state.apply(&closed("Alice"));
    assert_eq!(state.online_count(), 0);
    assert_eq!(online_in(&state, "hall"), Vec::<String>::new());
}

#[test]
fn closing_a_socket_of_an_offline_character_changes_nothing() {
    let mut state = alice_and_bob_offline();
    state.apply(&closed("Alice"));
    state.apply(&opened("Bob"));
    assert_eq!(state.online_count(), 1);
}

#[test]
fn moving_an_online_character_moves_it_between_the_room_indexes() {
    let mut state = alice_and_bob_offline();
    state.apply(&opened("Alice"));
    state.apply(&moved("Alice", "hall", "kitchen"));
    assert_eq!(online_in(&state, "hall"), Vec::<String>::new());
    assert_eq!(online_in(&state, "kitchen"), ["Alice"]);
    assert_eq!(state.online_count(), 1);
}

#[test]
fn an_offline_character_who_is_moved_comes_online_in_the_new_room() {
    let mut state = alice_and_bob_offline();
    state.apply(&moved("Alice", "hall", "kitchen"));
    assert_eq!(online_in(&state, "kitchen"), Vec::<String>::new());
    state.apply(&opened("Alice"));
    assert_eq!(online_in(&state, "kitchen"), ["Alice"]);
    assert_eq!(online_in(&state, "hall"), Vec::<String>::new());
}

#[test]
fn an_item_moved_leaves_its_old_place_and_joins_the_new_one() {
    let mut state = alice_and_bob_offline();
    state.apply(&Change::ItemCreated {
        item: item("lamp"),
        at: room("hall"),
    });
    state.apply(&item_moved("lamp", room("hall"), carried_by("Alice")));
    assert_eq!(state.items_at(&room("hall")), []);
    assert_eq!(state.items_at(&carried_by("Alice")), [item("lamp")]);
    assert_eq!(state.place_of(&item("lamp")), Some(&carried_by("Alice")));
}

#[test]
fn items_at_a_place_are_listed_in_the_order_they_arrived() {
    let mut state = alice_and_bob_offline();
    for id in ["lamp", "book", "iron-key"] {
        state.apply(&Change::ItemCreated {
            item: item(id),
            at: carried_by("Bob"),
        });
    }
    state.apply(&item_moved("lamp", carried_by("Bob"), room("hall")));
    state.apply(&item_moved("lamp", room("hall"), carried_by("Bob")));
    assert_eq!(
        state.items_at(&carried_by("Bob")),
        [item("book"), item("iron-key"), item("lamp")]
    );
}

#[test]
fn a_forgotten_item_is_nowhere() {
    let mut state = alice_and_bob_offline();
    state.apply(&Change::ItemCreated {
        item: item("lamp"),
        at: room("hall"),
    });
    state.apply(&Change::ItemForgotten {
        item: item("lamp"),
        from: room("hall"),
    });
    assert_eq!(state.place_of(&item("lamp")), None);
    assert_eq!(state.items_at(&room("hall")), []);
}

#[test]
fn joining_and_leaving_a_channel_updates_the_characters_channels() {
    let mut state = alice_and_bob_offline();
    let channels = |state: &State| state.character(&key("Alice")).unwrap().channels.clone();
    state.apply(&Change::ChannelJoined {
        who: key("Alice"),
        channel: "ooc".to_owned(),
    });
    assert!(channels(&state).contains("ooc"));
    state.apply(&Change::ChannelLeft {
        who: key("Alice"),
        channel: "ooc".to_owned(),
    });
    assert!(channels(&state).is_empty());
}

#[test]
fn time_passing_in_a_world_with_no_timers_changes_nothing() {
    let mut play = Play::with(&["Alice"]);
    let outcome = play.wait(std::time::Duration::from_secs(3600));
    assert_eq!(outcome.reply, Reply::Nothing);
    assert_nothing_happens(&outcome);
    assert_eq!(play.location("Alice"), "hall");
}
