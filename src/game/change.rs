//! State changes: what a command or the world's own turn did, as data.
//!
//! Commands never mutate anything. They return changes, which the game applies
//! to its in-memory [`State`](super::State) and the store writes durably before
//! anyone is told about them. Each change says where something was as well as
//! where it went, so a store shared by several servers could check it is still
//! true before applying it.

use super::audit::AuditEntry;
use super::clock::Time;
use super::ids::{DoorId, ItemId, NpcId, RoomId, UserKey};
use super::role::Role;
use super::standing::Sanction;

/// Where an item is: lying in a room, carried by a character, inside a
/// container item, or carried by an NPC.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum Place {
    Room(RoomId),
    Carried(UserKey),
    Inside(ItemId),
    Npc(NpcId),
}

/// Whether a door is shut, and whether it is locked.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DoorState {
    pub closed: bool,
    pub locked: bool,
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
    /// The character's last connection closed at `when`.
    LastSeen {
        who: UserKey,
        when: Time,
    },
    /// Something the character must be told when they next come in.
    NoteAdded {
        who: UserKey,
        note: String,
    },
    /// The character has been told every note.
    NotesDelivered {
        who: UserKey,
    },
    /// The character shouted at `at` (kept in memory only, for how often
    /// they may: [`super::voice`]).
    Shouted {
        who: UserKey,
        at: Time,
    },
    /// `when` is when it got there, which its return times count from.
    ItemMoved {
        item: ItemId,
        from: Place,
        to: Place,
        when: Time,
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
    /// A container was opened (`closed: false`) or closed.
    ContainerClosed {
        item: ItemId,
        closed: bool,
    },
    /// A light was lit or put out.
    LightLit {
        item: ItemId,
        lit: bool,
    },
    /// A door was opened, closed, locked or unlocked at `when`.
    DoorChanged {
        door: DoorId,
        from: DoorState,
        to: DoorState,
        when: Time,
    },
    /// A door the world file no longer has is dropped from the saved state.
    DoorForgotten {
        door: DoorId,
    },
    FlagSet {
        flag: String,
    },
    FlagCleared {
        flag: String,
    },
    NpcMoved {
        npc: NpcId,
        from: RoomId,
        to: RoomId,
    },
    /// An NPC the world file no longer has is dropped from the saved state.
    NpcForgotten {
        npc: NpcId,
    },
    ChannelJoined {
        who: UserKey,
        channel: String,
    },
    ChannelLeft {
        who: UserKey,
        channel: String,
    },
    /// An account's role changed.
    RoleSet {
        who: UserKey,
        role: Role,
    },
    /// An account was muted (`Some`) or unmuted.
    MuteSet {
        who: UserKey,
        mute: Option<Sanction>,
    },
    /// An account was banned (`Some`) or unbanned.
    BanSet {
        who: UserKey,
        ban: Option<Sanction>,
    },
    /// A staff action joined the audit log.
    Audited(AuditEntry),
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
