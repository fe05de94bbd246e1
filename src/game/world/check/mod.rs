//! The rules a world file must follow beyond its shape, and building the world.
//!
//! Ids are unique and well formed, every reference names a thing that exists
//! (with the nearest id suggested for a typo), exit words are single words
//! with abbreviations written out, durations parse, and every text is present
//! and small enough that a world cannot flood a player's screen. Each rule
//! reports into [`Problems`] and checking goes on, so one run shows the host
//! everything; only a file with no problems is used.
//!
//! The entries are checked one list at a time ([`rooms`], [`items`],
//! [`doors`], [`npcs`], [`triggers`]), each against [`Known`]: every id and
//! exit the file declares, usable or not, so that an entry with a problem of
//! its own does not also make every reference to it a problem.

mod doors;
mod items;
mod npcs;
mod rooms;
mod text;
mod triggers;

use std::collections::{HashMap, HashSet};
use std::time::Duration;

use toml::Spanned;

use super::file::Problems;
use super::read::{Entry, NameFields, Text, WorldFile, WorldSection};
use super::{Name, Parts, World, suggest};
use crate::game::ids::RoomId;

#[cfg(test)]
use text::reflow;
#[cfg(test)]
use text::{ID_MAX, NAME_MAX, TEXT_MAX, WORD_MAX};

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
    check_ids("doors", &file.doors, problems);
    check_ids("npcs", &file.npcs, problems);
    check_ids("triggers", &file.triggers, problems);
    let known = Known::of(&file);
    let mut checker = Checker { problems, known };
    let section = file
        .world
        .and_then(|section| checker.world_section(section));
    let rooms = rooms::check(&mut checker, file.rooms);
    let items = items::check(&mut checker, file.items);
    let doors = doors::check(&mut checker, file.doors);
    let npcs = npcs::check(&mut checker, file.npcs);
    let triggers = triggers::check(&mut checker, file.triggers);
    let (name, motd, start, return_carried_after) = section?;
    Some(World::assemble(Parts {
        name,
        motd,
        start,
        return_carried_after,
        rooms,
        items,
        doors,
        npcs,
        triggers,
    }))
}

/// Ids are checked on every entry that has one, even an entry with other
/// problems, so that a duplicate is reported together with them.
fn check_ids<T>(list: &str, entries: &[Entry<T>], problems: &mut Problems) {
    let mut first_with_id: HashMap<&str, usize> = HashMap::new();
    for entry in entries {
        let Some(id) = &entry.id else { continue };
        let mut report = |what: String| problems.add(Some(&entry.place), Some(id.span()), what);
        if let Some(what) = text::id_problem(id.get_ref()) {
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

/// The ids of one list, in file order (for suggestions) and as a set.
#[derive(Default)]
struct Ids {
    in_order: Vec<String>,
    set: HashSet<String>,
}

impl Ids {
    fn of<T>(entries: &[Entry<T>], keep: impl Fn(&T) -> bool) -> Ids {
        let mut ids = Ids::default();
        for entry in entries.iter().filter(|entry| keep(&entry.fields)) {
            if let Some(id) = &entry.id
                && ids.set.insert(id.get_ref().clone())
            {
                ids.in_order.push(id.get_ref().clone());
            }
        }
        ids
    }

    fn contains(&self, id: &str) -> bool {
        self.set.contains(id)
    }

    fn did_you_mean(&self, id: &str) -> String {
        suggest::did_you_mean(id, self.in_order.iter().map(String::as_str))
    }
}

/// Everything the file declares, to check references against.
struct Known {
    rooms: Ids,
    items: Ids,
    /// Items with `container = true`.
    containers: Ids,
    doors: Ids,
    npcs: Ids,
    /// Each room's exit words, as written and in canonical form.
    exits: HashMap<String, Vec<String>>,
}

impl Known {
    fn of(file: &WorldFile) -> Known {
        let exits = file
            .rooms
            .iter()
            .filter_map(|entry| {
                let words = entry.fields.exits.iter();
                let words = words.map(|(word, _)| text::canonical_exit_word(word.get_ref()));
                Some((entry.id.as_ref()?.get_ref().clone(), words.collect()))
            })
            .collect();
        Known {
            rooms: Ids::of(&file.rooms, |_| true),
            items: Ids::of(&file.items, |_| true),
            containers: Ids::of(&file.items, |item| item.container),
            doors: Ids::of(&file.doors, |_| true),
            npcs: Ids::of(&file.npcs, |_| true),
            exits,
        }
    }
}

/// What a reference other than to a room names.
#[derive(Debug, Clone, Copy)]
enum Kind {
    Item,
    Npc,
    Door,
}

/// Checks entries against each other and against what the file declares.
struct Checker<'p> {
    problems: &'p mut Problems,
    known: Known,
}

type Section = (String, Option<String>, RoomId, Option<Duration>);

impl Checker<'_> {
    fn world_section(&mut self, section: WorldSection) -> Option<Section> {
        let place = "[world]";
        let name = section.name.map(|name| self.name(place, name));
        let motd = section.motd.map(|motd| self.prose(place, "motd", motd));
        let return_carried_after = section
            .return_carried_after
            .and_then(|text| self.duration(place, "return_carried_after", &text));
        if let Some(start) = &section.start
            && !self.known.rooms.set.is_empty()
        {
            self.room_reference(place, "start names", start);
        }
        Some((
            name?,
            motd,
            RoomId::new(section.start?.into_inner()),
            return_carried_after,
        ))
    }

    /// Checks a name and returns it as players see it.
    fn name(&mut self, place: &str, name: Text) -> String {
        self.report(place, &name, text::name_problem("name", name.get_ref()));
        name.into_inner().trim().to_owned()
    }

    /// Checks what an entry says about its name (the name, aliases, article,
    /// plural and whether it is proper) and returns the name with its
    /// aliases; `None` without a usable name.
    fn named(&mut self, place: &str, fields: NameFields) -> Option<(Name, Vec<String>)> {
        for alias in &fields.aliases {
            self.report(place, alias, text::word_problem("alias", alias.get_ref()));
        }
        if let Some(article) = &fields.article {
            self.report(place, article, text::article_problem(article.get_ref()));
            if let Some(proper) = fields.proper.as_ref().filter(|proper| *proper.get_ref()) {
                let what = "a proper name takes no article: remove `article` or `proper`";
                self.problems.add(Some(place), Some(proper.span()), what);
            }
        }
        let plural = fields.plural.map(|plural| {
            let problem = text::name_problem("plural", plural.get_ref());
            self.report(place, &plural, problem);
            plural.into_inner().trim().to_owned()
        });
        let singular = self.name(place, fields.name?);
        let article = fields
            .article
            .map(|article| article.into_inner().trim().to_owned());
        let proper = fields.proper.is_some_and(Spanned::into_inner);
        let name = Name::new(&singular, article.as_deref(), proper, plural.as_deref());
        let aliases = fields.aliases.into_iter().map(Spanned::into_inner);
        Some((name, aliases.collect()))
    }

    /// Checks a description or message and returns it as players see it.
    fn prose(&mut self, place: &str, key: &str, text: Text) -> String {
        let shown = text::reflow(text.get_ref());
        self.report(place, &text, text::prose_problem(key, &shown));
        shown
    }

    /// A duration, or `None` (and a problem) when it does not parse.
    fn duration(&mut self, place: &str, key: &str, value: &Text) -> Option<Duration> {
        let parsed = text::duration(&format!("`{key}`"), value.get_ref());
        self.report(place, value, parsed.as_ref().err().cloned());
        parsed.ok()
    }

    /// `target` must be an existing room; `refers` says what refers to it
    /// (`start names`, `exit "north" leads to`).
    fn room_reference(&mut self, place: &str, refers: &str, target: &Text) -> bool {
        let id = target.get_ref();
        let exists = self.known.rooms.contains(id);
        let what = format!(
            "{refers} room \"{id}\", which does not exist{}",
            self.known.rooms.did_you_mean(id)
        );
        self.report(place, target, (!exists).then_some(what));
        exists
    }

    /// `target` must be the id of an item, NPC or door, as `kind` says;
    /// `refers` says what refers to it (`key names`).
    fn reference(&mut self, place: &str, refers: &str, kind: Kind, target: &Text) -> bool {
        let (ids, kind) = match kind {
            Kind::Item => (&self.known.items, "item"),
            Kind::Npc => (&self.known.npcs, "NPC"),
            Kind::Door => (&self.known.doors, "door"),
        };
        let id = target.get_ref();
        let exists = ids.contains(id);
        let what = format!(
            "{refers} {kind} \"{id}\", which does not exist{}",
            ids.did_you_mean(id)
        );
        self.report(place, target, (!exists).then_some(what));
        exists
    }

    /// Reports `problem`, if there is one, at `value` in `place`.
    fn report<T>(&mut self, place: &str, value: &Spanned<T>, problem: Option<String>) {
        if let Some(what) = problem {
            self.problems.add(Some(place), Some(value.span()), what);
        }
    }
}

#[cfg(test)]
mod tests;
