//! How the game's state is saved: as records, one per thing, in a few tables.
//!
//! This is the one place that knows which record a [`Change`] touches and
//! what a record holds, so every store (redb, the in-memory one, Redis)
//! saves and loads exactly the same data and knows nothing about the game.
//!
//! Saving is *state-based*: the engine applies a group of changes to the
//! game first, then asks [`writes`] for the records those changes touched,
//! each read from the state as it is now. A record changed twice in a group
//! is written once, with its final value, and no store ever has to read a
//! record back to update it. Loading goes the other way: [`saved_state`]
//! turns every stored record back into the [`SavedState`] the game restores
//! from.

use std::collections::{BTreeMap, BTreeSet};

use serde::{Deserialize, Serialize};

use crate::game::{
    Change, DoorId, DoorState, ItemId, NpcId, Place, RoomId, SavedCharacter, SavedDoor, SavedItem,
    SavedState, State, Time, UserKey,
};

/// A table of game records. Values are JSON, so a file can be inspected and
/// old records read by new code.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Table {
    /// Account key → [`CharacterRecord`].
    Characters,
    /// Item id → [`ItemRecord`]: where the item is, and how it is.
    Items,
    /// Door id → [`DoorRecord`], for doors that have been used.
    Doors,
    /// Flag name → [`FlagRecord`], for each flag that is set.
    Flags,
    /// NPC id → [`NpcRecord`], for NPCs that have moved.
    Npcs,
}

impl Table {
    /// Every game table, in the order stores list them.
    pub const ALL: &'static [Table] = &[
        Table::Characters,
        Table::Items,
        Table::Doors,
        Table::Flags,
        Table::Npcs,
    ];

    /// The table's name in every store.
    pub fn name(self) -> &'static str {
        match self {
            Table::Characters => "characters",
            Table::Items => "item_places",
            Table::Doors => "doors",
            Table::Flags => "flags",
            Table::Npcs => "npc_places",
        }
    }

    pub fn named(name: &str) -> Option<Table> {
        Table::ALL
            .iter()
            .copied()
            .find(|table| table.name() == name)
    }
}

/// One record to write: its new value, or `None` to delete it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RecordWrite {
    pub table: Table,
    pub key: String,
    pub value: Option<Vec<u8>>,
}

/// One stored record, as a store hands it back.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Record {
    pub table: Table,
    pub key: String,
    pub value: Vec<u8>,
}

#[derive(Debug, Serialize, Deserialize)]
pub struct CharacterRecord {
    pub name: String,
    pub location: RoomId,
    #[serde(default)]
    pub channels: BTreeSet<String>,
    /// When their last connection closed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub last_seen: Option<Time>,
    /// What they are to be told when they next come in.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub notes: Vec<String>,
}

/// Where an item is (`{"room": "hall"}`, the whole record before round 2),
/// since when, and how containers and lights are.
#[derive(Debug, Serialize, Deserialize)]
pub struct ItemRecord {
    #[serde(flatten)]
    pub place: PlaceRecord,
    #[serde(default)]
    pub since: Time,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub closed: Option<bool>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub lit: Option<bool>,
}

#[derive(Debug, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum PlaceRecord {
    Room(RoomId),
    CarriedBy(UserKey),
    Inside(ItemId),
    CarriedByNpc(NpcId),
}

#[derive(Debug, Serialize, Deserialize)]
pub struct DoorRecord {
    pub closed: bool,
    pub locked: bool,
    #[serde(default)]
    pub since: Time,
}

/// A flag is set while its record exists.
#[derive(Debug, Default, Serialize, Deserialize)]
pub struct FlagRecord {}

#[derive(Debug, Serialize, Deserialize)]
pub struct NpcRecord {
    pub location: RoomId,
}

/// A stored record that cannot be read back.
#[derive(Debug, thiserror::Error)]
#[error("the record {key:?} in {table} does not parse: {reason}")]
pub struct CorruptRecord {
    pub table: &'static str,
    pub key: String,
    pub reason: String,
}

/// The records a group of changes touched so far. Changes nothing needs to
/// keep (presence) touch no record.
#[derive(Debug, Default)]
pub struct Touched(BTreeSet<(Table, String)>);

impl Touched {
    pub fn add(&mut self, changes: &[Change]) {
        for (table, key) in changes.iter().filter_map(touches) {
            self.0.insert((table, key.to_owned()));
        }
    }

    /// The writes that save every touched record as `state` has it now
    /// (after the changes were applied).
    pub fn writes(self, state: &State) -> Vec<RecordWrite> {
        self.0
            .into_iter()
            .map(|(table, key)| RecordWrite {
                value: current(table, &key, state),
                table,
                key,
            })
            .collect()
    }
}

/// The records `changes` (already applied to `state`) touched, with their
/// values in `state` now.
pub fn writes(changes: &[Change], state: &State) -> Vec<RecordWrite> {
    let mut touched = Touched::default();
    touched.add(changes);
    touched.writes(state)
}

/// Whether any of `changes` must be saved.
pub fn touches_any(changes: &[Change]) -> bool {
    changes.iter().any(|change| touches(change).is_some())
}

/// The record a change touches, if it must be kept.
fn touches(change: &Change) -> Option<(Table, &str)> {
    match change {
        Change::CharacterCreated { who, .. }
        | Change::CharacterMoved { who, .. }
        | Change::LastSeen { who, .. }
        | Change::NoteAdded { who, .. }
        | Change::NotesDelivered { who }
        | Change::ChannelJoined { who, .. }
        | Change::ChannelLeft { who, .. } => Some((Table::Characters, who.as_str())),
        Change::ItemMoved { item, .. }
        | Change::ItemCreated { item, .. }
        | Change::ItemForgotten { item, .. }
        | Change::ContainerClosed { item, .. }
        | Change::LightLit { item, .. } => Some((Table::Items, item.as_str())),
        Change::DoorChanged { door, .. } | Change::DoorForgotten { door } => {
            Some((Table::Doors, door.as_str()))
        }
        Change::FlagSet { flag } | Change::FlagCleared { flag } => Some((Table::Flags, flag)),
        Change::NpcMoved { npc, .. } | Change::NpcForgotten { npc } => {
            Some((Table::Npcs, npc.as_str()))
        }
        Change::SocketOpened { .. }
        | Change::SocketClosed { .. }
        | Change::LinkLost { .. }
        | Change::LinkRestored { .. }
        | Change::GraceExpired { .. } => None,
    }
}

/// A record's value as `state` has it now; `None` when the thing is gone.
fn current(table: Table, key: &str, state: &State) -> Option<Vec<u8>> {
    match table {
        Table::Characters => state.character(&UserKey::new(key)).map(|character| {
            json(&CharacterRecord {
                name: character.name.clone(),
                location: character.location.clone(),
                channels: character.channels.clone(),
                last_seen: character.last_seen,
                notes: character.notes.clone(),
            })
        }),
        Table::Items => {
            let item = ItemId::new(key);
            state.place_of(&item).map(|place| {
                json(&ItemRecord {
                    place: PlaceRecord::from(place),
                    since: state.item_since(&item),
                    closed: state.is_closed(&item),
                    lit: state.is_lit(&item),
                })
            })
        }
        Table::Doors => state.door(&DoorId::new(key)).map(|door| {
            json(&DoorRecord {
                closed: door.state.closed,
                locked: door.state.locked,
                since: door.since,
            })
        }),
        Table::Flags => state.flag(key).then(|| json(&FlagRecord::default())),
        Table::Npcs => state.npc_location(&NpcId::new(key)).map(|room| {
            json(&NpcRecord {
                location: room.clone(),
            })
        }),
    }
}

/// The saved game the records hold, whatever order they come in.
pub fn saved_state(records: Vec<Record>) -> Result<SavedState, CorruptRecord> {
    let mut saved = SavedState::default();
    let mut by_table: BTreeMap<Table, Vec<Record>> = BTreeMap::new();
    for record in records {
        by_table.entry(record.table).or_default().push(record);
    }
    for (table, records) in by_table {
        for Record { key, value, .. } in records {
            load(&mut saved, table, key, &value)?;
        }
    }
    Ok(saved)
}

/// Adds one record to the saved game.
fn load(
    saved: &mut SavedState,
    table: Table,
    key: String,
    value: &[u8],
) -> Result<(), CorruptRecord> {
    match table {
        Table::Characters => {
            let record: CharacterRecord = decode(table, &key, value)?;
            saved.characters.push(SavedCharacter {
                key: UserKey::new(key),
                name: record.name,
                location: record.location,
                channels: record.channels,
                last_seen: record.last_seen,
                notes: record.notes,
            });
        }
        Table::Items => {
            let record: ItemRecord = decode(table, &key, value)?;
            saved.items.push(SavedItem {
                id: ItemId::new(key),
                place: record.place.into(),
                since: record.since,
                closed: record.closed,
                lit: record.lit,
            });
        }
        Table::Doors => {
            let record: DoorRecord = decode(table, &key, value)?;
            saved.doors.push(SavedDoor {
                id: DoorId::new(key),
                state: DoorState {
                    closed: record.closed,
                    locked: record.locked,
                },
                since: record.since,
            });
        }
        Table::Flags => {
            decode::<FlagRecord>(table, &key, value)?;
            saved.flags.push(key);
        }
        Table::Npcs => {
            let record: NpcRecord = decode(table, &key, value)?;
            saved.npcs.push((NpcId::new(key), record.location));
        }
    }
    Ok(())
}

/// Checks that a stored value is a record its table can hold.
pub fn check(table: Table, key: &str, value: &[u8]) -> Result<(), CorruptRecord> {
    load(&mut SavedState::default(), table, key.to_owned(), value)
}

fn decode<T: serde::de::DeserializeOwned>(
    table: Table,
    key: &str,
    value: &[u8],
) -> Result<T, CorruptRecord> {
    serde_json::from_slice(value).map_err(|error| CorruptRecord {
        table: table.name(),
        key: key.to_owned(),
        reason: error.to_string(),
    })
}

/// A value as stored: JSON.
pub fn json(value: &impl Serialize) -> Vec<u8> {
    serde_json::to_vec(value).expect("records always serialize")
}

impl From<&Place> for PlaceRecord {
    fn from(place: &Place) -> Self {
        match place {
            Place::Room(room) => PlaceRecord::Room(room.clone()),
            Place::Carried(who) => PlaceRecord::CarriedBy(who.clone()),
            Place::Inside(item) => PlaceRecord::Inside(item.clone()),
            Place::Npc(npc) => PlaceRecord::CarriedByNpc(npc.clone()),
        }
    }
}

impl From<PlaceRecord> for Place {
    fn from(record: PlaceRecord) -> Self {
        match record {
            PlaceRecord::Room(room) => Place::Room(room),
            PlaceRecord::CarriedBy(who) => Place::Carried(who),
            PlaceRecord::Inside(item) => Place::Inside(item),
            PlaceRecord::CarriedByNpc(npc) => Place::Npc(npc),
        }
    }
}

#[cfg(test)]
mod tests {
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
}
