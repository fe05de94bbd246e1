//! Items going back where they started, so the shared world refills.
//!
//! Two rules send an item home:
//!
//! - an item with `respawn` that is not where it started returns that long
//!   after it was left where it is (dropped, put away, given to an NPC), or
//!   after its carrier went offline; never while a player online has it;
//! - anything a player carries (in their hands or in a bag they hold)
//!   returns once they have been offline for the world's
//!   `return_carried_after`.
//!
//! A light or container going home goes back to how the file writes it (a
//! lantern unlit, a chest shut). A player whose things went home is told
//! when they next come in.

use std::collections::BTreeMap;
use std::time::Duration;

use crate::game::Time;
use crate::game::change::{Change, Place};
use crate::game::ids::UserKey;
use crate::game::outcome::Outcome;
use crate::game::state::State;
use crate::game::text;
use crate::game::world::{Item, World};

/// Adds the return of every item due back at `now`. Offline players' time
/// away counts from `resumed` at the earliest.
pub(super) fn due(world: &World, state: &State, now: Time, resumed: Time, outcome: &mut Outcome) {
    let mut gone_home: BTreeMap<&UserKey, Vec<&Item>> = BTreeMap::new();
    for item in world.items() {
        let Some(place) = state.place_of(&item.id) else {
            continue;
        };
        let start = item.start();
        if *place == start {
            continue;
        }
        let Some(due) = return_time(world, state, item, resumed) else {
            continue;
        };
        if due > now {
            continue;
        }
        if let Some(Place::Carried(who)) = state.outermost_place_of(&item.id) {
            gone_home.entry(who).or_default().push(item);
        }
        outcome.changes.push(Change::ItemMoved {
            item: item.id.clone(),
            from: place.clone(),
            to: start,
            when: now,
        });
        outcome.changes.extend(as_written(state, item));
    }
    for (who, items) in gone_home {
        let names: Vec<String> = items.iter().map(|item| item.name.the()).collect();
        let they = if names.len() == 1 { "it" } else { "they" };
        outcome.changes.push(Change::NoteAdded {
            who: who.clone(),
            note: format!(
                "While you were away, {} you carried went back where {they} belong{}.",
                text::list(&names, "and"),
                if names.len() == 1 { "s" } else { "" }
            ),
        });
    }
}

/// When `item` (not where it started) is due back; `None` while a player
/// online holds it, or when no rule sends it back.
fn return_time(world: &World, state: &State, item: &Item, resumed: Time) -> Option<Time> {
    let since = state.item_since(&item.id);
    match state.outermost_place_of(&item.id)? {
        Place::Carried(who) => {
            let carrier = state.character(who)?;
            if carrier.is_online() {
                return None;
            }
            let away_since = carrier.last_seen.unwrap_or_default().max(resumed);
            let carried = world.return_carried_after().map(|after| away_since + after);
            let respawn = item.respawn.map(|after| away_since.max(since) + after);
            earliest(carried, respawn)
        }
        _ => item.respawn.map(|after: Duration| since + after),
    }
}

fn earliest(a: Option<Time>, b: Option<Time>) -> Option<Time> {
    match (a, b) {
        (Some(a), Some(b)) => Some(a.min(b)),
        (one, other) => one.or(other),
    }
}

/// The changes that put a returning light or container back as written.
fn as_written(state: &State, item: &Item) -> Vec<Change> {
    let mut changes = Vec::new();
    if let Some(closed) = item.container.and_then(|container| container.starts_closed)
        && state.is_closed(&item.id) != Some(closed)
    {
        changes.push(Change::ContainerClosed {
            item: item.id.clone(),
            closed,
        });
    }
    if let Some(light) = item.light
        && state.is_lit(&item.id) != Some(light.starts_lit)
    {
        changes.push(Change::LightLit {
            item: item.id.clone(),
            lit: light.starts_lit,
        });
    }
    changes
}
