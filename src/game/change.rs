//! State changes: what a command did to the world, as data.
//!
//! Commands never mutate anything. They return changes, which the game applies
//! to its in-memory [`State`](super::State) and the store writes durably before
//! anyone is told about them. Each change says where something was as well as
//! where it went, so a store shared by several servers could check it is still
//! true before applying it.

use super::clock::Time;
use super::ids::{ItemId, RoomId, UserKey};

/// Where an item is: lying in a room or carried by a character.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum Place {
    Room(RoomId),
    Carried(UserKey),
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Change {
    /// A character appears for the first time, in the start room.
    CharacterCreated {
        who: UserKey,
        name: String,
        location: RoomId,
    },
    CharacterMoved {
        who: UserKey,
        from: RoomId,
        to: RoomId,
    },
    ItemMoved {
        item: ItemId,
        from: Place,
        to: Place,
    },
    /// An item the saved state has never held (it is new in the world file)
    /// takes its place for the first time.
    ItemCreated {
        item: ItemId,
        at: Place,
    },
    /// An item the world file no longer has is dropped from the saved state.
    ItemForgotten {
        item: ItemId,
        from: Place,
    },
    ChannelJoined {
        who: UserKey,
        channel: String,
    },
    ChannelLeft {
        who: UserKey,
        channel: String,
    },
    /// A connection opened for this character (presence is not saved).
    SocketOpened {
        who: UserKey,
    },
    /// A connection of this character closed (presence is not saved); when
    /// it was the last, the character leaves the world at once (the player
    /// logged out).
    SocketClosed {
        who: UserKey,
    },
    /// The character's last connection dropped at `at`: it stays in the
    /// world, link-dead, for a grace period (presence is not saved).
    LinkLost {
        who: UserKey,
        at: Time,
    },
    /// A connection opened for a character link-dead since `lost_at`: it
    /// never left (presence is not saved).
    LinkRestored {
        who: UserKey,
        lost_at: Time,
    },
    /// The grace of a character link-dead since `lost_at` is over: it
    /// leaves the world (presence is not saved).
    GraceExpired {
        who: UserKey,
        lost_at: Time,
    },
}

impl Change {
    /// Whether this is a connection coming or going, which is not saved:
    /// after a failed commit it is undone rather than reloaded.
    pub fn is_presence(&self) -> bool {
        matches!(
            self,
            Change::SocketOpened { .. }
                | Change::SocketClosed { .. }
                | Change::LinkLost { .. }
                | Change::LinkRestored { .. }
                | Change::GraceExpired { .. }
        )
    }
}
