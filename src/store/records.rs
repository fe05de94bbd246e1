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

use crate::game::{Change, ItemId, Place, RoomId, SavedCharacter, SavedState, State, UserKey};

/// A table of game records. Values are JSON, so a file can be inspected and
/// old records read by new code.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Table {
    /// Account key → [`CharacterRecord`].
    Characters,
    /// Item id → [`PlaceRecord`]: where the item is.
    Items,
}

impl Table {
    /// Every game table, in the order stores list them.
    pub const ALL: &'static [Table] = &[Table::Characters, Table::Items];

    /// The table's name in every store.
    pub fn name(self) -> &'static str {
        match self {
            Table::Characters => "characters",
            Table::Items => "item_places",
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
}

#[derive(Debug, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum PlaceRecord {
    Room(RoomId),
    CarriedBy(UserKey),
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
        | Change::ChannelJoined { who, .. }
        | Change::ChannelLeft { who, .. } => Some((Table::Characters, who.as_str())),
        Change::ItemMoved { item, .. }
        | Change::ItemCreated { item, .. }
        | Change::ItemForgotten { item, .. } => Some((Table::Items, item.as_str())),
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
            })
        }),
        Table::Items => state
            .place_of(&ItemId::new(key))
            .map(|place| json(&PlaceRecord::from(place))),
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
            match table {
                Table::Characters => {
                    let record: CharacterRecord = decode(table, &key, &value)?;
                    saved.characters.push(SavedCharacter {
                        key: UserKey::new(key),
                        name: record.name,
                        location: record.location,
                        channels: record.channels,
                    });
                }
                Table::Items => {
                    let record: PlaceRecord = decode(table, &key, &value)?;
                    saved.items.push((ItemId::new(key), record.into()));
                }
            }
        }
    }
    Ok(saved)
}

/// Checks that a stored value is a record its table can hold.
pub fn check(table: Table, key: &str, value: &[u8]) -> Result<(), CorruptRecord> {
    match table {
        Table::Characters => decode::<CharacterRecord>(table, key, value).map(drop),
        Table::Items => decode::<PlaceRecord>(table, key, value).map(drop),
    }
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
        }
    }
}

impl From<PlaceRecord> for Place {
    fn from(record: PlaceRecord) -> Self {
        match record {
            PlaceRecord::Room(room) => Place::Room(room),
            PlaceRecord::CarriedBy(who) => Place::Carried(who),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
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
        assert_eq!(
            saved.items,
            [(ItemId::new("lamp"), Place::Room(RoomId::new("attic")))]
        );
    }

    #[test]
    fn presence_touches_no_record() {
        let mut game = game();
        game.handle(&Actor::new("Alice"), Input::Enter, Time::default());
        let exit = game.handle(&Actor::new("Alice"), Input::Exit, Time::default());
        assert_eq!(writes(&exit.changes, game.state()), []);
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
