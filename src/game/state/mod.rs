//! The mutable half of the game: where every item, character and NPC is,
//! which doors are open, which flags are set, and who is in the world
//! (connected, or link-dead: see [`link_dead`]).
//!
//! `State` changes only through [`State::apply`], one [`Change`] at a time, so
//! the in-memory state and the saved state are built by the same steps. It
//! keeps indexes (what is at each place, who is online where, who is
//! link-dead since when, which NPCs are in each room) so that commands and
//! the world's turn never scan the whole world.

mod items;
mod link_dead;
mod npcs;
mod online;
mod reconcile;
mod saved;
mod staff;

use std::collections::BTreeSet;

use foldhash::HashMap;

pub use saved::{SavedCharacter, SavedDoor, SavedItem, SavedState};

use super::audit::AuditEntry;
use super::change::{Change, DoorState, Place};
use super::clock::Time;
use super::ids::{DoorId, ItemId, NpcId, RoomId, UserKey};
use super::role::Role;
use super::standing::Standing;
use super::voice::Voice;
use super::world::World;
use items::Items;
use link_dead::LinkDead;
use npcs::Npcs;
use online::Online;
use staff::Staff;

/// Most notes kept for one character; older ones give way.
const MAX_NOTES: usize = 20;

/// A player's character.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Character {
    pub key: UserKey,
    /// The username as spelled at registration.
    pub name: String,
    pub location: RoomId,
    pub channels: BTreeSet<String>,
    /// Open connections.
    pub sockets: u32,
    /// When its last connection dropped, while it is link-dead.
    pub link_lost: Option<Time>,
    /// When they were last connected, once they left the world.
    pub last_seen: Option<Time>,
    /// What they are to be told when they next come in.
    pub notes: Vec<String>,
    /// Their latest shouts (not saved).
    pub voice: Voice,
}

impl Character {
    /// Whether the character is in the world: connected, or link-dead.
    pub fn is_online(&self) -> bool {
        self.sockets > 0 || self.is_link_dead()
    }

    /// Whether a connection of its player is open.
    pub fn is_connected(&self) -> bool {
        self.sockets > 0
    }

    /// In the world with no connection, waiting for its player to come back.
    pub fn is_link_dead(&self) -> bool {
        self.link_lost.is_some()
    }
}

/// A door as it is now.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DoorStatus {
    pub state: DoorState,
    /// When it was last opened, closed, locked or unlocked.
    pub since: Time,
}

#[derive(Debug, Default)]
pub struct State {
    characters: HashMap<UserKey, Character>,
    items: Items,
    doors: HashMap<DoorId, DoorStatus>,
    flags: BTreeSet<String>,
    npcs: Npcs,
    online: Online,
    link_dead: LinkDead,
    staff: Staff,
}

impl State {
    /// Rebuilds the state from what was saved, reconciled with the world as it
    /// is now. Returns the changes reconciliation made, which must be saved.
    ///
    /// What the save does not mention is as the world file says: doors,
    /// NPCs, containers and lights start as written. The rules that fit a
    /// save to a changed world are in [`reconcile`]. The state is the saved
    /// state with those changes applied, so a store that saves them holds
    /// the same.
    pub fn restore(world: &World, saved: SavedState) -> (State, Vec<Change>) {
        let changes = reconcile::changes(world, &saved);
        let mut state = State::as_written(world);
        for character in saved.characters {
            state.characters.insert(
                character.key.clone(),
                Character {
                    key: character.key,
                    name: character.name,
                    location: character.location,
                    channels: character.channels,
                    sockets: 0,
                    link_lost: None,
                    last_seen: character.last_seen,
                    notes: character.notes,
                    voice: Voice::default(),
                },
            );
        }
        for item in saved.items {
            state.items.put(item.id.clone(), item.place, item.since);
            if let Some(closed) = item.closed {
                state.items.set_closed(&item.id, closed);
            }
            if let Some(lit) = item.lit {
                state.items.set_lit(&item.id, lit);
            }
        }
        for door in saved.doors {
            state.doors.insert(
                door.id,
                DoorStatus {
                    state: door.state,
                    since: door.since,
                },
            );
        }
        state.flags.extend(saved.flags);
        for (npc, room) in saved.npcs {
            state.npcs.put(npc, room);
        }
        state.staff = Staff::restore(saved.standings, saved.audit);
        for change in &changes {
            state.apply(change);
        }
        (state, changes)
    }

    /// Doors, NPCs, containers and lights as the world file writes them.
    fn as_written(world: &World) -> State {
        let mut state = State::default();
        for door in world.doors() {
            let written = DoorState {
                closed: door.closed,
                locked: door.locked,
            };
            let status = DoorStatus {
                state: written,
                since: Time::default(),
            };
            state.doors.insert(door.id.clone(), status);
        }
        for npc in world.npcs() {
            state.npcs.put(npc.id.clone(), npc.location.clone());
        }
        for item in world.items() {
            if let Some(closed) = item.container.and_then(|c| c.starts_closed) {
                state.items.set_closed(&item.id, closed);
            }
            if let Some(light) = item.light {
                state.items.set_lit(&item.id, light.starts_lit);
            }
        }
        state
    }

    pub fn character(&self, who: &UserKey) -> Option<&Character> {
        self.characters.get(who)
    }

    /// Every character ever saved, online or not, in no particular order.
    pub fn characters(&self) -> impl Iterator<Item = &Character> {
        self.characters.values()
    }

    /// The character whose name is `name`, in any case, online or not.
    pub fn character_named(&self, name: &str) -> Option<&Character> {
        self.characters.get(name.to_ascii_lowercase().as_str())
    }

    /// The online character whose name is `name`, in any case.
    pub fn online_character_named(&self, name: &str) -> Option<&Character> {
        self.characters
            .get(name.to_ascii_lowercase().as_str())
            .filter(|character| character.is_online())
    }

    /// Online characters in `room`, ordered by key.
    pub fn online_in(&self, room: &RoomId) -> impl Iterator<Item = &Character> {
        self.characters_of(self.online.in_room(room))
    }

    /// Online members of a chat channel, ordered by key.
    pub fn online_in_channel(&self, channel: &str) -> impl Iterator<Item = &Character> {
        self.characters_of(self.online.in_channel(channel))
    }

    /// Every online character, in no particular order.
    pub fn online(&self) -> impl Iterator<Item = &Character> {
        self.characters_of(self.online.everyone())
    }

    /// Rooms with someone online in them, in no particular order.
    pub fn occupied_rooms(&self) -> impl Iterator<Item = &RoomId> {
        self.online.rooms()
    }

    pub fn online_count(&self) -> usize {
        self.online.count()
    }

    fn characters_of<'a>(
        &'a self,
        keys: impl Iterator<Item = &'a UserKey> + 'a,
    ) -> impl Iterator<Item = &'a Character> + 'a {
        keys.filter_map(|key| self.characters.get(key))
    }

    pub fn place_of(&self, item: &ItemId) -> Option<&Place> {
        self.items.place_of(item)
    }

    /// When `item` got where it is.
    pub fn item_since(&self, item: &ItemId) -> Time {
        self.items.since(item)
    }

    /// Items at a place, in the order they arrived there.
    pub fn items_at(&self, place: &Place) -> &[ItemId] {
        self.items.at(place)
    }

    /// Every place that holds items, with the items, in no particular order.
    pub fn item_places(&self) -> impl Iterator<Item = (&Place, &[ItemId])> {
        self.items.all()
    }

    /// The place an item is ultimately at: where its outermost container
    /// is, if it is inside one.
    pub fn outermost_place_of(&self, item: &ItemId) -> Option<&Place> {
        let mut place = self.place_of(item)?;
        for _ in 0..64 {
            match place {
                Place::Inside(container) => place = self.place_of(container)?,
                _ => return Some(place),
            }
        }
        Some(place)
    }

    /// Whether a container that opens and closes is shut; `None` for
    /// anything else.
    pub fn is_closed(&self, item: &ItemId) -> Option<bool> {
        self.items.closed(item)
    }

    /// Whether a light is lit; `None` for anything else.
    pub fn is_lit(&self, item: &ItemId) -> Option<bool> {
        self.items.lit(item)
    }

    pub fn door(&self, door: &DoorId) -> Option<&DoorStatus> {
        self.doors.get(door)
    }

    pub fn flag(&self, flag: &str) -> bool {
        self.flags.contains(flag)
    }

    /// Every flag that is set, in order.
    pub fn flags(&self) -> impl Iterator<Item = &String> {
        self.flags.iter()
    }

    pub fn npc_location(&self, npc: &NpcId) -> Option<&RoomId> {
        self.npcs.location(npc)
    }

    /// NPCs in `room`, in the order they arrived.
    pub fn npcs_in(&self, room: &RoomId) -> &[NpcId] {
        self.npcs.in_room(room)
    }

    /// An account's standing, when it is not a plain player's in good standing.
    pub fn standing(&self, who: &UserKey) -> Option<&Standing> {
        self.staff.standing(who)
    }

    /// What an account may do.
    pub fn role_of(&self, who: &UserKey) -> Role {
        self.staff.role_of(who)
    }

    /// Every account that is staff or sanctioned, in no particular order.
    pub fn standings(&self) -> impl Iterator<Item = (&UserKey, &Standing)> {
        self.staff.standings()
    }

    /// The audit log, oldest first.
    pub fn audit(&self) -> &[AuditEntry] {
        self.staff.audit()
    }

    /// The audit entry numbered `number`.
    pub fn audit_entry(&self, number: u64) -> Option<&AuditEntry> {
        self.staff.audit_entry(number)
    }

    /// The number the next audit entry gets.
    pub fn next_audit_number(&self) -> u64 {
        self.staff.next_audit_number()
    }

    /// Applies one change. Changes come from commands that checked them against
    /// this same state, so they always fit.
    pub fn apply(&mut self, change: &Change) {
        match change {
            Change::CharacterCreated {
                who,
                name,
                location,
            } => {
                self.characters.insert(
                    who.clone(),
                    Character {
                        key: who.clone(),
                        name: name.clone(),
                        location: location.clone(),
                        channels: BTreeSet::new(),
                        sockets: 0,
                        link_lost: None,
                        last_seen: None,
                        notes: Vec::new(),
                        voice: Voice::default(),
                    },
                );
            }
            Change::CharacterMoved { who, to, .. } => self.move_character(who, to),
            Change::LastSeen { who, when } => {
                self.with_character(who, |character| character.last_seen = Some(*when));
            }
            Change::NoteAdded { who, note } => self.with_character(who, |character| {
                character.notes.push(note.clone());
                let excess = character.notes.len().saturating_sub(MAX_NOTES);
                character.notes.drain(..excess);
            }),
            Change::NotesDelivered { who } => {
                self.with_character(who, |character| character.notes.clear());
            }
            Change::Shouted { who, at } => {
                self.with_character(who, |character| character.voice.shouted(*at));
            }
            Change::ItemMoved { item, to, when, .. } => {
                self.items.put(item.clone(), to.clone(), *when);
            }
            Change::ItemCreated { item, at } => {
                self.items.put(item.clone(), at.clone(), Time::default());
            }
            Change::ItemForgotten { item, .. } => self.items.forget(item),
            Change::ContainerClosed { item, closed } => self.items.set_closed(item, *closed),
            Change::LightLit { item, lit } => self.items.set_lit(item, *lit),
            Change::DoorChanged { door, to, when, .. } => {
                let status = DoorStatus {
                    state: *to,
                    since: *when,
                };
                self.doors.insert(door.clone(), status);
            }
            Change::DoorForgotten { door } => {
                self.doors.remove(door);
            }
            Change::FlagSet { flag } => {
                self.flags.insert(flag.clone());
            }
            Change::FlagCleared { flag } => {
                self.flags.remove(flag);
            }
            Change::NpcMoved { npc, to, .. } => self.npcs.put(npc.clone(), to.clone()),
            Change::NpcForgotten { npc } => self.npcs.forget(npc),
            Change::ChannelJoined { who, channel } => {
                let Some(character) = self.characters.get_mut(who) else {
                    return;
                };
                character.channels.insert(channel.clone());
                if character.is_online() {
                    self.online.joined(who, channel);
                }
            }
            Change::ChannelLeft { who, channel } => {
                self.with_character(who, |character| {
                    character.channels.remove(channel);
                });
                self.online.left(who, channel);
            }
            Change::RoleSet { who, role } => self.staff.set_role(who, *role),
            Change::MuteSet { who, mute } => self.staff.set_mute(who, mute.clone()),
            Change::BanSet { who, ban } => self.staff.set_ban(who, ban.clone()),
            Change::Audited(entry) => self.staff.record(entry.clone()),
            Change::SocketOpened { who } | Change::LinkRestored { who, .. } => {
                self.open_socket(who)
            }
            Change::SocketClosed { who } => self.close_socket(who),
            Change::LinkLost { who, at } => self.lose_link(who, *at),
            Change::GraceExpired { who, .. } => self.end_grace(who),
        }
    }

    /// Characters link-dead since `cutoff` or earlier, oldest first.
    pub fn link_dead_since(&self, cutoff: Time) -> impl Iterator<Item = &Character> {
        self.characters_of(self.link_dead.since_or_before(cutoff))
    }

    fn with_character(&mut self, who: &UserKey, change: impl FnOnce(&mut Character)) {
        if let Some(character) = self.characters.get_mut(who) {
            change(character);
        }
    }

    fn move_character(&mut self, who: &UserKey, to: &RoomId) {
        let Some(character) = self.characters.get_mut(who) else {
            return;
        };
        let from = std::mem::replace(&mut character.location, to.clone());
        if character.is_online() {
            self.online.moved(who, &from, to);
        }
    }

    /// A connection opened: the first brings the character into the world,
    /// or back from being link-dead.
    fn open_socket(&mut self, who: &UserKey) {
        let Some(character) = self.characters.get_mut(who) else {
            return;
        };
        let was_in_world = character.is_online();
        character.sockets += 1;
        if let Some(lost_at) = character.link_lost.take() {
            self.link_dead.remove(who, lost_at);
        }
        if !was_in_world {
            self.online.arrive(character);
        }
    }

    /// A connection closed; the last one takes the character out of the
    /// world (its player logged out).
    fn close_socket(&mut self, who: &UserKey) {
        let Some(character) = self.characters.get_mut(who) else {
            return;
        };
        if character.sockets == 0 {
            return;
        }
        character.sockets -= 1;
        if !character.is_online() {
            self.online.depart(character);
        }
    }

    /// The last connection dropped at `at`: the character stays in the
    /// world, link-dead.
    fn lose_link(&mut self, who: &UserKey, at: Time) {
        let Some(character) = self.characters.get_mut(who) else {
            return;
        };
        if character.sockets == 0 {
            return;
        }
        character.sockets -= 1;
        if character.sockets == 0 {
            character.link_lost = Some(at);
            self.link_dead.insert(who, at);
        }
    }

    /// A link-dead character's grace is over: it leaves the world.
    fn end_grace(&mut self, who: &UserKey) {
        let Some(character) = self.characters.get_mut(who) else {
            return;
        };
        if character.sockets > 0 {
            return;
        }
        if let Some(lost_at) = character.link_lost.take() {
            self.link_dead.remove(who, lost_at);
            self.online.depart(character);
        }
    }

    /// Puts a character whose grace ran out back in the world, link-dead
    /// since `lost_at`.
    fn back_to_link_dead(&mut self, who: &UserKey, lost_at: Time) {
        let Some(character) = self.characters.get_mut(who) else {
            return;
        };
        if character.is_online() {
            return;
        }
        character.link_lost = Some(lost_at);
        self.link_dead.insert(who, lost_at);
        self.online.arrive(character);
    }

    /// Takes the presence (who is in the world, with how many connections,
    /// and who is link-dead since when) of `earlier`, a state of the same
    /// game: after the saved state is loaded again, for instance because a
    /// commit failed and what it held must be forgotten, the characters
    /// still in the world stay so.
    pub fn keep_presence_of(&mut self, earlier: &State) {
        for was in earlier.online() {
            let Some(character) = self.characters.get_mut(&was.key) else {
                continue;
            };
            character.sockets = was.sockets;
            character.link_lost = was.link_lost;
            if let Some(lost_at) = was.link_lost {
                self.link_dead.insert(&was.key, lost_at);
            }
            self.online.arrive(character);
        }
    }

    /// Takes back a presence change (a connection opening or closing, a
    /// link lost or restored, a grace period over).
    pub fn undo_presence(&mut self, change: &Change) {
        match change {
            Change::SocketOpened { who } => self.close_socket(who),
            Change::SocketClosed { who } => self.open_socket(who),
            Change::LinkLost { who, .. } => self.open_socket(who),
            Change::LinkRestored { who, lost_at } => self.lose_link(who, *lost_at),
            Change::GraceExpired { who, lost_at } => self.back_to_link_dead(who, *lost_at),
            _ => {}
        }
    }
}
