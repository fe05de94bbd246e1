//! Rooms: the places players are in, their exits, and what else the world
//! file says about them (details to examine, darkness, echoes).

use std::time::Duration;

use super::Direction;
use crate::game::ids::RoomId;

/// A place players can be in.
#[derive(Debug)]
pub struct Room {
    pub id: RoomId,
    pub name: String,
    pub description: String,
    /// In the order the world file lists them.
    pub exits: Vec<Exit>,
    /// Things its description names that players can examine, in file order.
    pub details: Vec<Detail>,
    /// Without a light here, players see only that it is too dark.
    pub dark: bool,
    /// Lines told to the room now and then while someone is in it.
    pub echoes: Vec<String>,
    /// How often one of the echoes is told.
    pub echo_every: Duration,
}

/// A one-way passage out of a room.
#[derive(Debug)]
pub struct Exit {
    /// The canonical word: a full direction name (`north`, never `n`) or any
    /// other word the world uses (`gate`), always lower case.
    pub word: String,
    pub to: RoomId,
}

/// Something a room's description names: `examine well` in the orchard.
#[derive(Debug)]
pub struct Detail {
    /// The words players use for it, as the file wrote the key: `well`,
    /// `apple trees`.
    pub words: String,
    pub text: String,
}

impl Room {
    /// The exit a player means by `word`: a full direction, its abbreviation
    /// (`n` finds `north`) or a named exit, in any case, and singular or
    /// plural when no exit has the word itself ("climb stairs" takes the
    /// `stair`).
    pub fn exit(&self, word: &str) -> Option<&Exit> {
        if let Some(direction) = Direction::parse(word) {
            return self.exits.iter().find(|exit| exit.word == direction.name());
        }
        let word = word.to_lowercase();
        self.exits
            .iter()
            .find(|exit| exit.word == word)
            .or_else(|| {
                self.exits
                    .iter()
                    .find(|exit| stem(&exit.word) == stem(&word))
            })
    }

    /// The detail `words` (lower case, articles dropped) mean: one whose
    /// words all appear among them, or that they all belong to, either way
    /// ignoring a plural "s" ("tree" finds `trees`). When several fit, the
    /// one with the most words ("last rack" before "racks").
    pub fn detail(&self, words: &[String]) -> Option<&Detail> {
        let stems: Vec<&str> = words.iter().map(|word| stem(word)).collect();
        if stems.is_empty() {
            return None;
        }
        let fitting = self.details.iter().filter_map(|detail| {
            let own: Vec<String> = detail
                .words
                .split_whitespace()
                .map(|word| stem(&word.to_lowercase()).to_owned())
                .collect();
            let named = own.iter().all(|word| stems.contains(&word.as_str()));
            let part_of = stems.iter().all(|word| own.iter().any(|own| own == word));
            (named || part_of).then_some((own.len(), detail))
        });
        // The first of the most specific, in file order.
        fitting
            .fold(
                None,
                |best: Option<(usize, &Detail)>, (score, detail)| match best {
                    Some((best_score, _)) if best_score >= score => best,
                    _ => Some((score, detail)),
                },
            )
            .map(|(_, detail)| detail)
    }
}

/// A word without a plural "s", so that singular and plural compare equal.
fn stem(word: &str) -> &str {
    match word.strip_suffix('s') {
        Some(stem) if stem.len() > 2 => stem,
        _ => word,
    }
}
