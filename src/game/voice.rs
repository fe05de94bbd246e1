//! How often a player may shout.
//!
//! A shout reaches every player in the world, so one command costs the
//! server a message for each of them: at the command rate limit's twenty a
//! second, one player shouting would triple what a busy world of a thousand
//! sends (BENCHMARKS.md, "Flood"). So a voice tires, as in the classic MUDs
//! that charge for a holler: [`SHOUTS`] shouts in any [`WINDOW`] are fine,
//! and the next waits until the oldest of them is that old. It is a rule of
//! the game, answered like any refused command, not the transport's rate
//! limit, which it leaves as the contract says.
//!
//! A voice is kept in memory only: it is no loss if a restart forgets it.

use std::collections::VecDeque;
use std::time::Duration;

use super::clock::Time;

/// Shouts a player may give in any [`WINDOW`].
pub const SHOUTS: usize = 2;

/// The span in which at most [`SHOUTS`] are heard.
pub const WINDOW: Duration = Duration::from_secs(20);

/// The times of a character's latest shouts, at most [`SHOUTS`] of them.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Voice {
    latest: VecDeque<Time>,
}

impl Voice {
    /// How long until the character may shout again, if they may not `now`.
    pub fn rest_needed(&self, now: Time) -> Option<Duration> {
        if self.latest.len() < SHOUTS {
            return None;
        }
        let oldest = *self.latest.front()?;
        let rested = oldest + WINDOW;
        (rested > now).then(|| rested.since(now))
    }

    /// The character shouted `at`.
    pub fn shouted(&mut self, at: Time) {
        self.latest.push_back(at);
        while self.latest.len() > SHOUTS {
            self.latest.pop_front();
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_rested_voice_carries_the_allowance_of_shouts_then_tires() {
        let start = Time::from_millis(1_000_000);
        let mut voice = Voice::default();
        for shout in 0..SHOUTS {
            let at = start + Duration::from_secs(shout as u64);
            assert_eq!(voice.rest_needed(at), None, "shout {shout}");
            voice.shouted(at);
        }
        let next = start + Duration::from_secs(5);
        assert_eq!(
            voice.rest_needed(next),
            Some(WINDOW - Duration::from_secs(5))
        );
        assert_eq!(
            voice.rest_needed(start + WINDOW),
            None,
            "the first is old enough"
        );
    }
}
