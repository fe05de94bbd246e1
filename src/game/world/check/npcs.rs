//! Checking `[[npcs]]`: names, where each starts and wanders, and what it says.

use std::time::Duration;

use super::{Checker, text};
use crate::game::ids::{NpcId, RoomId};
use crate::game::world::read::{Entry, NpcFields};
use crate::game::world::{Npc, Topic};

/// How often a wandering NPC takes a step, unless it says.
const WANDER_EVERY: Duration = Duration::from_secs(2 * 60);

pub(super) fn check(checker: &mut Checker, entries: Vec<Entry<NpcFields>>) -> Vec<Npc> {
    entries
        .into_iter()
        .filter_map(|entry| npc(checker, entry))
        .collect()
}

fn npc(checker: &mut Checker, entry: Entry<NpcFields>) -> Option<Npc> {
    let (place, fields) = (entry.place.as_str(), entry.fields);
    let named = checker.named(place, fields.name);
    let description = fields
        .description
        .map(|description| checker.prose(place, "description", description));
    let location = fields
        .location
        .filter(|location| checker.room_reference(place, "location names", location));
    let mut say = |key: &str, text| checker.prose(place, key, text);
    let greeting = fields.greeting.map(|text| say("greeting", text));
    let refuses = fields.refuses.map(|text| say("refuses", text));
    let no_topic = fields.no_topic.map(|text| say("no_topic", text));
    let topics = fields
        .topics
        .into_iter()
        .map(|(word, answer)| {
            checker.report(place, &word, text::word_problem("topic", word.get_ref()));
            let key = format!("topic \"{}\"", word.get_ref());
            Topic {
                answer: checker.prose(place, &key, answer),
                word: word.into_inner().trim().to_lowercase(),
            }
        })
        .collect();
    let wander = fields
        .wander
        .into_iter()
        .filter(|room| checker.room_reference(place, "wander names", room))
        .map(|room| RoomId::new(room.into_inner()))
        .collect();
    let wander_every = fields
        .wander_every
        .and_then(|every| checker.duration(place, "wander_every", &every));
    let (name, aliases) = named?;
    Some(Npc {
        id: NpcId::new(entry.id?.into_inner()),
        name,
        aliases,
        description: description?,
        location: RoomId::new(location?.into_inner()),
        greeting,
        topics,
        wander,
        wander_every: wander_every.unwrap_or(WANDER_EVERY),
        refuses,
        no_topic,
    })
}
