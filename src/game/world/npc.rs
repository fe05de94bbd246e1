//! Non-player characters: people of the world who greet, answer questions,
//! take what a trigger wants from players and walk about.

use std::time::Duration;

use super::Name;
use crate::game::ids::{NpcId, RoomId};

#[derive(Debug)]
pub struct Npc {
    pub id: NpcId,
    pub name: Name,
    pub aliases: Vec<String>,
    pub description: String,
    /// Where it starts.
    pub location: RoomId,
    /// Told to a player who walks in while it is there.
    pub greeting: Option<String>,
    /// What it answers when asked about a word, in file order.
    pub topics: Vec<Topic>,
    /// Rooms it walks between, one step at a time; empty: it stays put.
    pub wander: Vec<RoomId>,
    pub wander_every: Duration,
    /// What it does when given something no trigger wants.
    pub refuses: Option<String>,
    /// What it answers about a word it has no topic for.
    pub no_topic: Option<String>,
}

#[derive(Debug)]
pub struct Topic {
    /// Lower case.
    pub word: String,
    pub answer: String,
}

impl Npc {
    /// The words a player may use for it: the words of its name and its
    /// aliases, lower case.
    pub fn keywords(&self) -> impl Iterator<Item = String> + '_ {
        self.name
            .as_str()
            .split_whitespace()
            .chain(self.aliases.iter().map(String::as_str))
            .map(str::to_lowercase)
    }

    /// The topic a word (lower case) asks about, ignoring a plural "s".
    pub fn topic(&self, word: &str) -> Option<&Topic> {
        let singular = word.strip_suffix('s').filter(|stem| stem.len() > 2);
        self.topics
            .iter()
            .find(|topic| topic.word == word || Some(topic.word.as_str()) == singular)
    }
}
