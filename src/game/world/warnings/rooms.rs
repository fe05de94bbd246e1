//! Warnings about rooms: out of reach, impossible to leave (alone or as a
//! group of rooms that lead only to each other), dark with no light in the
//! world, exits a command hides.

use std::collections::HashSet;

use super::room_place;
use crate::game::command;
use crate::game::world::{Location, Room, World};

pub(super) fn find(world: &World) -> Vec<String> {
    let mut warnings = Vec::new();
    let reachable = reachable_from_start(world);
    let lead_back = leading_back_to_start(world);
    let any_light = world.items().any(|item| item.light.is_some());
    for (index, room) in world.rooms().enumerate() {
        let place = room_place(world, index);
        let mut warn = |what: String| warnings.push(format!("{place}: {what}"));
        if !reachable.contains(room.id.as_str()) {
            warn(format!(
                "cannot be reached from the start room \"{}\"",
                world.start()
            ));
        }
        if room.exits.is_empty() {
            warn("has no exits, so a player who gets in can leave only with `home`".to_owned());
        } else if is_locked_in(world, room) {
            warn(
                "every exit is behind a locked door whose key does not start here, \
                 so a player who gets in without the key can leave only with `home`"
                    .to_owned(),
            );
        } else if reachable.contains(room.id.as_str()) && !lead_back.contains(room.id.as_str()) {
            warn(format!(
                "no way leads from it back to the start room \"{}\" (its exits lead only to \
                 rooms with no way back either), so a player who gets in can leave only with `home`",
                world.start()
            ));
        }
        if room.dark && !any_light {
            warn(
                "is dark, and no item in the world gives light (`light = true`), \
                 so no one will ever see it"
                    .to_owned(),
            );
        }
        for exit in &room.exits {
            if let Some(command) = command::find(&exit.word, crate::game::Role::Player) {
                warn(format!(
                    "exit \"{}\" shares its word with the command \"{}\": typed alone \
                     it takes the exit here, so the command needs more words in this room",
                    exit.word, command.name
                ));
            }
        }
    }
    warnings
}

/// Rooms a player can walk to from the start, or be moved to by a trigger
/// that can fire in a room they can walk to.
fn reachable_from_start(world: &World) -> HashSet<&str> {
    let mut reachable = HashSet::new();
    let mut to_visit = vec![world.start().as_str()];
    loop {
        while let Some(id) = to_visit.pop() {
            if reachable.insert(id) {
                let exits = world.room(id).into_iter().flat_map(|room| &room.exits);
                to_visit.extend(exits.map(|exit| exit.to.as_str()));
            }
        }
        let moved_to = world.triggers().filter_map(|trigger| {
            let fires = trigger
                .when
                .room
                .as_ref()
                .is_none_or(|room| reachable.contains(room.as_str()));
            trigger.then.move_to.as_ref().filter(|_| fires)
        });
        to_visit.extend(
            moved_to
                .map(|room| room.as_str())
                .filter(|room| !reachable.contains(room)),
        );
        if to_visit.is_empty() {
            return reachable;
        }
    }
}

/// Rooms from which a player can walk back to the start, or be moved by a
/// trigger to a room they can walk back from (doors aside: a locked one has
/// its own warning).
fn leading_back_to_start(world: &World) -> HashSet<&str> {
    let mut leading = HashSet::from([world.start().as_str()]);
    loop {
        let before = leading.len();
        for room in world.rooms() {
            if room
                .exits
                .iter()
                .any(|exit| leading.contains(exit.to.as_str()))
            {
                leading.insert(room.id.as_str());
            }
        }
        for trigger in world.triggers() {
            let Some(to) = &trigger.then.move_to else {
                continue;
            };
            if !leading.contains(to.as_str()) {
                continue;
            }
            match &trigger.when.room {
                Some(room) => {
                    leading.insert(room.as_str());
                }
                None => leading.extend(world.rooms().map(|room| room.id.as_str())),
            }
        }
        if leading.len() == before {
            return leading;
        }
    }
}

/// Whether every exit of `room` is behind a door that starts locked, whose
/// key does not start in the room, and that no trigger unlocks.
fn is_locked_in(world: &World, room: &Room) -> bool {
    room.exits.iter().all(|exit| {
        world.door_on(&room.id, &exit.word).is_some_and(|door| {
            let key_here = door.key.as_ref().and_then(|key| world.item(key.as_str()));
            let key_here =
                key_here.is_some_and(|key| key.location == Location::Room(room.id.clone()));
            let unlocked_by_trigger = world.triggers().any(|trigger| trigger.then.opens(&door.id));
            door.locked && !key_here && !unlocked_by_trigger
        })
    })
}
