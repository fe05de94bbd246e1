//! Reading a world file's TOML into entries, remembering where each value was written.
//!
//! Serde's derived structs stop at the first problem, but a host fixing a
//! world wants every typo at once. So each table is read key by key with
//! [`Fields`]: every missing, mistyped or unknown key becomes a problem with
//! its line, and the table's other keys are still read. Serde still turns
//! each single value into a Rust type.

use std::collections::{BTreeMap, HashSet};
use std::ops::Range;

use serde::de::DeserializeOwned;
use toml::Spanned;
use toml::de::{DeTable, DeValue, ValueDeserializer};

use super::file::Problems;

/// What a world file says, in the shape the format asks for but not yet
/// checked against its rules.
pub(super) struct WorldFile {
    /// `None` when the section is missing or not a table (already reported).
    pub world: Option<WorldSection>,
    pub rooms: Vec<Entry<RoomFields>>,
    pub items: Vec<Entry<ItemFields>>,
}

// In the fields below, `None` for a required key means it is missing or
// mistyped, which is already reported. The other keys are still checked.

pub(super) struct WorldSection {
    pub name: Option<Spanned<String>>,
    pub start: Option<Spanned<String>>,
    pub motd: Option<Spanned<String>>,
}

/// One `[[rooms]]` or `[[items]]` table.
pub(super) struct Entry<T> {
    /// Its position in its list: `rooms[3]` has index 3.
    pub index: usize,
    /// How problems name it: `rooms[3] (id "tower")`.
    pub place: String,
    pub id: Option<Spanned<String>>,
    pub fields: T,
}

pub(super) struct RoomFields {
    pub name: Option<Spanned<String>>,
    pub description: Option<Spanned<String>>,
    /// Exit words and the room ids they lead to, in file order.
    pub exits: Vec<(Spanned<String>, Spanned<String>)>,
}

pub(super) struct ItemFields {
    pub name: Option<Spanned<String>>,
    pub aliases: Vec<Spanned<String>>,
    pub description: Option<Spanned<String>>,
    pub location: Option<Spanned<String>>,
    pub portable: bool,
}

/// How problems name an entry of a list: `rooms[3] (id "tower")`, or
/// `rooms[3]` while it has no usable id.
pub(super) fn entry_place(list: &str, index: usize, id: Option<&str>) -> String {
    match id {
        Some(id) => format!("{list}[{index}] (id \"{id}\")"),
        None => format!("{list}[{index}]"),
    }
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
    top.finish();
    Some(WorldFile {
        world: read_world(world, problems),
        rooms: read_list("rooms", rooms, problems, read_room),
        items: read_list("items", items, problems, read_item),
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
    let section = WorldSection {
        name: fields.required("name"),
        start: fields.required("start"),
        motd: fields.optional("motd"),
    };
    fields.finish();
    Some(section)
}

/// Reads `[[rooms]]` or `[[items]]`: each table's id, then the rest of its
/// keys with `read_fields`.
fn read_list<T>(
    list: &'static str,
    value: Option<Spanned<DeValue>>,
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
            let id = fields.required("id");
            let entry_fields = read_fields(&mut fields);
            fields.finish();
            Entry {
                index,
                place,
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

fn read_room(fields: &mut Fields) -> RoomFields {
    RoomFields {
        name: fields.required("name"),
        description: fields.required("description"),
        exits: read_exits(fields),
    }
}

fn read_exits(fields: &mut Fields) -> Vec<(Spanned<String>, Spanned<String>)> {
    let exits = fields.optional::<BTreeMap<Spanned<String>, Spanned<String>>>("exits");
    let mut exits: Vec<_> = exits
        .map(Spanned::into_inner)
        .unwrap_or_default()
        .into_iter()
        .collect();
    // The map sorts exits by word; the spans restore the order the host wrote.
    exits.sort_by_key(|(word, _)| word.span().start);
    exits
}

fn read_item(fields: &mut Fields) -> ItemFields {
    ItemFields {
        name: fields.required("name"),
        aliases: fields
            .optional::<Vec<Spanned<String>>>("aliases")
            .map(Spanned::into_inner)
            .unwrap_or_default(),
        description: fields.required("description"),
        location: fields.required("location"),
        portable: fields.optional("portable").is_none_or(Spanned::into_inner),
    }
}

/// The keys of one TOML table, taken out one at a time. Whatever is left at
/// the end was never asked for, so it is reported as an unknown key.
struct Fields<'i, 'p> {
    table: DeTable<'i>,
    /// Where the table starts: where a missing key is reported.
    span: Range<usize>,
    place: Option<String>,
    known_keys: Vec<&'static str>,
    problems: &'p mut Problems,
}

impl<'i, 'p> Fields<'i, 'p> {
    fn new(table: Spanned<DeTable<'i>>, place: Option<String>, problems: &'p mut Problems) -> Self {
        Self {
            span: table.span(),
            table: table.into_inner(),
            place,
            known_keys: Vec::new(),
            problems,
        }
    }

    /// The raw value of `key`, if the table has it.
    fn take(&mut self, key: &'static str) -> Option<Spanned<DeValue<'i>>> {
        self.known_keys.push(key);
        self.table.remove(key)
    }

    /// The value of `key`; `None`, and a problem, if it is missing or mistyped.
    fn required<T: DeserializeOwned>(&mut self, key: &'static str) -> Option<Spanned<T>> {
        if !self.table.contains_key(key) {
            let span = self.span.clone();
            self.problem(span, format!("missing key `{key}`"));
        }
        self.optional(key)
    }

    /// The value of `key` if the table has it; `None`, and a problem, if it is mistyped.
    fn optional<T: DeserializeOwned>(&mut self, key: &'static str) -> Option<Spanned<T>> {
        let value = self.take(key)?;
        let span = value.span();
        match T::deserialize(ValueDeserializer::from(value)) {
            Ok(value) => Some(Spanned::new(span, value)),
            Err(error) => {
                let span = error.span().unwrap_or(span);
                self.problem(span, format!("`{key}`: {}", error.message()));
                None
            }
        }
    }

    /// Reports every key that was not asked for.
    fn finish(mut self) {
        let unknown = std::mem::take(&mut self.table);
        let expected = self.known_keys.iter().map(|key| format!("`{key}`"));
        let expected = expected.collect::<Vec<_>>().join(", ");
        for (key, _) in unknown {
            let what = format!(
                "unknown key `{}`, expected one of {expected}",
                key.get_ref()
            );
            self.problem(key.span(), what);
        }
    }

    fn problem(&mut self, span: Range<usize>, what: String) {
        self.problems.add(self.place.as_deref(), Some(span), what);
    }
}

#[cfg(test)]
mod tests;
