//! NPCs walking between the rooms of their `wander` list, one exit at a
//! time, never through a closed door.

use super::chance;
use crate::game::Time;
use crate::game::change::Change;
use crate::game::command::{arriving_phrase, leaving_phrase};
use crate::game::event::{Audience, Event, EventKind};
use crate::game::outcome::Outcome;
use crate::game::state::State;
use crate::game::text;
use crate::game::world::{Direction, Exit, World};

pub(super) fn steps(world: &World, state: &State, last: Time, now: Time, outcome: &mut Outcome) {
    for npc in world.npcs().filter(|npc| !npc.wander.is_empty()) {
        let seed = ["wander", npc.id.as_str()];
        let Some(period) = chance::period_ended(last, now, npc.wander_every, &seed) else {
            continue;
        };
        let Some(room) = state
            .npc_location(&npc.id)
            .and_then(|room| world.room(room.as_str()))
        else {
            continue;
        };
        let ways: Vec<&Exit> = room
            .exits
            .iter()
            .filter(|exit| npc.wander.contains(&exit.to))
            .filter(|exit| {
                let door = world.door_on(&room.id, &exit.word);
                !door.is_some_and(|door| state.door(&door.id).is_some_and(|d| d.state.closed))
            })
            .collect();
        if ways.is_empty() {
            continue;
        }
        let period = period.to_string();
        let exit = ways[chance::pick(ways.len(), &[npc.id.as_str(), &period])];
        let name = text::capitalize(&npc.name.a());
        let direction = Direction::parse(&exit.word);
        let leave = format!("{name} {}.", leaving_phrase(direction, &exit.word));
        let arrive = format!("{name} {}.", arriving_phrase(direction));
        outcome.events.push(
            Event::new(Audience::room(&room.id), EventKind::Leave, leave)
                .npc(npc.name.as_str())
                .direction(&exit.word),
        );
        outcome.events.push(
            Event::new(Audience::room(&exit.to), EventKind::Arrive, arrive)
                .npc(npc.name.as_str())
                .direction(&exit.word),
        );
        outcome.changes.push(Change::NpcMoved {
            npc: npc.id.clone(),
            from: room.id.clone(),
            to: exit.to.clone(),
        });
    }
}
