//! What the store hands back at start-up: the game as it was saved, before
//! it is reconciled with the world file.

use std::collections::BTreeSet;

use crate::game::audit::AuditEntry;
use crate::game::change::{DoorState, Place};
use crate::game::clock::Time;
use crate::game::ids::{DoorId, ItemId, NpcId, RoomId, UserKey};
use crate::game::standing::Standing;

#[derive(Debug, Default, Clone)]
pub struct SavedState {
    pub characters: Vec<SavedCharacter>,
    pub items: Vec<SavedItem>,
    /// Doors as they were left; a door not listed is as the world file says.
    pub doors: Vec<SavedDoor>,
    /// The flags that are set.
    pub flags: Vec<String>,
    /// Where NPCs are; an NPC not listed is where the world file puts it.
    pub npcs: Vec<(NpcId, RoomId)>,
    /// Accounts that are staff or sanctioned; the rest are plain players.
    pub standings: Vec<(UserKey, Standing)>,
    /// The audit log, in any order (each entry has its number).
    pub audit: Vec<AuditEntry>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SavedCharacter {
    pub key: UserKey,
    pub name: String,
    pub location: RoomId,
    pub channels: BTreeSet<String>,
    /// When their last connection closed; `None` if never saved.
    pub last_seen: Option<Time>,
    /// What they are still to be told.
    pub notes: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SavedItem {
    pub id: ItemId,
    pub place: Place,
    /// When it got there.
    pub since: Time,
    /// For a container that opens and closes.
    pub closed: Option<bool>,
    /// For a light.
    pub lit: Option<bool>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SavedDoor {
    pub id: DoorId,
    pub state: DoorState,
    /// When it was last opened, closed, locked or unlocked.
    pub since: Time,
}

impl SavedCharacter {
    /// A character saved with nothing but a name, a room and channels.
    pub fn new(key: UserKey, name: &str, location: RoomId) -> SavedCharacter {
        SavedCharacter {
            key,
            name: name.to_owned(),
            location,
            channels: BTreeSet::new(),
            last_seen: None,
            notes: Vec::new(),
        }
    }
}

impl SavedItem {
    /// An item saved at `place`, with no time and nothing switched.
    pub fn at(id: ItemId, place: Place) -> SavedItem {
        SavedItem {
            id,
            place,
            since: Time::default(),
            closed: None,
            lit: None,
        }
    }
}
