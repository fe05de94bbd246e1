//! Where every NPC is, with an index of who is in each room.

use std::collections::HashMap;

use crate::game::ids::{NpcId, RoomId};

#[derive(Debug, Default)]
pub(super) struct Npcs {
    places: HashMap<NpcId, RoomId>,
    /// In the order they arrived.
    by_room: HashMap<RoomId, Vec<NpcId>>,
}

impl Npcs {
    pub(super) fn location(&self, npc: &NpcId) -> Option<&RoomId> {
        self.places.get(npc)
    }

    pub(super) fn in_room(&self, room: &RoomId) -> &[NpcId] {
        self.by_room.get(room).map_or(&[], Vec::as_slice)
    }

    pub(super) fn put(&mut self, npc: NpcId, room: RoomId) {
        self.forget(&npc);
        self.by_room
            .entry(room.clone())
            .or_default()
            .push(npc.clone());
        self.places.insert(npc, room);
    }

    pub(super) fn forget(&mut self, npc: &NpcId) {
        let Some(room) = self.places.remove(npc) else {
            return;
        };
        if let Some(here) = self.by_room.get_mut(&room) {
            here.retain(|other| other != npc);
            if here.is_empty() {
                self.by_room.remove(&room);
            }
        }
    }
}
