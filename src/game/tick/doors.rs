//! Doors with `reset_after` swinging back to how the file writes them, so
//! a locked door does not stay open for good once one player has the key.

use crate::game::Time;
use crate::game::change::{Change, DoorState};
use crate::game::event::{Audience, Event, EventKind};
use crate::game::ids::RoomId;
use crate::game::outcome::Outcome;
use crate::game::state::State;
use crate::game::text;
use crate::game::world::World;

pub(super) fn resets(world: &World, state: &State, now: Time, outcome: &mut Outcome) {
    for door in world.doors() {
        let (Some(after), Some(status)) = (door.reset_after, state.door(&door.id)) else {
            continue;
        };
        let written = DoorState {
            closed: door.closed,
            locked: door.locked,
        };
        if status.state == written || status.since + after > now {
            continue;
        }
        outcome.changes.push(Change::DoorChanged {
            door: door.id.clone(),
            from: status.state,
            to: written,
            when: now,
        });
        let the_door = text::capitalize(&door.name.the());
        let heard = match (written.closed, written.locked) {
            (true, true) => format!("{the_door} swings shut, and its lock clicks."),
            (true, false) => format!("{the_door} swings shut."),
            (false, _) => format!("{the_door} swings open."),
        };
        let mut rooms: Vec<&RoomId> = door.exits.iter().map(|(room, _)| room).collect();
        rooms.dedup();
        for room in rooms {
            let audience = Audience::room(room);
            outcome
                .events
                .push(Event::new(audience, EventKind::Echo, heard.clone()));
        }
    }
}
