//! The mutable half of the game: where every item and character is, and who
//! is online.
//!
//! `State` changes only through [`State::apply`], one [`Change`] at a time, so
//! the in-memory state and the saved state are built by the same steps. It
//! keeps indexes (what is in each room, who is online where) so that commands
//! never scan the whole world.

use std::collections::{BTreeSet, HashMap, HashSet};

use super::change::{Change, Place};
use super::ids::{ItemId, RoomId, UserKey};
use super::world::World;

/// A player's character.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Character {
    pub key: UserKey,
    /// The username as spelled at registration.
    pub name: String,
    pub location: RoomId,
    pub channels: BTreeSet<String>,
    /// Open connections; the character is in the game while this is above zero.
    pub sockets: u32,
}

impl Character {
    pub fn is_online(&self) -> bool {
        self.sockets > 0
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
            Change::SocketOpened { who } => {
                let Some(character) = self.characters.get_mut(who) else {
                    return;
                };
                character.sockets += 1;
                if character.sockets == 1 {
                    let character = character.clone();
                    self.come_online(&character);
                }
            }
            Change::SocketClosed { who } => {
                let Some(character) = self.characters.get_mut(who) else {
                    return;
                };
                if character.sockets == 0 {
                    return;
                }
                character.sockets -= 1;
                if character.sockets == 0 {
                    let character = character.clone();
                    self.go_offline(&character);
                }
            }
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

    /// Takes the presence (who is online, with how many connections) of
    /// `earlier`, a state of the same game: after the saved state is loaded
    /// again, for instance because a commit failed and what it held must be
    /// forgotten, the characters still online stay so.
    pub fn keep_presence_of(&mut self, earlier: &State) {
        for was in earlier.online() {
            let Some(character) = self.characters.get_mut(&was.key) else {
                continue;
            };
            character.sockets = was.sockets;
            let character = character.clone();
            self.come_online(&character);
        }
    }

    /// Takes back a connection opening or closing.
    pub fn undo_presence(&mut self, change: &Change) {
        match change {
            Change::SocketOpened { who } => self.apply(&Change::SocketClosed { who: who.clone() }),
            Change::SocketClosed { who } => self.apply(&Change::SocketOpened { who: who.clone() }),
            _ => {}
        }
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
