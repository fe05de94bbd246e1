//! The world definition: rooms, exits and items as a world file describes them.
//!
//! A [`World`] is read-only for the whole run; everything players change (where
//! items and characters are) lives in [`crate::game::State`]. Loading is split
//! in the order it happens: [`file`] drives it and reports problems, [`read`]
//! turns the TOML into entries, [`check`] applies the rules and builds the
//! world, and [`warnings`] notes what is legal but probably a mistake.

mod check;
mod direction;
mod file;
mod read;
#[cfg(test)]
mod test_worlds;
mod warnings;

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
    warnings: Vec<String>,
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

    /// What the loader found legal but probably a mistake (a room nobody can
    /// reach, a room with no way out), one line each, naming the file, for
    /// the server to log.
    pub fn warnings(&self) -> &[String] {
        &self.warnings
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

#[cfg(test)]
mod tests {
    use super::test_worlds::{hall_and, load};
    use super::*;

    #[test]
    fn a_minimal_world_loads() {
        let world = load(
            r#"
[world]
name = "The Test Keep"
start = "hall"
motd = "Welcome!"

[[rooms]]
id = "hall"
name = "Great Hall"
description = "A long hall."
exits = { north = "hall" }

[[items]]
id = "lamp"
name = "brass lamp"
aliases = ["lantern"]
description = "A dented brass lamp."
location = "hall"
"#,
        );
        assert_eq!(world.name(), "The Test Keep");
        assert_eq!(world.motd(), Some("Welcome!"));
        assert_eq!(world.start().as_str(), "hall");
        assert_eq!(world.rooms().count(), 1);
        let lamp = world.item("lamp").expect("lamp exists");
        assert_eq!(lamp.location.as_str(), "hall");
        assert!(lamp.portable);
        assert!(world.warnings().is_empty(), "{:?}", world.warnings());
    }

    #[test]
    fn an_exit_is_found_by_its_abbreviation() {
        let world = load(&hall_and(
            r#"exits = { north = "hall", southwest = "hall" }
"#,
        ));
        let hall = world.room("hall").expect("hall exists");
        assert_eq!(hall.exit("n").map(|exit| exit.word.as_str()), Some("north"));
        assert_eq!(
            hall.exit("SW").map(|exit| exit.word.as_str()),
            Some("southwest")
        );
        assert!(hall.exit("s").is_none());
    }

    #[test]
    fn an_exit_written_abbreviated_is_found_by_its_full_name() {
        let world = load(&hall_and(
            r#"exits = { u = "hall" }
"#,
        ));
        let hall = world.room("hall").expect("hall exists");
        assert_eq!(hall.exit("up").map(|exit| exit.word.as_str()), Some("up"));
    }

    #[test]
    fn a_named_exit_is_found_in_any_case() {
        let world = load(&hall_and(
            r#"exits = { trapdoor = "hall" }
"#,
        ));
        let hall = world.room("hall").expect("hall exists");
        assert_eq!(
            hall.exit("Trapdoor").map(|exit| exit.to.as_str()),
            Some("hall")
        );
    }

    #[test]
    fn item_keywords_are_the_name_words_and_aliases_in_lower_case() {
        let world = load(&hall_and(
            r#"exits = { north = "hall" }

[[items]]
id = "lamp"
name = "Brass Lamp"
aliases = ["Lantern", "light"]
description = "A dented brass lamp."
location = "hall"
"#,
        ));
        let lamp = world.item("lamp").expect("lamp exists");
        let keywords: Vec<String> = lamp.keywords().collect();
        assert_eq!(keywords, ["brass", "lamp", "lantern", "light"]);
    }

    #[test]
    fn a_motd_is_reflowed_like_a_description() {
        let world = load(
            r#"
[world]
name = "Keep"
start = "hall"
motd = '''
Welcome
to the Keep.
'''

[[rooms]]
id = "hall"
name = "Hall"
description = "A hall."
exits = { north = "hall" }
"#,
        );
        assert_eq!(world.motd(), Some("Welcome to the Keep."));
    }

    #[test]
    fn the_builtin_world_loads_without_warnings() {
        let world = World::builtin();
        assert!(world.warnings().is_empty(), "{:#?}", world.warnings());
    }

    #[test]
    fn the_builtin_world_is_plain_ascii() {
        assert!(BUILTIN_WORLD.is_ascii());
    }

    #[test]
    fn the_builtin_world_is_big_enough_to_explore() {
        let world = World::builtin();
        let named_exits = world
            .rooms()
            .flat_map(|room| &room.exits)
            .filter(|exit| Direction::parse(&exit.word).is_none())
            .count();
        let scenery = world.items().filter(|item| !item.portable).count();
        assert!(world.rooms().count() >= 20);
        assert!(world.items().count() >= 15);
        assert!(scenery >= 2);
        assert!(named_exits >= 3);
    }

    #[test]
    fn every_passage_in_the_builtin_world_leads_back() {
        let world = World::builtin();
        for room in world.rooms() {
            for exit in &room.exits {
                let there = world.room(exit.to.as_str()).expect("checked by the loader");
                let back = match Direction::parse(&exit.word) {
                    Some(direction) => there.exit(direction.opposite().name()),
                    None => there.exits.iter().find(|back| back.to == room.id),
                };
                assert!(
                    back.is_some_and(|back| back.to == room.id),
                    "{} -{}-> {} has no way back",
                    room.id,
                    exit.word,
                    there.id
                );
            }
        }
    }

    #[test]
    fn the_builtin_world_has_two_items_sharing_a_word_in_one_room() {
        let world = World::builtin();
        let items: Vec<&Item> = world.items().collect();
        let shares_a_word = |a: &Item, b: &Item| {
            let words: Vec<String> = a.keywords().collect();
            b.keywords().any(|word| words.contains(&word))
        };
        let found = items.iter().enumerate().any(|(i, a)| {
            items[i + 1..]
                .iter()
                .any(|b| a.location == b.location && shares_a_word(a, b))
        });
        assert!(found);
    }
}
