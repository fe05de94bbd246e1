//! The mutable half of the game: where every item and character is, and who
//! is in the world (connected, or link-dead: see [`super::link_dead`]).
//!
//! `State` changes only through [`State::apply`], one [`Change`] at a time, so
//! the in-memory state and the saved state are built by the same steps. It
//! keeps indexes (what is in each room, who is online where) so that commands
//! never scan the whole world.

use std::collections::{BTreeSet, HashMap, HashSet};

use super::change::{Change, Place};
use super::clock::Time;
use super::ids::{ItemId, RoomId, UserKey};
use super::link_dead::LinkDead;
use super::world::World;

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

/// What the store hands back at start-up.
#[derive(Debug, Default, Clone)]
pub struct SavedState {
    pub characters: Vec<SavedCharacter>,
    pub items: Vec<(ItemId, Place)>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SavedCharacter {
    pub key: UserKey,
    pub name: String,
    pub location: RoomId,
    pub channels: BTreeSet<String>,
}

#[derive(Debug, Default)]
pub struct State {
    characters: HashMap<UserKey, Character>,
    item_places: HashMap<ItemId, Place>,
    contents: HashMap<Place, Vec<ItemId>>,
    online_by_room: HashMap<RoomId, BTreeSet<UserKey>>,
    online_by_channel: HashMap<String, BTreeSet<UserKey>>,
    online_count: usize,
    link_dead: LinkDead,
}

impl State {
    /// Rebuilds the state from what was saved, reconciled with the world as it
    /// is now. Returns the changes reconciliation made, which must be saved.
    ///
    /// Items and characters in rooms that no longer exist go to the start
    /// room, as do items carried by characters that were not saved; items the
    /// world no longer has are forgotten; new items appear where the world
    /// file puts them. The state is the saved state with those changes
    /// applied, so a store that saves them holds the same.
    pub fn restore(world: &World, saved: SavedState) -> (State, Vec<Change>) {
        let changes = reconciliation(world, &saved);
        let mut state = State::default();
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
                },
            );
        }
        for (item, place) in saved.items {
            state.put_item(item, place);
        }
        for change in &changes {
            state.apply(change);
        }
        (state, changes)
    }

    pub fn character(&self, who: &UserKey) -> Option<&Character> {
        self.characters.get(who)
    }

    /// The online character whose name is `name`, in any case.
    pub fn online_character_named(&self, name: &str) -> Option<&Character> {
        self.characters
            .get(name.to_ascii_lowercase().as_str())
            .filter(|character| character.is_online())
    }

    /// Online characters in `room`, ordered by key.
    pub fn online_in(&self, room: &RoomId) -> impl Iterator<Item = &Character> {
        self.online_by_room
            .get(room)
            .into_iter()
            .flatten()
            .filter_map(|key| self.characters.get(key))
    }

    /// Every online character, in no particular order.
    pub fn online(&self) -> impl Iterator<Item = &Character> {
        self.online_by_room
            .values()
            .flatten()
            .filter_map(|key| self.characters.get(key))
    }

    /// Online members of a chat channel, ordered by key.
    pub fn online_in_channel(&self, channel: &str) -> impl Iterator<Item = &Character> {
        self.online_by_channel
            .get(channel)
            .into_iter()
            .flatten()
            .filter_map(|key| self.characters.get(key))
    }

    pub fn online_count(&self) -> usize {
        self.online_count
    }

    pub fn place_of(&self, item: &ItemId) -> Option<&Place> {
        self.item_places.get(item)
    }

    /// Items at a place, in the order they arrived there.
    pub fn items_at(&self, place: &Place) -> &[ItemId] {
        self.contents.get(place).map_or(&[], Vec::as_slice)
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
                    },
                );
            }
            Change::CharacterMoved { who, to, .. } => {
                let Some(character) = self.characters.get_mut(who) else {
                    return;
                };
                let from = std::mem::replace(&mut character.location, to.clone());
                if character.is_online() {
                    self.leave_room(&from, who);
                    index(&mut self.online_by_room, to, who);
                }
            }
            Change::ItemMoved { item, to, .. } => self.put_item(item.clone(), to.clone()),
            Change::ItemCreated { item, at } => self.put_item(item.clone(), at.clone()),
            Change::ItemForgotten { item, .. } => self.take_item(item),
            Change::ChannelJoined { who, channel } => {
                if let Some(character) = self.characters.get_mut(who) {
                    character.channels.insert(channel.clone());
                    if character.is_online() {
                        index(&mut self.online_by_channel, channel, who);
                    }
                }
            }
            Change::ChannelLeft { who, channel } => {
                if let Some(character) = self.characters.get_mut(who) {
                    character.channels.remove(channel);
                    unindex(&mut self.online_by_channel, channel, who);
                }
            }
            Change::SocketOpened { who } => self.open_socket(who),
            Change::SocketClosed { who } => {
                let Some(character) = self.characters.get_mut(who) else {
                    return;
                };
                if character.sockets == 0 {
                    return;
                }
                character.sockets -= 1;
                if !character.is_online() {
                    let character = character.clone();
                    self.go_offline(&character);
                }
            }
            Change::LinkLost { who, at } => {
                let Some(character) = self.characters.get_mut(who) else {
                    return;
                };
                if character.sockets == 0 {
                    return;
                }
                character.sockets -= 1;
                if character.sockets == 0 {
                    character.link_lost = Some(*at);
                    self.link_dead.insert(who, *at);
                }
            }
            Change::LinkRestored { who, .. } => self.open_socket(who),
            Change::GraceExpired { who, .. } => {
                let Some(character) = self.characters.get_mut(who) else {
                    return;
                };
                if character.sockets > 0 {
                    return;
                }
                if let Some(lost_at) = character.link_lost.take() {
                    self.link_dead.remove(who, lost_at);
                    let character = character.clone();
                    self.go_offline(&character);
                }
            }
        }
    }

    /// Characters link-dead since `cutoff` or earlier, oldest first.
    pub fn link_dead_since(&self, cutoff: Time) -> impl Iterator<Item = &Character> {
        self.link_dead
            .since_or_before(cutoff)
            .filter_map(|(_, who)| self.characters.get(who))
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
            let character = character.clone();
            self.come_online(&character);
        }
    }

    /// Puts `item` at `place`, taking it from wherever it was.
    fn put_item(&mut self, item: ItemId, place: Place) {
        self.take_item(&item);
        self.contents
            .entry(place.clone())
            .or_default()
            .push(item.clone());
        self.item_places.insert(item, place);
    }

    /// Removes `item` from wherever it is, by the state's own record rather
    /// than a change's claim.
    fn take_item(&mut self, item: &ItemId) {
        let Some(place) = self.item_places.remove(item) else {
            return;
        };
        if let Some(items) = self.contents.get_mut(&place) {
            items.retain(|held| held != item);
            if items.is_empty() {
                self.contents.remove(&place);
            }
        }
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
            let character = character.clone();
            self.come_online(&character);
        }
    }

    /// Takes back a presence change (a connection opening or closing, a
    /// link lost or restored, a grace period over).
    pub fn undo_presence(&mut self, change: &Change) {
        match change {
            Change::SocketOpened { who } => self.apply(&Change::SocketClosed { who: who.clone() }),
            Change::SocketClosed { who } => self.apply(&Change::SocketOpened { who: who.clone() }),
            Change::LinkLost { who, at } => self.apply(&Change::LinkRestored {
                who: who.clone(),
                lost_at: *at,
            }),
            Change::LinkRestored { who, lost_at } => self.apply(&Change::LinkLost {
                who: who.clone(),
                at: *lost_at,
            }),
            Change::GraceExpired { who, lost_at } => self.back_to_link_dead(who, *lost_at),
            _ => {}
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
        let character = character.clone();
        self.come_online(&character);
    }

    fn come_online(&mut self, character: &Character) {
        self.online_count += 1;
        index(
            &mut self.online_by_room,
            &character.location,
            &character.key,
        );
        for channel in &character.channels {
            index(&mut self.online_by_channel, channel, &character.key);
        }
    }

    fn go_offline(&mut self, character: &Character) {
        self.online_count -= 1;
        self.leave_room(&character.location, &character.key);
        for channel in &character.channels {
            unindex(&mut self.online_by_channel, channel, &character.key);
        }
    }

    fn leave_room(&mut self, room: &RoomId, who: &UserKey) {
        unindex(&mut self.online_by_room, room, who);
    }
}

fn index<K, Q>(index: &mut HashMap<K, BTreeSet<UserKey>>, at: &Q, who: &UserKey)
where
    K: std::borrow::Borrow<Q> + std::hash::Hash + Eq,
    Q: ToOwned<Owned = K> + std::hash::Hash + Eq + ?Sized,
{
    match index.get_mut(at) {
        Some(members) => {
            members.insert(who.clone());
        }
        None => {
            index.insert(at.to_owned(), BTreeSet::from([who.clone()]));
        }
    }
}

fn unindex<K, Q>(index: &mut HashMap<K, BTreeSet<UserKey>>, at: &Q, who: &UserKey)
where
    K: std::borrow::Borrow<Q> + std::hash::Hash + Eq,
    Q: std::hash::Hash + Eq + ?Sized,
{
    if let Some(members) = index.get_mut(at) {
        members.remove(who);
        if members.is_empty() {
            index.remove(at);
        }
    }
}

/// The changes that fit `saved` to `world` as it is now.
fn reconciliation(world: &World, saved: &SavedState) -> Vec<Change> {
    let start = world.start();
    let room_exists = |room: &RoomId| world.room(room.as_str()).is_some();
    let saved_keys: HashSet<&UserKey> = saved.characters.iter().map(|c| &c.key).collect();
    let place_exists = |place: &Place| match place {
        Place::Room(room) => room_exists(room),
        Place::Carried(who) => saved_keys.contains(who),
    };
    let mut changes = Vec::new();

    for character in &saved.characters {
        if !room_exists(&character.location) {
            changes.push(Change::CharacterMoved {
                who: character.key.clone(),
                from: character.location.clone(),
                to: start.clone(),
            });
        }
    }

    let saved_places: HashMap<&ItemId, &Place> = saved
        .items
        .iter()
        .map(|(item, place)| (item, place))
        .collect();
    for item in world.items() {
        match saved_places.get(&item.id) {
            Some(place) if place_exists(place) => {}
            Some(stranded) => changes.push(Change::ItemMoved {
                item: item.id.clone(),
                from: (*stranded).clone(),
                to: Place::Room(start.clone()),
            }),
            None => changes.push(Change::ItemCreated {
                item: item.id.clone(),
                at: Place::Room(item.location.clone()),
            }),
        }
    }

    for (item, from) in &saved.items {
        if world.item(item.as_str()).is_none() {
            changes.push(Change::ItemForgotten {
                item: item.clone(),
                from: from.clone(),
            });
        }
    }
    changes
}
