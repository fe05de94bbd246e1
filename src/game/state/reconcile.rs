//! Fitting a saved game to a world file that may have changed since.
//!
//! Saved state refers to rooms, items, doors, NPCs and flags by id, so a
//! changed file can leave it pointing at things that are gone:
//!
//! - characters in rooms that no longer exist go to the start room;
//! - items in rooms, containers or NPCs that no longer exist (or carried by
//!   characters that were not saved) go to the start room;
//! - items the world no longer has are forgotten, and new ones appear where
//!   the file puts them;
//! - doors, NPCs and flags the world no longer names are forgotten; NPCs in
//!   rooms that no longer exist go back where the file puts them.
//!
//! A character who lost something this way, or whose room vanished, gets a
//! note saying so, which they are told when they next come in.

use std::collections::{HashMap, HashSet};

use super::saved::SavedState;
use crate::game::change::{Change, Place};
use crate::game::ids::{ItemId, UserKey};
use crate::game::world::World;

/// The changes that fit `saved` to `world` as it is now.
pub(super) fn changes(world: &World, saved: &SavedState) -> Vec<Change> {
    let mut changes = characters(world, saved);
    changes.extend(items(world, saved));
    changes.extend(forgotten_items(world, saved));
    changes.extend(doors_npcs_and_flags(world, saved));
    changes
}

fn characters(world: &World, saved: &SavedState) -> Vec<Change> {
    let start = world.start();
    let start_name = world
        .room(start.as_str())
        .map_or("", |room| room.name.as_str());
    let mut changes = Vec::new();
    for character in &saved.characters {
        if world.room(character.location.as_str()).is_none() {
            changes.push(Change::CharacterMoved {
                who: character.key.clone(),
                from: character.location.clone(),
                to: start.clone(),
            });
            changes.push(Change::NoteAdded {
                who: character.key.clone(),
                note: format!(
                    "The world has changed: the place where you last were is gone, \
                     so you are back in {start_name}."
                ),
            });
        }
    }
    changes
}

fn items(world: &World, saved: &SavedState) -> Vec<Change> {
    let saved_keys: HashSet<&UserKey> = saved.characters.iter().map(|c| &c.key).collect();
    let place_exists = |place: &Place| match place {
        Place::Room(room) => world.room(room.as_str()).is_some(),
        Place::Carried(who) => saved_keys.contains(who),
        Place::Inside(container) => world
            .item(container.as_str())
            .is_some_and(|item| item.is_container()),
        Place::Npc(npc) => world.npc(npc.as_str()).is_some(),
    };
    let saved_items: HashMap<&ItemId, _> =
        saved.items.iter().map(|item| (&item.id, item)).collect();
    let start = Place::Room(world.start().clone());
    let mut changes = Vec::new();
    for item in world.items() {
        match saved_items.get(&item.id) {
            Some(kept) if place_exists(&kept.place) => {}
            Some(stranded) => changes.push(Change::ItemMoved {
                item: item.id.clone(),
                from: stranded.place.clone(),
                to: start.clone(),
                when: stranded.since,
            }),
            None => changes.push(Change::ItemCreated {
                item: item.id.clone(),
                at: item.start(),
            }),
        }
    }
    changes
}

/// Saved items the world no longer has; whoever carried one is told.
fn forgotten_items(world: &World, saved: &SavedState) -> Vec<Change> {
    let mut changes = Vec::new();
    let mut lost: HashMap<&UserKey, Vec<&str>> = HashMap::new();
    for item in &saved.items {
        if world.item(item.id.as_str()).is_some() {
            continue;
        }
        changes.push(Change::ItemForgotten {
            item: item.id.clone(),
            from: item.place.clone(),
        });
        if let Place::Carried(who) = &item.place {
            lost.entry(who).or_default().push(item.id.as_str());
        }
    }
    let mut carriers: Vec<_> = lost.into_iter().collect();
    carriers.sort();
    for (who, ids) in carriers {
        let quoted: Vec<String> = ids.iter().map(|id| format!("\"{id}\"")).collect();
        changes.push(Change::NoteAdded {
            who: who.clone(),
            note: format!(
                "The world has changed: {} you carried no longer {} in it.",
                crate::game::text::list(&quoted, "and"),
                if quoted.len() == 1 { "exists" } else { "exist" }
            ),
        });
    }
    changes
}

fn doors_npcs_and_flags(world: &World, saved: &SavedState) -> Vec<Change> {
    let mut changes = Vec::new();
    for door in &saved.doors {
        if world.door(door.id.as_str()).is_none() {
            changes.push(Change::DoorForgotten {
                door: door.id.clone(),
            });
        }
    }
    for (npc, room) in &saved.npcs {
        match world.npc(npc.as_str()) {
            None => changes.push(Change::NpcForgotten { npc: npc.clone() }),
            Some(written) if world.room(room.as_str()).is_none() => {
                changes.push(Change::NpcMoved {
                    npc: npc.clone(),
                    from: room.clone(),
                    to: written.location.clone(),
                });
            }
            Some(_) => {}
        }
    }
    for flag in &saved.flags {
        if !world.knows_flag(flag) {
            changes.push(Change::FlagCleared { flag: flag.clone() });
        }
    }
    changes
}
