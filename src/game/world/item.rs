//! Items: things that lie in rooms, in containers or in someone's hands.

use std::time::Duration;

use super::Name;
use crate::game::change::Place;
use crate::game::ids::{ItemId, NpcId, RoomId};

/// A thing in the world. Where it is now is game state, not part of the definition.
#[derive(Debug)]
pub struct Item {
    pub id: ItemId,
    pub name: Name,
    pub aliases: Vec<String>,
    pub description: String,
    /// Where it starts, and where it goes back to.
    pub location: Location,
    /// `false` for scenery that cannot be picked up.
    pub portable: bool,
    /// Other items can be put in it.
    pub container: Option<Container>,
    /// What `read` shows.
    pub text: Option<String>,
    /// It gives light, when lit.
    pub light: Option<Light>,
    /// Once moved from where it starts, it goes back this long after it was
    /// last left elsewhere or its carrier went offline.
    pub respawn: Option<Duration>,
}

/// Where an item starts: a room, inside a container item, or carried by an NPC.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Location {
    Room(RoomId),
    Container(ItemId),
    Npc(NpcId),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Container {
    /// `None`: always open. `Some(closed)`: it can be opened and closed, and
    /// starts closed or not.
    pub starts_closed: Option<bool>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Light {
    /// `false` for a lantern that must be lit before it gives light.
    pub starts_lit: bool,
}

impl Item {
    /// The words a player may use for this item: the words of its name and
    /// its aliases, lower case.
    pub fn keywords(&self) -> impl Iterator<Item = String> + '_ {
        self.name
            .as_str()
            .split_whitespace()
            .chain(self.aliases.iter().map(String::as_str))
            .map(str::to_lowercase)
    }

    /// Where it starts, as a place in the game's state.
    pub fn start(&self) -> Place {
        self.location.place()
    }

    /// Whether other items can be put in it.
    pub fn is_container(&self) -> bool {
        self.container.is_some()
    }
}

impl Location {
    pub fn place(&self) -> Place {
        match self {
            Location::Room(room) => Place::Room(room.clone()),
            Location::Container(item) => Place::Inside(item.clone()),
            Location::Npc(npc) => Place::Npc(npc.clone()),
        }
    }

    /// The room, when it starts lying in one.
    pub fn room(&self) -> Option<&RoomId> {
        match self {
            Location::Room(room) => Some(room),
            _ => None,
        }
    }
}
