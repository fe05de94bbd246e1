//! Checking `[[doors]]`: the exits each blocks must exist (and be blocked by
//! one door only), its key must be an item, and it cannot be locked open.

use std::collections::HashMap;

use toml::Spanned;

use super::{Checker, Kind, text};
use crate::game::ids::{DoorId, ItemId, RoomId};
use crate::game::world::Door;
use crate::game::world::read::{DoorFields, Entry, Text};
use crate::game::world::suggest;

pub(super) fn check(checker: &mut Checker, entries: Vec<Entry<DoorFields>>) -> Vec<Door> {
    let mut blocked_by: HashMap<(String, String), usize> = HashMap::new();
    entries
        .into_iter()
        .filter_map(|entry| door(checker, entry, &mut blocked_by))
        .collect()
}

fn door(
    checker: &mut Checker,
    entry: Entry<DoorFields>,
    blocked_by: &mut HashMap<(String, String), usize>,
) -> Option<Door> {
    let (place, fields) = (entry.place.as_str(), entry.fields);
    let named = checker.named(place, fields.name);
    let description = fields
        .description
        .map(|description| checker.prose(place, "description", description));
    let mut exits = Vec::new();
    if let Some(listed) = fields.exits {
        if listed.get_ref().is_empty() {
            let what = "`exits` is empty: list the exits it blocks, like [\"hall:north\"]";
            checker.report(place, &listed, Some(what.to_owned()));
        }
        for written in listed.into_inner() {
            let Some(exit) = self::exit(checker, place, &written) else {
                continue;
            };
            match blocked_by.get(&exit) {
                Some(first) => {
                    let what = format!(
                        "exit \"{}\" is already blocked by doors[{first}]",
                        written.get_ref()
                    );
                    checker.report(place, &written, Some(what));
                }
                None => {
                    blocked_by.insert(exit.clone(), entry.index);
                }
            }
            exits.push((RoomId::new(exit.0), exit.1));
        }
    }
    if let Some(locked) = &fields.locked
        && *locked.get_ref()
        && !fields.closed
    {
        let what = "an open door cannot be locked: remove `closed = false` or `locked = true`";
        checker.report(place, locked, Some(what.to_owned()));
    }
    let key = fields
        .key
        .filter(|key| checker.reference(place, "key names", Kind::Item, key));
    let reset_after = fields
        .reset_after
        .and_then(|after| checker.duration(place, "reset_after", &after));
    let (name, aliases) = named?;
    Some(Door {
        id: DoorId::new(entry.id?.into_inner()),
        name,
        aliases,
        description,
        exits,
        closed: fields.closed,
        locked: fields.locked.is_some_and(Spanned::into_inner),
        key: key.map(|key| ItemId::new(key.into_inner())),
        reset_after,
    })
}

/// Reads `"room:exit"`, checking that the room has that exit; the room id
/// and the exit's canonical word.
fn exit(checker: &mut Checker, place: &str, written: &Text) -> Option<(String, String)> {
    let Some((room, word)) = written.get_ref().split_once(':') else {
        let what = format!(
            "exit \"{}\" must be written \"room:exit\", like \"hall:north\"",
            written.get_ref()
        );
        checker.report(place, written, Some(what));
        return None;
    };
    let room_text = Spanned::new(written.span(), room.to_owned());
    if !checker.room_reference(
        place,
        &format!("exit \"{}\" names", written.get_ref()),
        &room_text,
    ) {
        return None;
    }
    let word = text::canonical_exit_word(word);
    let exits = checker
        .known
        .exits
        .get(room)
        .map(Vec::as_slice)
        .unwrap_or(&[]);
    if exits.contains(&word) {
        return Some((room.to_owned(), word));
    }
    let what = format!(
        "room \"{room}\" has no exit \"{word}\"{}",
        suggest::did_you_mean(&word, exits.iter().map(String::as_str))
    );
    checker.report(place, written, Some(what));
    None
}
