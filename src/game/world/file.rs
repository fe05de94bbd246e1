//! Reading a world file: the TOML schema and the checks a host relies on.
//!
//! The loader is a user interface. Every problem names the file, the entry
//! (`rooms[3] (id "tower")`) and what is wrong, all problems are reported at
//! once, and unknown keys are errors so a typo is never silently ignored.

use std::collections::HashSet;
use std::fmt;

use serde::Deserialize;

use super::{Direction, Exit, Item, Room, World};
use crate::game::ids::{ItemId, RoomId};

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct WorldFile {
    world: WorldSection,
    #[serde(default)]
    rooms: Vec<RoomEntry>,
    #[serde(default)]
    items: Vec<ItemEntry>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct WorldSection {
    name: String,
    start: String,
    motd: Option<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RoomEntry {
    id: String,
    name: String,
    description: String,
    #[serde(default)]
    exits: toml::Table,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct ItemEntry {
    id: String,
    name: String,
    #[serde(default)]
    aliases: Vec<String>,
    description: String,
    location: String,
    #[serde(default = "portable_by_default")]
    portable: bool,
}

fn portable_by_default() -> bool {
    true
}

/// Why a world file could not be used.
#[derive(Debug, thiserror::Error)]
pub struct WorldError {
    file: String,
    problems: Vec<String>,
}

impl WorldError {
    pub(super) fn unreadable(file: &str, error: &std::io::Error) -> Self {
        Self {
            file: file.to_owned(),
            problems: vec![format!("cannot be read: {error}")],
        }
    }

    /// Each problem as one line, without the file name.
    pub fn problems(&self) -> &[String] {
        &self.problems
    }
}

impl fmt::Display for WorldError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.problems.as_slice() {
            [one] => write!(f, "world file {}: {one}", self.file),
            many => {
                write!(f, "world file {} has {} problems:", self.file, many.len())?;
                many.iter()
                    .try_for_each(|problem| write!(f, "\n  - {problem}"))
            }
        }
    }
}

pub(super) fn parse(source: &str, file_name: &str) -> Result<World, WorldError> {
    let fail = |problems: Vec<String>| WorldError {
        file: file_name.to_owned(),
        problems,
    };
    let file: WorldFile =
        toml::from_str(source).map_err(|error| fail(vec![describe_toml_error(source, &error)]))?;
    let mut problems = Vec::new();
    let world = check(file, &mut problems);
    if problems.is_empty() {
        Ok(world)
    } else {
        Err(fail(problems))
    }
}

fn describe_toml_error(source: &str, error: &toml::de::Error) -> String {
    let message = error.message().trim_end();
    match error.span() {
        Some(span) => {
            let line = source[..span.start].matches('\n').count() + 1;
            format!("line {line}: {message}")
        }
        None => message.to_owned(),
    }
}

fn is_id(text: &str) -> bool {
    !text.is_empty()
        && text
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'_' || b == b'-')
}

fn check(file: WorldFile, problems: &mut Vec<String>) -> World {
    let room_ids: HashSet<String> = file.rooms.iter().map(|room| room.id.clone()).collect();
    if file.rooms.is_empty() {
        problems.push("a world needs at least one [[rooms]] entry".to_owned());
    }
    if file.world.name.trim().is_empty() {
        problems.push("[world] name is empty".to_owned());
    }
    if !file.rooms.is_empty() && !room_ids.contains(&file.world.start) {
        problems.push(format!(
            "[world] start names room \"{}\", which does not exist",
            file.world.start
        ));
    }

    let mut seen_rooms = HashSet::new();
    let rooms = file
        .rooms
        .into_iter()
        .enumerate()
        .map(|(index, entry)| {
            let mut problem = |what: String| {
                problems.push(format!("rooms[{index}] (id \"{}\"): {what}", entry.id))
            };
            if !is_id(&entry.id) {
                problem("the id must be lower-case letters, digits, '_' or '-'".to_owned());
            }
            if !seen_rooms.insert(entry.id.clone()) {
                problem("another room already has this id".to_owned());
            }
            if entry.name.trim().is_empty() {
                problem("name is empty".to_owned());
            }
            let mut exits: Vec<Exit> = Vec::new();
            for (word, target) in &entry.exits {
                let lower = word.to_ascii_lowercase();
                let canonical =
                    Direction::parse(&lower).map_or(lower.clone(), |d| d.name().to_owned());
                if !is_id(&lower) {
                    problem(format!(
                        "exit \"{word}\" must be one word of letters, digits, '_' or '-'"
                    ));
                }
                let Some(target) = target.as_str() else {
                    problem(format!("exit \"{word}\" must name a room id as a string"));
                    continue;
                };
                if !room_ids.contains(target) {
                    problem(format!(
                        "exit \"{word}\" leads to room \"{target}\", which does not exist"
                    ));
                }
                if exits.iter().any(|exit| exit.word == canonical) {
                    problem(format!(
                        "exit \"{word}\" is listed twice (as \"{canonical}\")"
                    ));
                }
                exits.push(Exit {
                    word: canonical,
                    to: RoomId::new(target),
                });
            }
            Room {
                id: RoomId::new(entry.id),
                name: entry.name,
                description: entry.description.trim().to_owned(),
                exits,
            }
        })
        .collect();

    let mut seen_items = HashSet::new();
    let items = file
        .items
        .into_iter()
        .enumerate()
        .map(|(index, entry)| {
            let mut problem = |what: String| {
                problems.push(format!("items[{index}] (id \"{}\"): {what}", entry.id))
            };
            if !is_id(&entry.id) {
                problem("the id must be lower-case letters, digits, '_' or '-'".to_owned());
            }
            if !seen_items.insert(entry.id.clone()) {
                problem("another item already has this id".to_owned());
            }
            if entry.name.trim().is_empty() {
                problem("name is empty".to_owned());
            }
            if !room_ids.contains(&entry.location) {
                problem(format!(
                    "location names room \"{}\", which does not exist",
                    entry.location
                ));
            }
            if entry.aliases.iter().any(|alias| alias.trim().is_empty()) {
                problem("an alias is empty".to_owned());
            }
            Item {
                id: ItemId::new(entry.id),
                name: entry.name,
                aliases: entry.aliases,
                description: entry.description.trim().to_owned(),
                location: RoomId::new(entry.location),
                portable: entry.portable,
            }
        })
        .collect();

    World::assemble(
        file.world.name,
        file.world.motd,
        RoomId::new(file.world.start),
        rooms,
        items,
    )
}
