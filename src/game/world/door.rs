//! Doors: things that block exits until they are opened, perhaps locked
//! with a key.

use std::time::Duration;

use super::Name;
use crate::game::ids::{DoorId, ItemId, RoomId};

#[derive(Debug)]
pub struct Door {
    pub id: DoorId,
    pub name: Name,
    pub aliases: Vec<String>,
    pub description: Option<String>,
    /// The exits it blocks: usually one on each side.
    pub exits: Vec<(RoomId, String)>,
    /// How it starts, and what it goes back to.
    pub closed: bool,
    pub locked: bool,
    /// The item that locks and unlocks it, when carried.
    pub key: Option<ItemId>,
    /// It goes back to how it starts this long after it was last opened,
    /// closed, locked or unlocked.
    pub reset_after: Option<Duration>,
}

impl Door {
    /// The words a player may use for it: the words of its name and its
    /// aliases, lower case.
    pub fn keywords(&self) -> impl Iterator<Item = String> + '_ {
        self.name
            .as_str()
            .split_whitespace()
            .chain(self.aliases.iter().map(String::as_str))
            .map(str::to_lowercase)
    }

    /// Whether it blocks the exit `word` of `room`.
    pub fn blocks(&self, room: &RoomId, word: &str) -> bool {
        self.exits
            .iter()
            .any(|(side, exit)| side == room && exit == word)
    }

    /// Whether one of its exits leads out of `room`.
    pub fn is_in(&self, room: &RoomId) -> bool {
        self.exits.iter().any(|(side, _)| side == room)
    }
}
