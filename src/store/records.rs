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

use std::borrow::Cow;
use std::collections::{BTreeMap, BTreeSet};

use serde::{Deserialize, Serialize};

use crate::game::{
    AuditEntry, Change, DoorId, DoorState, ItemId, NpcId, Place, Role, RoomId, Sanction,
    SavedCharacter, SavedDoor, SavedItem, SavedState, Standing, State, Time, UserKey,
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
    /// Account key → [`StandingRecord`], for staff and sanctioned accounts.
    Standings,
    /// Entry number ([`audit_key`]) → [`AuditEntry`], the audit log.
    Audit,
}

impl Table {
    /// Every game table, in the order stores list them.
    pub const ALL: &'static [Table] = &[
        Table::Characters,
        Table::Items,
        Table::Doors,
        Table::Flags,
        Table::Npcs,
        Table::Standings,
        Table::Audit,
    ];

    /// The table's name in every store.
    pub fn name(self) -> &'static str {
        match self {
            Table::Characters => "characters",
            Table::Items => "item_places",
            Table::Doors => "doors",
            Table::Flags => "flags",
            Table::Npcs => "npc_places",
            Table::Standings => "standings",
            Table::Audit => "audit",
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

/// An account's role and sanctions; the record exists only while one of
/// them is not the default.
#[derive(Debug, Default, Serialize, Deserialize)]
pub struct StandingRecord {
    #[serde(default, skip_serializing_if = "is_player")]
    pub role: Role,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub mute: Option<Sanction>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ban: Option<Sanction>,
}

fn is_player(role: &Role) -> bool {
    *role == Role::Player
}

/// The key of audit entry `number`: zero-padded, so keys sort as numbers.
pub fn audit_key(number: u64) -> String {
    format!("{number:020}")
}

/// The write that saves `standing` for `who` (deleting it when default):
/// for the game's own saves and for `hearth admin`, which has no game.
pub fn standing_write(who: &UserKey, standing: &Standing) -> RecordWrite {
    RecordWrite {
        table: Table::Standings,
        key: who.as_str().to_owned(),
        value: (!standing.is_default()).then(|| {
            json(&StandingRecord {
                role: standing.role,
                mute: standing.mute.clone(),
                ban: standing.ban.clone(),
            })
        }),
    }
}

/// The write that saves one audit entry.
pub fn audit_write(entry: &AuditEntry) -> RecordWrite {
    RecordWrite {
        table: Table::Audit,
        key: audit_key(entry.number),
        value: Some(json(entry)),
    }
}

/// The standing a stored [`Table::Standings`] record holds.
pub fn standing(key: &str, value: &[u8]) -> Result<Standing, CorruptRecord> {
    let record: StandingRecord = decode(Table::Standings, key, value)?;
    Ok(Standing {
        role: record.role,
        mute: record.mute,
        ban: record.ban,
    })
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
            self.0.insert((table, key.into_owned()));
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
fn touches(change: &Change) -> Option<(Table, Cow<'_, str>)> {
    let (table, key): (Table, &str) = match change {
        Change::CharacterCreated { who, .. }
        | Change::CharacterMoved { who, .. }
        | Change::LastSeen { who, .. }
        | Change::NoteAdded { who, .. }
        | Change::NotesDelivered { who }
        | Change::ChannelJoined { who, .. }
        | Change::ChannelLeft { who, .. } => (Table::Characters, who.as_str()),
        Change::ItemMoved { item, .. }
        | Change::ItemCreated { item, .. }
        | Change::ItemForgotten { item, .. }
        | Change::ContainerClosed { item, .. }
        | Change::LightLit { item, .. } => (Table::Items, item.as_str()),
        Change::DoorChanged { door, .. } | Change::DoorForgotten { door } => {
            (Table::Doors, door.as_str())
        }
        Change::FlagSet { flag } | Change::FlagCleared { flag } => (Table::Flags, flag),
        Change::NpcMoved { npc, .. } | Change::NpcForgotten { npc } => (Table::Npcs, npc.as_str()),
        Change::RoleSet { who, .. } | Change::MuteSet { who, .. } | Change::BanSet { who, .. } => {
            (Table::Standings, who.as_str())
        }
        Change::Audited(entry) => return Some((Table::Audit, Cow::Owned(audit_key(entry.number)))),
        Change::Shouted { .. }
        | Change::SocketOpened { .. }
        | Change::SocketClosed { .. }
        | Change::LinkLost { .. }
        | Change::LinkRestored { .. }
        | Change::GraceExpired { .. } => return None,
    };
    Some((table, Cow::Borrowed(key)))
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
        Table::Standings => {
            let who = UserKey::new(key);
            let standing = state.standing(&who).cloned().unwrap_or_default();
            standing_write(&who, &standing).value
        }
        Table::Audit => key
            .parse()
            .ok()
            .and_then(|number| state.audit_entry(number))
            .map(json),
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
        Table::Standings => {
            let standing = standing(&key, value)?;
            saved.standings.push((UserKey::new(key), standing));
        }
        Table::Audit => {
            let entry: AuditEntry = decode(table, &key, value)?;
            saved.audit.push(entry);
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
mod tests;
