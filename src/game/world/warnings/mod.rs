//! What a world may legally contain but is probably a mistake.
//!
//! A room nobody can reach, a room nobody can leave, a locked door nobody
//! can open, two items a player cannot tell apart: the world still runs, and
//! may even mean it (a trap with no way out), so these are logged for the
//! host (and printed by `hearth check-world`) instead of refusing to start.

mod doors;
mod rooms;
#[cfg(test)]
mod tests;
mod things;

use super::World;
use super::read::entry_place;

/// Every warning about `world`, one line each: rooms, then doors, items,
/// NPCs and triggers.
pub(super) fn find(world: &World) -> Vec<String> {
    let mut warnings = rooms::find(world);
    warnings.extend(doors::find(world));
    warnings.extend(things::find(world));
    warnings
}

/// How a warning names the room at `index`.
fn room_place(world: &World, index: usize) -> String {
    let id = world.rooms().nth(index).map(|room| room.id.as_str());
    entry_place("rooms", index, id)
}
