//! Who is online where: the indexes that let commands, and the engine
//! working out who hears an event, find the characters in a room or a
//! channel without looking at everyone.

use std::borrow::Borrow;
use std::collections::BTreeSet;
use std::hash::Hash;

use foldhash::HashMap;

use super::Character;
use crate::game::ids::{RoomId, UserKey};

#[derive(Debug, Default)]
pub struct Online {
    by_room: HashMap<RoomId, BTreeSet<UserKey>>,
    by_channel: HashMap<String, BTreeSet<UserKey>>,
    count: usize,
}

impl Online {
    /// `character` came online, where it is and in the channels it is in.
    pub fn arrive(&mut self, character: &Character) {
        self.count += 1;
        add(&mut self.by_room, &character.location, &character.key);
        for channel in &character.channels {
            add(&mut self.by_channel, channel, &character.key);
        }
    }

    /// `character` went offline.
    pub fn depart(&mut self, character: &Character) {
        self.count -= 1;
        remove(&mut self.by_room, &character.location, &character.key);
        for channel in &character.channels {
            remove(&mut self.by_channel, channel, &character.key);
        }
    }

    /// An online character moved.
    pub fn moved(&mut self, who: &UserKey, from: &RoomId, to: &RoomId) {
        remove(&mut self.by_room, from, who);
        add(&mut self.by_room, to, who);
    }

    /// An online character joined a channel.
    pub fn joined(&mut self, who: &UserKey, channel: &String) {
        add(&mut self.by_channel, channel, who);
    }

    /// A character left a channel (online or not; offline it is not there).
    pub fn left(&mut self, who: &UserKey, channel: &str) {
        remove(&mut self.by_channel, channel, who);
    }

    /// The online characters in `room`, ordered by key.
    pub fn in_room<'a>(&'a self, room: &RoomId) -> impl Iterator<Item = &'a UserKey> + use<'a> {
        self.by_room.get(room).into_iter().flatten()
    }

    /// The online members of `channel`, ordered by key.
    pub fn in_channel<'a>(&'a self, channel: &str) -> impl Iterator<Item = &'a UserKey> + use<'a> {
        self.by_channel.get(channel).into_iter().flatten()
    }

    /// Every online character, in no particular order.
    pub fn everyone(&self) -> impl Iterator<Item = &UserKey> {
        self.by_room.values().flatten()
    }

    /// Rooms with someone online in them, in no particular order.
    pub fn rooms(&self) -> impl Iterator<Item = &RoomId> {
        self.by_room.keys()
    }

    pub fn count(&self) -> usize {
        self.count
    }
}

fn add<K, Q>(index: &mut HashMap<K, BTreeSet<UserKey>>, at: &Q, who: &UserKey)
where
    K: Borrow<Q> + Hash + Eq,
    Q: ToOwned<Owned = K> + Hash + Eq + ?Sized,
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

fn remove<K, Q>(index: &mut HashMap<K, BTreeSet<UserKey>>, at: &Q, who: &UserKey)
where
    K: Borrow<Q> + Hash + Eq,
    Q: Hash + Eq + ?Sized,
{
    if let Some(members) = index.get_mut(at) {
        members.remove(who);
        if members.is_empty() {
            index.remove(at);
        }
    }
}
