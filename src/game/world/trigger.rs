//! Triggers: what the world does when a player does something, if some
//! conditions hold.

use crate::game::ids::{DoorId, ItemId, NpcId, RoomId};

#[derive(Debug)]
pub struct Trigger {
    pub id: Option<String>,
    /// Its place in the file's list of triggers.
    pub index: usize,
    pub on: On,
    pub when: Conditions,
    /// Fires once per world, ever.
    pub once: bool,
    pub then: Effects,
}

impl Trigger {
    /// What the game remembers it by (a `once` trigger that has fired): its
    /// `id`, or without one its place in the file, `triggers[3]`.
    pub fn remembered_as(&self) -> String {
        self.id
            .clone()
            .unwrap_or_else(|| format!("triggers[{}]", self.index))
    }

    /// The flag that remembers a `once` trigger has fired.
    pub fn fired_flag(&self) -> String {
        format!("fired:{}", self.remembered_as())
    }
}

/// The player's action a trigger answers.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum On {
    Give,
    Take,
    Drop,
    Enter,
    Say,
    Open,
    Read,
}

impl On {
    pub const ALL: [(On, &'static str); 7] = [
        (On::Give, "give"),
        (On::Take, "take"),
        (On::Drop, "drop"),
        (On::Enter, "enter"),
        (On::Say, "say"),
        (On::Open, "open"),
        (On::Read, "read"),
    ];

    pub fn parse(word: &str) -> Option<On> {
        On::ALL
            .iter()
            .find(|(_, name)| *name == word)
            .map(|(on, _)| *on)
    }

    pub fn name(self) -> &'static str {
        On::ALL
            .iter()
            .find(|(on, _)| *on == self)
            .map(|(_, name)| *name)
            .unwrap_or_default()
    }
}

/// Everything that must hold for a trigger to fire; what is `None` (or
/// empty) does not matter.
#[derive(Debug, Default)]
pub struct Conditions {
    /// The item given, taken, dropped, opened or read.
    pub item: Option<ItemId>,
    /// The NPC given to, or for other actions an NPC in the room.
    pub npc: Option<NpcId>,
    /// The room the player is in (or enters).
    pub room: Option<RoomId>,
    /// The door opened.
    pub door: Option<DoorId>,
    /// For `say`: any of these words (lower case) in what was said.
    pub words: Vec<String>,
    /// A flag that must be set.
    pub needs: Option<String>,
    /// A flag that must not be set.
    pub unless: Option<String>,
}

/// What a trigger does, in this order.
#[derive(Debug, Default)]
pub struct Effects {
    /// The trigger's NPC says this to the room.
    pub npc_say: Option<String>,
    /// Told to the player.
    pub message: Option<String>,
    /// Told to the others in the room.
    pub announce: Option<String>,
    /// Handed to the player (from wherever it is, unless another player has it).
    pub give: Option<ItemId>,
    pub unlock: Option<DoorId>,
    pub open: Option<DoorId>,
    pub set: Option<String>,
    pub clear: Option<String>,
    /// The player is moved there.
    pub move_to: Option<RoomId>,
}

impl Effects {
    /// Whether these effects unlock `door` (opening unlocks too).
    pub fn opens(&self, door: &DoorId) -> bool {
        self.unlock.as_ref() == Some(door) || self.open.as_ref() == Some(door)
    }
}
