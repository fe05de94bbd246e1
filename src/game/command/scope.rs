//! What a player can see and reach: light and darkness, and the places
//! whose items are in reach (what they carry, the room, and the inside of
//! every open container among those).

use super::Context;
use super::matching::{carried, here};
use crate::game::change::Place;
use crate::game::ids::{ItemId, RoomId, UserKey};
use crate::game::state::State;
use crate::game::world::{Item, World};

/// Whether the actor's room is light enough to see in.
pub fn can_see(context: &Context) -> bool {
    is_lit(
        context.world,
        context.state,
        &context.actor.location,
        &context.actor.key,
    )
}

/// Whether `viewer` can see in `room` (which they may be about to enter):
/// a room that is not dark is always lit; a dark one is lit by a lit light
/// lying there, carried by someone (player or NPC) in it, or by the viewer.
pub fn is_lit(world: &World, state: &State, room: &RoomId, viewer: &UserKey) -> bool {
    if !world.room(room.as_str()).is_some_and(|room| room.dark) {
        return true;
    }
    let players = state
        .online_in(room)
        .map(|character| &character.key)
        .chain(std::iter::once(viewer))
        .map(|key| Place::Carried(key.clone()));
    let npcs = state
        .npcs_in(room)
        .iter()
        .map(|npc| Place::Npc(npc.clone()));
    std::iter::once(Place::Room(room.clone()))
        .chain(players)
        .chain(npcs)
        .any(|place| {
            state
                .items_at(&place)
                .iter()
                .any(|item| gives_light(state, item))
        })
}

/// Whether `item` is a light and lit.
pub fn gives_light(state: &State, item: &ItemId) -> bool {
    state.is_lit(item) == Some(true)
}

/// Whether `item` can be looked into: a container that is not shut.
pub fn is_open_container(state: &State, item: &Item) -> bool {
    item.is_container() && state.is_closed(&item.id) != Some(true)
}

/// The places whose items the actor can reach, nearest first: what they
/// carry, the room when they can see, then inside open containers.
pub fn within_reach(context: &Context) -> Vec<Place> {
    let mut places = vec![carried(context)];
    if can_see(context) {
        places.push(here(context));
    }
    with_open_insides(context, places)
}

/// `places`, followed by the inside of every open container at them (and
/// inside those, and so on).
pub fn with_open_insides(context: &Context, mut places: Vec<Place>) -> Vec<Place> {
    let mut next = 0;
    while next < places.len() && places.len() < 256 {
        let insides: Vec<Place> = context
            .state
            .items_at(&places[next])
            .iter()
            .filter_map(|id| context.world.item(id.as_str()))
            .filter(|item| is_open_container(context.state, item))
            .map(|item| Place::Inside(item.id.clone()))
            .collect();
        places.extend(insides);
        next += 1;
    }
    places
}
