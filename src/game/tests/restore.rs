//! `State::restore`: saved state reconciled with a world file that may have
//! changed since it was saved.

use std::collections::BTreeSet;

use super::*;
use crate::game::{Input, SavedCharacter, SavedItem};

fn saved_character(name: &str, location: &str) -> SavedCharacter {
    SavedCharacter {
        channels: BTreeSet::from(["ooc".to_owned()]),
        ..SavedCharacter::new(key(name), name, RoomId::new(location))
    }
}

/// Every item of the test keep where the file puts it, as a store saves it.
fn items_as_in_the_file() -> Vec<SavedItem> {
    keep()
        .items()
        .map(|item| SavedItem::at(item.id.clone(), item.start()))
        .collect()
}

/// The saved state with the item `id` somewhere else.
fn items_with(id: &str, place: Place) -> Vec<SavedItem> {
    let mut items = items_as_in_the_file();
    items.retain(|item| item.id.as_str() != id);
    items.push(SavedItem::at(ItemId::new(id), place));
    items
}

fn restore(saved: SavedState) -> (State, Vec<Change>) {
    State::restore(&keep(), saved)
}

#[test]
fn a_first_start_places_every_item_where_the_file_puts_it() {
    let (state, changes) = restore(SavedState::default());
    assert_eq!(state.place_of(&ItemId::new("book")), Some(&room("library")));
    assert_eq!(
        changes[0],
        Change::ItemCreated {
            item: ItemId::new("lamp"),
            at: room("hall"),
        }
    );
    assert_eq!(changes.len(), keep().items().count());
}

#[test]
fn an_unchanged_world_restores_with_no_changes() {
    let saved = SavedState {
        characters: vec![saved_character("Alice", "kitchen")],
        items: items_with("lamp", carried_by("Alice")),
        ..SavedState::default()
    };
    let (_, changes) = restore(saved);
    assert_eq!(changes, []);
}

#[test]
fn saved_characters_keep_their_name_room_and_channels_but_are_offline() {
    let saved = SavedState {
        characters: vec![saved_character("Alice", "kitchen")],
        items: items_as_in_the_file(),
        ..SavedState::default()
    };
    let (state, _) = restore(saved);
    let alice = state.character(&key("Alice")).expect("Alice is restored");
    assert_eq!(alice.name, "Alice");
    assert_eq!(alice.location, RoomId::new("kitchen"));
    assert_eq!(alice.channels, BTreeSet::from(["ooc".to_owned()]));
    assert!(!alice.is_online());
    assert_eq!(state.online_count(), 0);
}

#[test]
fn saved_items_keep_their_places() {
    let saved = SavedState {
        characters: vec![saved_character("Alice", "hall")],
        items: items_with("lamp", carried_by("Alice")),
        ..SavedState::default()
    };
    let (state, _) = restore(saved);
    assert_eq!(
        state.place_of(&ItemId::new("lamp")),
        Some(&carried_by("Alice"))
    );
    assert_eq!(state.items_at(&carried_by("Alice")), [ItemId::new("lamp")]);
}

#[test]
fn a_character_in_a_room_that_no_longer_exists_goes_to_the_start_room() {
    let saved = SavedState {
        characters: vec![saved_character("Alice", "tower")],
        items: items_as_in_the_file(),
        ..SavedState::default()
    };
    let (state, changes) = restore(saved);
    let alice = state.character(&key("Alice")).expect("Alice is restored");
    assert_eq!(alice.location, RoomId::new("hall"));
    assert_eq!(
        changes[0],
        Change::CharacterMoved {
            who: key("Alice"),
            from: RoomId::new("tower"),
            to: RoomId::new("hall"),
        }
    );
    assert_eq!(alice.notes.len(), 1, "and she is told why");
    assert!(
        alice.notes[0].contains("back in Great Hall"),
        "{:?}",
        alice.notes
    );
}

#[test]
fn an_item_in_a_room_that_no_longer_exists_goes_to_the_start_room() {
    let saved = SavedState {
        characters: vec![],
        items: items_with("book", room("tower")),
        ..SavedState::default()
    };
    let (state, changes) = restore(saved);
    assert_eq!(state.place_of(&ItemId::new("book")), Some(&room("hall")));
    assert_eq!(
        changes,
        [item_moved_at(
            "book",
            room("tower"),
            room("hall"),
            Time::default()
        )]
    );
}

#[test]
fn an_item_carried_by_a_character_no_longer_saved_goes_to_the_start_room() {
    let saved = SavedState {
        characters: vec![],
        items: items_with("lamp", carried_by("Ghost")),
        ..SavedState::default()
    };
    let (state, changes) = restore(saved);
    assert_eq!(state.place_of(&ItemId::new("lamp")), Some(&room("hall")));
    assert_eq!(
        changes,
        [item_moved_at(
            "lamp",
            carried_by("Ghost"),
            room("hall"),
            Time::default()
        )]
    );
}

#[test]
fn a_new_item_appears_where_the_file_puts_it() {
    let saved = SavedState {
        characters: vec![],
        items: items_as_in_the_file()
            .into_iter()
            .filter(|item| item.id.as_str() != "book")
            .collect(),
        ..SavedState::default()
    };
    let (state, changes) = restore(saved);
    assert_eq!(state.place_of(&ItemId::new("book")), Some(&room("library")));
    assert_eq!(
        changes,
        [Change::ItemCreated {
            item: ItemId::new("book"),
            at: room("library"),
        }]
    );
}

#[test]
fn an_item_no_longer_in_the_world_is_forgotten() {
    let saved = SavedState {
        characters: vec![saved_character("Alice", "hall")],
        items: items_with("sword", carried_by("Alice")),
        ..SavedState::default()
    };
    let (state, changes) = restore(saved);
    assert_eq!(state.place_of(&ItemId::new("sword")), None);
    assert_eq!(state.items_at(&carried_by("Alice")), []);
    assert_eq!(
        changes[0],
        Change::ItemForgotten {
            item: ItemId::new("sword"),
            from: carried_by("Alice"),
        }
    );
    let alice = state.character(&key("Alice")).expect("Alice is restored");
    assert_eq!(
        alice.notes,
        ["The world has changed: \"sword\" you carried no longer exists in it."]
    );
}

#[test]
fn a_restored_character_enters_without_being_created_again() {
    let saved = SavedState {
        characters: vec![saved_character("Alice", "kitchen")],
        items: items_as_in_the_file(),
        ..SavedState::default()
    };
    let (mut game, _) = Game::restore(keep(), saved);
    let outcome = game.handle(&Actor::new("Alice"), Input::Enter, START);
    assert_eq!(
        outcome.changes,
        [Change::SocketOpened { who: key("Alice") }]
    );
    let alice = game.state().character(&key("Alice"));
    assert_eq!(alice.map(|c| c.location.as_str()), Some("kitchen"));
}

mod living_world {
    use super::*;
    use crate::game::{DoorId, DoorState, NpcId, SavedDoor};

    fn restore_town(saved: SavedState) -> (State, Vec<Change>) {
        State::restore(&town::town(), saved)
    }

    #[test]
    fn doors_npcs_and_flags_as_saved_are_kept() {
        let open = DoorState {
            closed: false,
            locked: false,
        };
        let saved = SavedState {
            doors: vec![SavedDoor {
                id: DoorId::new("trapdoor"),
                state: open,
                since: START,
            }],
            npcs: vec![(NpcId::new("marta"), RoomId::new("kitchen"))],
            flags: vec!["key-returned".to_owned()],
            ..SavedState::default()
        };
        let (state, _) = restore_town(saved);
        assert_eq!(state.door(&DoorId::new("trapdoor")).unwrap().state, open);
        assert_eq!(
            state.npc_location(&NpcId::new("marta")),
            Some(&RoomId::new("kitchen"))
        );
        assert!(state.flag("key-returned"));
    }

    #[test]
    fn what_the_save_does_not_mention_is_as_the_file_writes_it() {
        let (state, _) = restore_town(SavedState::default());
        let trapdoor = state.door(&DoorId::new("trapdoor")).unwrap().state;
        assert!(trapdoor.closed && trapdoor.locked);
        assert_eq!(
            state.npc_location(&NpcId::new("marta")),
            Some(&RoomId::new("inn"))
        );
        assert_eq!(state.is_closed(&ItemId::new("chest")), Some(true));
        assert_eq!(state.is_lit(&ItemId::new("lantern")), Some(false));
        assert_eq!(
            state.place_of(&ItemId::new("ring")),
            Some(&Place::Inside(ItemId::new("chest")))
        );
    }

    #[test]
    fn doors_npcs_and_flags_the_world_no_longer_names_are_forgotten() {
        let saved = SavedState {
            doors: vec![SavedDoor {
                id: DoorId::new("portcullis"),
                state: DoorState {
                    closed: false,
                    locked: false,
                },
                since: START,
            }],
            npcs: vec![(NpcId::new("ghost"), RoomId::new("inn"))],
            flags: vec!["dragon-slain".to_owned(), "fired:key-returned".to_owned()],
            ..SavedState::default()
        };
        let (state, changes) = restore_town(saved);
        for forgotten in [
            Change::DoorForgotten {
                door: DoorId::new("portcullis"),
            },
            Change::NpcForgotten {
                npc: NpcId::new("ghost"),
            },
            Change::FlagCleared {
                flag: "dragon-slain".to_owned(),
            },
        ] {
            assert!(changes.contains(&forgotten), "{forgotten:?} in {changes:?}");
        }
        assert!(
            state.flag("fired:key-returned"),
            "the once trigger still exists"
        );
    }

    #[test]
    fn an_npc_in_a_room_that_no_longer_exists_goes_back_where_the_file_puts_it() {
        let saved = SavedState {
            npcs: vec![(NpcId::new("marta"), RoomId::new("stables"))],
            ..SavedState::default()
        };
        let (state, _) = restore_town(saved);
        assert_eq!(
            state.npc_location(&NpcId::new("marta")),
            Some(&RoomId::new("inn"))
        );
    }

    #[test]
    fn an_item_in_a_container_that_no_longer_exists_goes_to_the_start_room() {
        let saved = SavedState {
            items: vec![SavedItem::at(
                ItemId::new("ring"),
                Place::Inside(ItemId::new("strongbox")),
            )],
            ..SavedState::default()
        };
        let (state, _) = restore_town(saved);
        assert_eq!(state.place_of(&ItemId::new("ring")), Some(&room("square")));
    }
}
