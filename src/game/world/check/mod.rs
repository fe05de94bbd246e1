//! The rules a world file must follow beyond its shape, and building the world.
//!
//! Ids are unique and well formed, every reference names a room that exists,
//! exit words are single words with abbreviations written out, and every text
//! is present and small enough that a world cannot flood a player's screen.
//! Each rule reports into [`Problems`] and checking goes on, so one run shows
//! the host everything; only a file with no problems is used.

use std::collections::{HashMap, HashSet};

use toml::Spanned;

use super::file::Problems;
use super::read::{Entry, ItemFields, RoomFields, WorldFile, WorldSection};
use super::{Direction, Exit, Item, Room, World};
use crate::game::ids::{ItemId, RoomId};

/// The longest id, in characters.
pub(super) const ID_MAX: usize = 64;
/// The longest name (of the world, a room or an item), in characters.
pub(super) const NAME_MAX: usize = 80;
/// The longest exit word or item alias, in characters.
pub(super) const WORD_MAX: usize = 32;
/// The longest description or message of the day, in characters.
pub(super) const TEXT_MAX: usize = 4000;

/// Checks everything the file says and builds the world from what passed.
/// `None` when `[world]` lacks a usable name or start; any other problem is
/// only reported, so the caller must still look at `problems`.
pub(super) fn build(file: WorldFile, problems: &mut Problems) -> Option<World> {
    if file.rooms.is_empty() {
        problems.add(
            None,
            None,
            "a world needs at least one room: add a [[rooms]] table",
        );
    }
    check_ids("rooms", &file.rooms, problems);
    check_ids("items", &file.items, problems);
    let room_ids: HashSet<String> = file
        .rooms
        .iter()
        .filter_map(|entry| entry.id.as_ref().map(|id| id.get_ref().clone()))
        .collect();
    let mut checker = Checker { problems, room_ids };
    let section = file
        .world
        .and_then(|section| checker.world_section(section));
    let rooms = file
        .rooms
        .into_iter()
        .filter_map(|entry| checker.room(entry))
        .collect();
    let items = file
        .items
        .into_iter()
        .filter_map(|entry| checker.item(entry))
        .collect();
    let (name, motd, start) = section?;
    Some(World::assemble(name, motd, start, rooms, items))
}

/// Ids are checked on every entry that has one, even an entry with other
/// problems, so that a duplicate is reported together with them.
fn check_ids<T>(list: &str, entries: &[Entry<T>], problems: &mut Problems) {
    let mut first_with_id: HashMap<&str, usize> = HashMap::new();
    for entry in entries {
        let Some(id) = &entry.id else { continue };
        let mut report = |what: String| problems.add(Some(&entry.place), Some(id.span()), what);
        if let Some(what) = id_problem(id.get_ref()) {
            report(what);
        }
        match first_with_id.get(id.get_ref().as_str()) {
            Some(first) => report(format!(
                "id \"{}\" is already used by {list}[{first}]",
                id.get_ref()
            )),
            None => {
                first_with_id.insert(id.get_ref(), entry.index);
            }
        }
    }
}

/// Checks entries against each other and against the set of room ids.
struct Checker<'p> {
    problems: &'p mut Problems,
    /// The id of every room entry, usable or not, so that a room with a
    /// problem of its own does not also make every exit to it a problem.
    room_ids: HashSet<String>,
}

impl Checker<'_> {
    fn world_section(&mut self, section: WorldSection) -> Option<(String, Option<String>, RoomId)> {
        let place = "[world]";
        let name = section.name.map(|name| self.name(place, name));
        let motd = section.motd.map(|motd| self.prose(place, "motd", motd));
        if let Some(start) = &section.start
            && !self.room_ids.is_empty()
        {
            self.room_reference(place, "start names", start);
        }
        Some((name?, motd, RoomId::new(section.start?.into_inner())))
    }

    fn room(&mut self, entry: Entry<RoomFields>) -> Option<Room> {
        let (place, fields) = (entry.place.as_str(), entry.fields);
        let name = fields.name.map(|name| self.name(place, name));
        let description = fields
            .description
            .map(|description| self.prose(place, "description", description));
        let exits = self.exits(place, fields.exits);
        Some(Room {
            id: RoomId::new(entry.id?.into_inner()),
            name: name?,
            description: description?,
            exits,
        })
    }

    fn exits(&mut self, place: &str, exits: Vec<(Spanned<String>, Spanned<String>)>) -> Vec<Exit> {
        let mut written_as: HashMap<String, String> = HashMap::new();
        let mut checked = Vec::new();
        for (word, target) in exits {
            self.report(place, &word, exit_word_problem(word.get_ref()));
            let canonical = canonical_exit_word(word.get_ref());
            match written_as.get(&canonical) {
                Some(first) => {
                    let what = format!(
                        "exit \"{canonical}\" is written twice, as \"{first}\" and \"{}\"",
                        word.get_ref()
                    );
                    self.report(place, &word, Some(what));
                }
                None => {
                    written_as.insert(canonical.clone(), word.get_ref().clone());
                }
            }
            let leads = format!("exit \"{}\" leads to", word.get_ref());
            self.room_reference(place, &leads, &target);
            checked.push(Exit {
                word: canonical,
                to: RoomId::new(target.into_inner()),
            });
        }
        checked
    }

    fn item(&mut self, entry: Entry<ItemFields>) -> Option<Item> {
        let (place, fields) = (entry.place.as_str(), entry.fields);
        let name = fields.name.map(|name| self.name(place, name));
        for alias in &fields.aliases {
            self.report(place, alias, alias_problem(alias.get_ref()));
        }
        let description = fields
            .description
            .map(|description| self.prose(place, "description", description));
        if let Some(location) = &fields.location {
            self.room_reference(place, "location names", location);
        }
        Some(Item {
            id: ItemId::new(entry.id?.into_inner()),
            name: name?,
            aliases: fields
                .aliases
                .into_iter()
                .map(Spanned::into_inner)
                .collect(),
            description: description?,
            location: RoomId::new(fields.location?.into_inner()),
            portable: fields.portable,
        })
    }

    /// Checks a name and returns it as players see it.
    fn name(&mut self, place: &str, name: Spanned<String>) -> String {
        self.report(place, &name, name_problem("name", name.get_ref()));
        name.into_inner().trim().to_owned()
    }

    /// Checks a description or message and returns it as players see it.
    fn prose(&mut self, place: &str, key: &str, text: Spanned<String>) -> String {
        let shown = reflow(text.get_ref());
        self.report(place, &text, prose_problem(key, &shown));
        shown
    }

    /// `target` must be an existing room; `refers` says what refers to it
    /// (`start names`, `exit "north" leads to`).
    fn room_reference(&mut self, place: &str, refers: &str, target: &Spanned<String>) {
        let missing = !self.room_ids.contains(target.get_ref());
        let what = format!(
            "{refers} room \"{}\", which does not exist",
            target.get_ref()
        );
        self.report(place, target, missing.then_some(what));
    }

    /// Reports `problem`, if there is one, at `value` in `place`.
    fn report(&mut self, place: &str, value: &Spanned<String>, problem: Option<String>) {
        if let Some(what) = problem {
            self.problems.add(Some(place), Some(value.span()), what);
        }
    }
}

fn id_problem(id: &str) -> Option<String> {
    if !is_simple_word(id) {
        Some(format!(
            "id \"{id}\" must be lower-case letters, digits, '_' or '-'"
        ))
    } else {
        too_long("id", id, ID_MAX)
    }
}

fn exit_word_problem(word: &str) -> Option<String> {
    if !is_simple_word(word) {
        Some(format!(
            "exit \"{word}\" must be one lower-case word of letters, digits, '_' or '-'"
        ))
    } else {
        too_long("exit word", word, WORD_MAX)
    }
}

fn alias_problem(alias: &str) -> Option<String> {
    if alias.trim().is_empty() {
        Some("an alias is empty".to_owned())
    } else if alias.contains(char::is_whitespace) {
        Some(format!("alias \"{alias}\" must be one word"))
    } else {
        too_long("alias", alias, WORD_MAX)
    }
}

/// A name (`key` says whose) must be present, on one line, and short.
fn name_problem(key: &str, name: &str) -> Option<String> {
    if name.contains(['\n', '\r']) {
        Some(format!("{key} must be on one line"))
    } else {
        present_and_short(key, name.trim(), NAME_MAX)
    }
}

/// A description or message (`key` says which) must be present and not too long.
fn prose_problem(key: &str, text: &str) -> Option<String> {
    present_and_short(key, text, TEXT_MAX)
}

fn present_and_short(key: &str, text: &str, limit: usize) -> Option<String> {
    if text.is_empty() {
        Some(format!("{key} is empty"))
    } else {
        too_long(key, text, limit)
    }
}

fn too_long(what: &str, text: &str, limit: usize) -> Option<String> {
    let length = text.chars().count();
    (length > limit).then(|| format!("{what} is {length} characters long; the limit is {limit}"))
}

/// `[a-z0-9_-]+`: the form of ids and exit words.
fn is_simple_word(text: &str) -> bool {
    !text.is_empty()
        && text
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'_' || b == b'-')
}

/// A direction's full name for a direction or its abbreviation (`n` is
/// `north`); any other word as written.
fn canonical_exit_word(word: &str) -> String {
    Direction::parse(word).map_or_else(|| word.to_owned(), |direction| direction.name().to_owned())
}

/// Joins the lines of each paragraph with spaces and separates paragraphs by
/// one blank line, so a host can wrap a long description or message in the
/// file however it reads best and players still see running text.
fn reflow(text: &str) -> String {
    let lines: Vec<&str> = text.lines().map(str::trim).collect();
    lines
        .split(|line| line.is_empty())
        .filter(|paragraph| !paragraph.is_empty())
        .map(|paragraph| paragraph.join(" "))
        .collect::<Vec<_>>()
        .join("\n\n")
}

#[cfg(test)]
mod tests;
