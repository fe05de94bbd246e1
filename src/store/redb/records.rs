//! The stored forms of game records, kept apart from the game's own types so
//! the game has no idea how (or whether) it is saved.

use std::collections::BTreeSet;

use serde::{Deserialize, Serialize};

use crate::game::{Place, RoomId, UserKey};

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
