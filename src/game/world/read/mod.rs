//! Reading a world file's TOML into entries, remembering where each value was written.
//!
//! Serde's derived structs stop at the first problem, but a host fixing a
//! world wants every typo at once. So each table is read key by key with
//! [`Fields`]: every missing, mistyped or unknown key becomes a problem with
//! its line, and the table's other keys are still read. Serde still turns
//! each single value into a Rust type.

mod entries;
mod fields;

use std::collections::HashSet;

use toml::Spanned;
use toml::de::{DeTable, DeValue};

pub(super) use entries::{
    DoorFields, Entry, ItemFields, NameFields, NpcFields, Pairs, RoomFields, Text, TriggerFields,
    WorldSection,
};
use fields::Fields;

use super::file::Problems;

/// What a world file says, in the shape the format asks for but not yet
/// checked against its rules.
pub(super) struct WorldFile {
    /// `None` when the section is missing or not a table (already reported).
    pub world: Option<WorldSection>,
    pub rooms: Vec<Entry<RoomFields>>,
    pub items: Vec<Entry<ItemFields>>,
    pub doors: Vec<Entry<DoorFields>>,
    pub npcs: Vec<Entry<NpcFields>>,
    pub triggers: Vec<Entry<TriggerFields>>,
}

/// How problems name an entry of a list: `rooms[3] (id "tower")`, or
/// `rooms[3]` while it has no usable id.
pub(super) fn entry_place(list: &str, index: usize, id: Option<&str>) -> String {
    match id {
        Some(id) => format!("{list}[{index}] (id \"{id}\")"),
        None => format!("{list}[{index}]"),
    }
}

/// Whether the entries of a list must have an `id`.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Ids {
    Required,
    Optional,
}

/// Reads the file's TOML. `None` when it is not valid TOML: every syntax
/// error is reported and nothing more can be said about the file.
pub(super) fn read(source: &str, problems: &mut Problems) -> Option<WorldFile> {
    let (document, syntax_errors) = DeTable::parse_recoverable(source);
    if !syntax_errors.is_empty() {
        report_syntax_errors(syntax_errors, problems);
        return None;
    }
    let mut top = Fields::new(document, None, problems);
    let world = top.take("world");
    let rooms = top.take("rooms");
    let items = top.take("items");
    let doors = top.take("doors");
    let npcs = top.take("npcs");
    let triggers = top.take("triggers");
    top.finish();
    Some(WorldFile {
        world: read_world(world, problems),
        rooms: read_list("rooms", rooms, Ids::Required, problems, entries::read_room),
        items: read_list("items", items, Ids::Required, problems, entries::read_item),
        doors: read_list("doors", doors, Ids::Required, problems, entries::read_door),
        npcs: read_list("npcs", npcs, Ids::Required, problems, entries::read_npc),
        triggers: read_list(
            "triggers",
            triggers,
            Ids::Optional,
            problems,
            entries::read_trigger,
        ),
    })
}

/// Reports the first error on each line: the parser recovers from an error
/// and goes on, and what it says next on the same line is usually an echo.
fn report_syntax_errors(mut errors: Vec<toml::de::Error>, problems: &mut Problems) {
    errors.sort_by_key(|error| error.span().map(|span| span.start));
    let mut lines_reported = HashSet::new();
    for error in errors {
        let line = error.span().map(|span| problems.line_of(span.start));
        if lines_reported.insert(line) {
            problems.add(None, error.span(), error.message());
        }
    }
}

fn read_world(section: Option<Spanned<DeValue>>, problems: &mut Problems) -> Option<WorldSection> {
    let place = "[world]".to_owned();
    let Some(section) = section else {
        problems.add(Some(&place), None, "the section is missing");
        return None;
    };
    let span = section.span();
    let DeValue::Table(table) = section.into_inner() else {
        problems.add(
            Some(&place),
            Some(span),
            "`world` must be a table, started with a [world] line",
        );
        return None;
    };
    let mut fields = Fields::new(Spanned::new(span, table), Some(place), problems);
    let section = entries::read_world(&mut fields);
    fields.finish();
    Some(section)
}

/// Reads a list of tables such as `[[rooms]]`: each table's id, then the
/// rest of its keys with `read_fields`.
fn read_list<T>(
    list: &'static str,
    value: Option<Spanned<DeValue>>,
    ids: Ids,
    problems: &mut Problems,
    read_fields: impl Fn(&mut Fields) -> T,
) -> Vec<Entry<T>> {
    let Some(tables) = value.and_then(|value| array_of_tables(list, value, problems)) else {
        return Vec::new();
    };
    tables
        .into_iter()
        .enumerate()
        .map(|(index, table)| {
            let raw_id = table
                .get_ref()
                .get("id")
                .and_then(|id| id.get_ref().as_str());
            let place = entry_place(list, index, raw_id);
            let mut fields = Fields::new(table, Some(place.clone()), problems);
            let id = match ids {
                Ids::Required => fields.required("id"),
                Ids::Optional => fields.optional("id"),
            };
            let entry_fields = read_fields(&mut fields);
            let span = fields.span();
            fields.finish();
            Entry {
                index,
                place,
                span,
                id,
                fields: entry_fields,
            }
        })
        .collect()
}

fn array_of_tables<'i>(
    list: &str,
    value: Spanned<DeValue<'i>>,
    problems: &mut Problems,
) -> Option<Vec<Spanned<DeTable<'i>>>> {
    let span = value.span();
    let tables = match value.into_inner() {
        DeValue::Array(array) => array
            .into_iter()
            .map(|element| {
                let span = element.span();
                match element.into_inner() {
                    DeValue::Table(table) => Some(Spanned::new(span, table)),
                    _ => None,
                }
            })
            .collect(),
        _ => None,
    };
    if tables.is_none() {
        problems.add(
            None,
            Some(span),
            format!("`{list}` must be a list of tables, each started with a [[{list}]] line"),
        );
    }
    tables
}

#[cfg(test)]
mod tests;
