//! The world definition: rooms, exits and items as a world file describes them.
//!
//! A [`World`] is read-only for the whole run; everything players change (where
//! items and characters are) lives in [`crate::game::State`]. Loading and the
//! checks that make a bad file fail with a useful message live in [`file`].

mod direction;
mod file;

use std::collections::HashMap;

pub use direction::Direction;
pub use file::WorldError;

use super::ids::{ItemId, RoomId};

/// The default world, compiled into the binary.
const BUILTIN_WORLD: &str = include_str!("../../../worlds/default.toml");

/// A loaded, validated world.
#[derive(Debug)]
pub struct World {
    name: String,
    motd: Option<String>,
    start: RoomId,
    rooms: Vec<Room>,
    items: Vec<Item>,
    room_index: HashMap<RoomId, usize>,
    item_index: HashMap<ItemId, usize>,
}

/// A place players can be in.
#[derive(Debug)]
pub struct Room {
    pub id: RoomId,
    pub name: String,
    pub description: String,
    /// In the order the world file lists them.
    pub exits: Vec<Exit>,
}

/// A one-way passage out of a room.
#[derive(Debug)]
pub struct Exit {
    /// The canonical word: a full direction name (`north`, never `n`) or any
    /// other word the world uses (`gate`), always lower case.
    pub word: String,
    pub to: RoomId,
}

/// A thing in the world. Where it is now is game state, not part of the definition.
#[derive(Debug)]
pub struct Item {
    pub id: ItemId,
    pub name: String,
    pub aliases: Vec<String>,
    pub description: String,
    /// The room it starts in.
    pub location: RoomId,
    /// `false` for scenery that cannot be picked up.
    pub portable: bool,
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

    fn assemble(
        name: String,
        motd: Option<String>,
        start: RoomId,
        rooms: Vec<Room>,
        items: Vec<Item>,
    ) -> World {
        let room_index = rooms
            .iter()
            .enumerate()
            .map(|(i, room)| (room.id.clone(), i))
            .collect();
        let item_index = items
            .iter()
            .enumerate()
            .map(|(i, item)| (item.id.clone(), i))
            .collect();
        World {
            name,
            motd,
            start,
            rooms,
            items,
            room_index,
            item_index,
        }
    }

    pub fn name(&self) -> &str {
        &self.name
    }

    /// The message of the day shown to players as they enter, if the world has one.
    pub fn motd(&self) -> Option<&str> {
        self.motd.as_deref()
    }

    /// Where new characters appear, and where anything stranded by a changed world goes.
    pub fn start(&self) -> &RoomId {
        &self.start
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
}

impl Room {
    /// The exit a player means by `word`: a full direction, its abbreviation
    /// (`n` finds `north`) or a named exit, in any case.
    pub fn exit(&self, word: &str) -> Option<&Exit> {
        match Direction::parse(word) {
            Some(direction) => self.exits.iter().find(|exit| exit.word == direction.name()),
            None => self
                .exits
                .iter()
                .find(|exit| exit.word.eq_ignore_ascii_case(word)),
        }
    }
}

impl Item {
    /// The words a player may use for this item: the words of its name and
    /// its aliases, lower case.
    pub fn keywords(&self) -> impl Iterator<Item = String> + '_ {
        self.name
            .split_whitespace()
            .chain(self.aliases.iter().map(String::as_str))
            .map(str::to_lowercase)
    }
}
