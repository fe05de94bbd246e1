//! Checking `[[rooms]]`: names, exits, details, darkness and echoes.

use std::collections::HashMap;
use std::time::Duration;

use super::{Checker, text};
use crate::game::ids::RoomId;
use crate::game::world::read::{Entry, Pairs, RoomFields};
use crate::game::world::{Detail, Exit, Room};

/// How often a room with echoes tells one, unless it says.
const ECHO_EVERY: Duration = Duration::from_secs(5 * 60);

pub(super) fn check(checker: &mut Checker, entries: Vec<Entry<RoomFields>>) -> Vec<Room> {
    entries
        .into_iter()
        .filter_map(|entry| room(checker, entry))
        .collect()
}

fn room(checker: &mut Checker, entry: Entry<RoomFields>) -> Option<Room> {
    let (place, fields) = (entry.place.as_str(), entry.fields);
    let name = fields.name.map(|name| checker.name(place, name));
    let description = fields
        .description
        .map(|description| checker.prose(place, "description", description));
    let exits = exits(checker, place, fields.exits);
    let details = details(checker, place, fields.details);
    let echoes = fields
        .echoes
        .into_iter()
        .map(|echo| checker.prose(place, "echo", echo))
        .collect();
    let echo_every = fields
        .echo_every
        .and_then(|every| checker.duration(place, "echo_every", &every));
    Some(Room {
        id: RoomId::new(entry.id?.into_inner()),
        name: name?,
        description: description?,
        exits,
        details,
        dark: fields.dark,
        echoes,
        echo_every: echo_every.unwrap_or(ECHO_EVERY),
    })
}

fn exits(checker: &mut Checker, place: &str, exits: Pairs) -> Vec<Exit> {
    let mut written_as: HashMap<String, String> = HashMap::new();
    let mut checked = Vec::new();
    for (word, target) in exits {
        checker.report(place, &word, text::exit_word_problem(word.get_ref()));
        let canonical = text::canonical_exit_word(word.get_ref());
        match written_as.get(&canonical) {
            Some(first) => {
                let what = format!(
                    "exit \"{canonical}\" is written twice, as \"{first}\" and \"{}\"",
                    word.get_ref()
                );
                checker.report(place, &word, Some(what));
            }
            None => {
                written_as.insert(canonical.clone(), word.get_ref().clone());
            }
        }
        let leads = format!("exit \"{}\" leads to", word.get_ref());
        checker.room_reference(place, &leads, &target);
        checked.push(Exit {
            word: canonical,
            to: RoomId::new(target.into_inner()),
        });
    }
    checked
}

fn details(checker: &mut Checker, place: &str, details: Pairs) -> Vec<Detail> {
    details
        .into_iter()
        .map(|(words, description)| {
            let problem = text::name_problem("a detail's words", words.get_ref());
            checker.report(place, &words, problem);
            let key = format!("detail \"{}\"", words.get_ref());
            Detail {
                text: checker.prose(place, &key, description),
                words: words.into_inner().trim().to_lowercase(),
            }
        })
        .collect()
}
