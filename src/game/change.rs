//! State changes: what a command did to the world, as data.
//!
//! Commands never mutate anything. They return changes, which the game applies
//! to its in-memory [`State`](super::State) and the store writes durably before
//! anyone is told about them. Each change says where something was as well as
//! where it went, so a store shared by several servers could check it is still
//! true before applying it.

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
    /// A connection of this character closed (presence is not saved).
    SocketClosed {
        who: UserKey,
    },
}
