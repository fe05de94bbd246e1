//! Rooms telling their echoes ("An apple thuds into the grass.") now and
//! then, while someone is there to hear.

use super::chance;
use crate::game::Time;
use crate::game::event::{Audience, Event, EventKind};
use crate::game::outcome::Outcome;
use crate::game::state::State;
use crate::game::world::World;

pub(super) fn told(world: &World, state: &State, last: Time, now: Time, outcome: &mut Outcome) {
    let mut rooms: Vec<_> = state.occupied_rooms().collect();
    rooms.sort();
    for id in rooms {
        let Some(room) = world
            .room(id.as_str())
            .filter(|room| !room.echoes.is_empty())
        else {
            continue;
        };
        let seed = ["echo", id.as_str()];
        let Some(period) = chance::period_ended(last, now, room.echo_every, &seed) else {
            continue;
        };
        let echo =
            &room.echoes[chance::pick(room.echoes.len(), &[id.as_str(), &period.to_string()])];
        let audience = Audience::room(id);
        outcome
            .events
            .push(Event::new(audience, EventKind::Echo, echo.as_str()));
    }
}
