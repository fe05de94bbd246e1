//! Checking `[[items]]`: names, where each starts (a room, a container or
//! an NPC, and never inside itself), and what containers, lights, readable
//! and respawning items say.

use std::collections::HashMap;

use toml::Spanned;

use super::Checker;
use crate::game::ids::{ItemId, NpcId, RoomId};
use crate::game::world::read::{Entry, ItemFields, Text};
use crate::game::world::{Container, Item, Light, Location, suggest};

pub(super) fn check(checker: &mut Checker, entries: Vec<Entry<ItemFields>>) -> Vec<Item> {
    report_containment_cycles(checker, &entries);
    entries
        .into_iter()
        .filter_map(|entry| item(checker, entry))
        .collect()
}

fn item(checker: &mut Checker, entry: Entry<ItemFields>) -> Option<Item> {
    let (place, fields) = (entry.place.as_str(), entry.fields);
    let named = checker.named(place, fields.name);
    let description = fields
        .description
        .map(|description| checker.prose(place, "description", description));
    let location = fields
        .location
        .and_then(|location| self::location(checker, place, &location));
    let text = fields.text.map(|text| checker.prose(place, "text", text));
    let respawn = fields
        .respawn
        .and_then(|respawn| checker.duration(place, "respawn", &respawn));
    if let Some(closed) = &fields.closed
        && !fields.container
    {
        let what = "`closed` is for containers: add `container = true`, or remove it";
        checker.report(place, closed, Some(what.to_owned()));
    }
    if let Some(lit) = &fields.lit
        && !fields.light
    {
        let what = "`lit` is for lights: add `light = true`, or remove it";
        checker.report(place, lit, Some(what.to_owned()));
    }
    let (name, aliases) = named?;
    Some(Item {
        id: ItemId::new(entry.id?.into_inner()),
        name,
        aliases,
        description: description?,
        location: location?,
        portable: fields.portable,
        container: fields.container.then(|| Container {
            starts_closed: fields.closed.map(Spanned::into_inner),
        }),
        text,
        light: fields.light.then(|| Light {
            starts_lit: fields.lit.is_none_or(Spanned::into_inner),
        }),
        respawn,
    })
}

/// What an item's `location` names: a room, a container item or an NPC,
/// which must be exactly one of them.
fn location(checker: &mut Checker, place: &str, location: &Text) -> Option<Location> {
    let id = location.get_ref();
    let known = &checker.known;
    let mut meanings = Vec::new();
    if known.rooms.contains(id) {
        meanings.push(("room", Location::Room(RoomId::new(id.as_str()))));
    }
    if known.containers.contains(id) {
        meanings.push(("container", Location::Container(ItemId::new(id.as_str()))));
    }
    if known.npcs.contains(id) {
        meanings.push(("NPC", Location::Npc(NpcId::new(id.as_str()))));
    }
    let problem = match meanings.as_slice() {
        [_] => None,
        [] if known.items.contains(id) => Some(format!(
            "location names item \"{id}\", which is not a container: \
             give it `container = true` to put things in it"
        )),
        [] => {
            let candidates = known.rooms.in_order.iter();
            let candidates = candidates
                .chain(&known.containers.in_order)
                .chain(&known.npcs.in_order);
            Some(format!(
                "location names \"{id}\", which is no room, container or NPC{}",
                suggest::did_you_mean(id, candidates.map(String::as_str))
            ))
        }
        several => {
            let kinds: Vec<&str> = several.iter().map(|(kind, _)| *kind).collect();
            Some(format!(
                "location \"{id}\" could be the {}: give one of them another id",
                kinds.join(" or the ")
            ))
        }
    };
    checker.report(place, location, problem);
    (meanings.len() == 1).then(|| meanings.remove(0).1)
}

/// An item that starts inside a container that is (or is inside) the item
/// itself could never be reached; each one in such a loop is reported.
fn report_containment_cycles(checker: &mut Checker, entries: &[Entry<ItemFields>]) {
    let inside: HashMap<&str, &str> = entries
        .iter()
        .filter_map(|entry| {
            let id = entry.id.as_ref()?.get_ref().as_str();
            let location = entry.fields.location.as_ref()?.get_ref().as_str();
            checker
                .known
                .containers
                .contains(location)
                .then_some((id, location))
        })
        .collect();
    for entry in entries {
        let (Some(id), Some(location)) = (&entry.id, &entry.fields.location) else {
            continue;
        };
        let mut chain = vec![id.get_ref().as_str()];
        while let Some(&outer) = inside.get(chain[chain.len() - 1]) {
            if outer == id.get_ref() {
                chain.push(outer);
                let what = format!("starts inside itself: {}", chain.join(" is in "));
                checker.report(&entry.place, location, Some(what));
                break;
            }
            if chain.contains(&outer) || chain.len() > inside.len() {
                break;
            }
            chain.push(outer);
        }
    }
}
