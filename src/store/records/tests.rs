use super::*;
use crate::game::presence::LINK_DEAD_GRACE;
use crate::game::{Actor, Game, Input, Time, World};
use std::sync::Arc;

const WORLD: &str = r#"
[world]
name = "Two Rooms"
start = "hall"

[[rooms]]
id = "hall"
name = "Hall"
description = "A hall."
exits = { north = "attic" }

[[rooms]]
id = "attic"
name = "Attic"
description = "An attic."
exits = { south = "hall" }

[[items]]
id = "lamp"
name = "lamp"
description = "A lamp."
location = "hall"
"#;

fn game() -> Game {
    let world = Arc::new(World::parse(WORLD, "two-rooms.toml").unwrap());
    Game::restore(world, SavedState::default()).0
}

fn play(game: &mut Game, line: &str) -> Vec<Change> {
    let input = Input::Command(line.to_owned());
    game.handle(&Actor::new("Alice"), input, Time::default())
        .changes
}

#[test]
fn a_record_changed_twice_in_a_group_is_written_once_with_its_final_value() {
    let mut game = game();
    let mut changes = game
        .handle(&Actor::new("Alice"), Input::Enter, Time::default())
        .changes;
    changes.extend(play(&mut game, "take lamp"));
    changes.extend(play(&mut game, "north"));
    changes.extend(play(&mut game, "drop lamp"));
    let writes = writes(&changes, game.state());
    let tables: Vec<(Table, &str)> = writes
        .iter()
        .map(|write| (write.table, write.key.as_str()))
        .collect();
    assert_eq!(
        tables,
        [(Table::Characters, "alice"), (Table::Items, "lamp")]
    );
    let saved = saved_state(
        writes
            .into_iter()
            .map(|write| Record {
                table: write.table,
                key: write.key,
                value: write.value.unwrap(),
            })
            .collect(),
    )
    .unwrap();
    assert_eq!(saved.characters[0].location.as_str(), "attic");
    let lamp = &saved.items[0];
    assert_eq!(
        (lamp.id.as_str(), &lamp.place),
        ("lamp", &Place::Room(RoomId::new("attic")))
    );
}

#[test]
fn an_item_record_from_before_round_two_still_loads() {
    let old = Record {
        table: Table::Items,
        key: "lamp".to_owned(),
        value: br#"{"room":"hall"}"#.to_vec(),
    };
    let saved = saved_state(vec![old]).unwrap();
    assert_eq!(
        saved.items,
        [SavedItem::at(
            ItemId::new("lamp"),
            Place::Room(RoomId::new("hall"))
        )]
    );
}

#[test]
fn an_item_record_keeps_its_place_time_and_switches() {
    let record = ItemRecord {
        place: PlaceRecord::Inside(ItemId::new("chest")),
        since: Time::from_millis(42),
        closed: Some(true),
        lit: None,
    };
    let value = json(&record);
    assert_eq!(
        String::from_utf8_lossy(&value),
        r#"{"inside":"chest","since":42,"closed":true}"#
    );
    let saved = saved_state(vec![Record {
        table: Table::Items,
        key: "coin".to_owned(),
        value,
    }])
    .unwrap();
    assert_eq!(saved.items[0].place, Place::Inside(ItemId::new("chest")));
    assert_eq!(saved.items[0].since, Time::from_millis(42));
    assert_eq!(saved.items[0].closed, Some(true));
}

#[test]
fn doors_flags_and_npcs_are_saved_and_deleted_as_they_change() {
    let mut state = State::default();
    let changes = [
        Change::DoorChanged {
            door: DoorId::new("gate"),
            from: DoorState {
                closed: true,
                locked: true,
            },
            to: DoorState {
                closed: false,
                locked: false,
            },
            when: Time::from_millis(7),
        },
        Change::FlagSet {
            flag: "bell-rung".to_owned(),
        },
        Change::NpcMoved {
            npc: NpcId::new("marta"),
            from: RoomId::new("inn"),
            to: RoomId::new("kitchen"),
        },
    ];
    for change in &changes {
        state.apply(change);
    }
    let stored: Vec<Record> = writes(&changes, &state)
        .into_iter()
        .map(|write| Record {
            table: write.table,
            key: write.key,
            value: write.value.expect("each is there"),
        })
        .collect();
    let saved = saved_state(stored).unwrap();
    assert_eq!(saved.doors[0].id.as_str(), "gate");
    assert!(!saved.doors[0].state.locked);
    assert_eq!(saved.doors[0].since, Time::from_millis(7));
    assert_eq!(saved.flags, ["bell-rung"]);
    assert_eq!(saved.npcs, [(NpcId::new("marta"), RoomId::new("kitchen"))]);

    let cleared = [Change::FlagCleared {
        flag: "bell-rung".to_owned(),
    }];
    state.apply(&cleared[0]);
    assert_eq!(writes(&cleared, &state)[0].value, None);
}

#[test]
fn presence_touches_no_record_but_leaving_the_world_keeps_when() {
    let mut game = game();
    let alice = Actor::new("Alice");
    game.handle(&alice, Input::Enter, Time::default());
    let second = game.handle(&alice, Input::Enter, Time::default());
    assert_eq!(writes(&second.changes, game.state()), []);
    game.handle(&alice, Input::Exit, Time::default());
    let lost = game.handle(&alice, Input::Exit, Time::from_millis(9));
    assert_eq!(writes(&lost.changes, game.state()), [], "link-dead");
    let over = game.tick(Time::from_millis(9) + LINK_DEAD_GRACE);
    let writes = writes(&over.changes, game.state());
    assert_eq!(writes.len(), 1);
    let record: CharacterRecord =
        serde_json::from_slice(writes[0].value.as_ref().unwrap()).unwrap();
    assert_eq!(record.last_seen, Some(Time::from_millis(9)));
}

#[test]
fn a_forgotten_item_is_deleted() {
    let game = game();
    let forgotten = [Change::ItemForgotten {
        item: ItemId::new("gone"),
        from: Place::Room(RoomId::new("hall")),
    }];
    let writes = writes(&forgotten, game.state());
    assert_eq!(writes.len(), 1);
    assert_eq!(writes[0].value, None);
}

#[test]
fn a_damaged_record_is_named() {
    let broken = Record {
        table: Table::Items,
        key: "lamp".to_owned(),
        value: b"{not json".to_vec(),
    };
    let error = saved_state(vec![broken]).unwrap_err();
    assert_eq!((error.table, error.key.as_str()), ("item_places", "lamp"));
}
