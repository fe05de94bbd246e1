//! The world definition: rooms, exits, items, doors, NPCs and triggers as a
//! world file describes them.
//!
//! A [`World`] is read-only for the whole run; everything players change
//! (where items, characters and NPCs are, which doors are open, which flags
//! are set) lives in [`crate::game::State`]. Loading is split in the order it
//! happens: [`file`] drives it and reports problems, [`read`] turns the TOML
//! into entries, [`check`] applies the rules and builds the world, and
//! [`warnings`] notes what is legal but probably a mistake.

mod check;
mod direction;
mod door;
mod file;
mod item;
mod name;
mod npc;
mod read;
mod room;
mod suggest;
#[cfg(test)]
mod test_worlds;
#[cfg(test)]
mod tests;
mod trigger;
mod warnings;

use std::collections::HashMap;
use std::time::Duration;

pub use direction::Direction;
pub use door::Door;
pub use file::WorldError;
pub use item::{Container, Item, Light, Location};
pub use name::Name;
pub use npc::{Npc, Topic};
pub use room::{Detail, Exit, Room};
pub use trigger::{Conditions, Effects, On, Trigger};

use super::ids::{DoorId, ItemId, NpcId, RoomId};

/// The default world, compiled into the binary.
const BUILTIN_WORLD: &str = include_str!("../../../worlds/default.toml");

/// A loaded, validated world.
#[derive(Debug)]
pub struct World {
    name: String,
    motd: Option<String>,
    start: RoomId,
    return_carried_after: Option<Duration>,
    rooms: Vec<Room>,
    items: Vec<Item>,
    doors: Vec<Door>,
    npcs: Vec<Npc>,
    triggers: Vec<Trigger>,
    room_index: HashMap<RoomId, usize>,
    item_index: HashMap<ItemId, usize>,
    door_index: HashMap<DoorId, usize>,
    npc_index: HashMap<NpcId, usize>,
    /// The door on each blocked exit, by room and exit word.
    door_on_exit: HashMap<(RoomId, String), usize>,
    warnings: Vec<String>,
}

/// Everything a world is made of, as [`check`] hands it over.
pub(super) struct Parts {
    pub name: String,
    pub motd: Option<String>,
    pub start: RoomId,
    pub return_carried_after: Option<Duration>,
    pub rooms: Vec<Room>,
    pub items: Vec<Item>,
    pub doors: Vec<Door>,
    pub npcs: Vec<Npc>,
    pub triggers: Vec<Trigger>,
}

impl World {
    /// Parses and checks a world file's text; `file_name` only labels errors.
    pub fn parse(source: &str, file_name: &str) -> Result<World, WorldError> {
        file::parse(source, file_name)
    }

    /// Reads and checks the world file at `path`.
    pub fn load(path: &std::path::Path) -> Result<World, WorldError> {
        let file_name = path.display().to_string();
        let source = std::fs::read_to_string(path)
            .map_err(|error| WorldError::unreadable(&file_name, &error))?;
        file::parse(&source, &file_name)
    }

    /// The world embedded in the binary.
    pub fn builtin() -> World {
        file::parse(BUILTIN_WORLD, "worlds/default.toml")
            .expect("the built-in world is checked by the test suite")
    }

    fn assemble(parts: Parts) -> World {
        fn index<K: std::hash::Hash + Eq, T>(
            list: &[T],
            id: impl Fn(&T) -> K,
        ) -> HashMap<K, usize> {
            list.iter().enumerate().map(|(i, t)| (id(t), i)).collect()
        }
        let door_on_exit = parts
            .doors
            .iter()
            .enumerate()
            .flat_map(|(i, door)| door.exits.iter().map(move |exit| (exit.clone(), i)))
            .collect();
        World {
            room_index: index(&parts.rooms, |room| room.id.clone()),
            item_index: index(&parts.items, |item| item.id.clone()),
            door_index: index(&parts.doors, |door| door.id.clone()),
            npc_index: index(&parts.npcs, |npc| npc.id.clone()),
            door_on_exit,
            name: parts.name,
            motd: parts.motd,
            start: parts.start,
            return_carried_after: parts.return_carried_after,
            rooms: parts.rooms,
            items: parts.items,
            doors: parts.doors,
            npcs: parts.npcs,
            triggers: parts.triggers,
            warnings: Vec::new(),
        }
    }

    pub fn name(&self) -> &str {
        &self.name
    }

    /// The message of the day shown to players as they enter, if the world has one.
    pub fn motd(&self) -> Option<&str> {
        self.motd.as_deref()
    }

    /// Where new characters appear, where `home` leads, and where anything
    /// stranded by a changed world goes.
    pub fn start(&self) -> &RoomId {
        &self.start
    }

    /// How long a player may be offline before what they carry goes back
    /// where it started; `None`: it stays with them.
    pub fn return_carried_after(&self) -> Option<Duration> {
        self.return_carried_after
    }

    pub fn room(&self, id: &str) -> Option<&Room> {
        self.room_index.get(id).map(|&i| &self.rooms[i])
    }

    /// Every room, in file order.
    pub fn rooms(&self) -> impl Iterator<Item = &Room> {
        self.rooms.iter()
    }

    pub fn item(&self, id: &str) -> Option<&Item> {
        self.item_index.get(id).map(|&i| &self.items[i])
    }

    /// Every item, in file order.
    pub fn items(&self) -> impl Iterator<Item = &Item> {
        self.items.iter()
    }

    pub fn door(&self, id: &str) -> Option<&Door> {
        self.door_index.get(id).map(|&i| &self.doors[i])
    }

    /// Every door, in file order.
    pub fn doors(&self) -> impl Iterator<Item = &Door> {
        self.doors.iter()
    }

    /// The door that blocks the exit `word` of `room`, if one does.
    pub fn door_on(&self, room: &RoomId, word: &str) -> Option<&Door> {
        self.door_on_exit
            .get(&(room.clone(), word.to_owned()))
            .map(|&i| &self.doors[i])
    }

    /// The doors on the exits of `room`, in file order.
    pub fn doors_in<'w>(&'w self, room: &'w RoomId) -> impl Iterator<Item = &'w Door> {
        self.doors.iter().filter(move |door| door.is_in(room))
    }

    pub fn npc(&self, id: &str) -> Option<&Npc> {
        self.npc_index.get(id).map(|&i| &self.npcs[i])
    }

    /// Every NPC, in file order.
    pub fn npcs(&self) -> impl Iterator<Item = &Npc> {
        self.npcs.iter()
    }

    /// Every trigger, in file order.
    pub fn triggers(&self) -> impl Iterator<Item = &Trigger> {
        self.triggers.iter()
    }

    /// Whether `flag` is named by any trigger.
    pub fn knows_flag(&self, flag: &str) -> bool {
        self.triggers.iter().any(|trigger| {
            [
                &trigger.when.needs,
                &trigger.when.unless,
                &trigger.then.set,
                &trigger.then.clear,
            ]
            .into_iter()
            .any(|named| named.as_deref() == Some(flag))
                || trigger.once && trigger.fired_flag() == flag
        })
    }

    /// What the loader found legal but probably a mistake (a room nobody can
    /// reach, a room with no way out), one line each, naming the file, for
    /// the server to log.
    pub fn warnings(&self) -> &[String] {
        &self.warnings
    }
}
