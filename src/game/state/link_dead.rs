//! Characters whose last connection dropped, waiting in the world for their
//! player to come back.
//!
//! A phone losing its signal for a few seconds should not make everyone in
//! the room see its player leave and arrive again, so a character whose last
//! connection drops stays where it is, link-dead, for a grace period (the
//! rule is in [`presence`](crate::game::presence)). This is the index of who is
//! link-dead since when, oldest first, so the world's tick finds whose grace
//! is over without looking at anyone else. Link-dead state is presence, and
//! presence is never saved: a character link-dead when the server stops is
//! simply offline when it starts again.

use std::collections::BTreeSet;

use crate::game::clock::Time;
use crate::game::ids::UserKey;

#[derive(Debug, Default, Clone)]
pub struct LinkDead {
    by_time: BTreeSet<(Time, UserKey)>,
}

impl LinkDead {
    /// `who` went link-dead at `at`.
    pub fn insert(&mut self, who: &UserKey, at: Time) {
        self.by_time.insert((at, who.clone()));
    }

    /// `who`, link-dead since `at`, is not any more.
    pub fn remove(&mut self, who: &UserKey, at: Time) {
        self.by_time.remove(&(at, who.clone()));
    }

    /// Those link-dead since `cutoff` or earlier, oldest first.
    pub fn since_or_before(&self, cutoff: Time) -> impl Iterator<Item = &UserKey> {
        self.by_time
            .iter()
            .take_while(move |(at, _)| *at <= cutoff)
            .map(|(_, who)| who)
    }
}
