//! Time as the game sees it: a value passed in, never read from a clock.
//!
//! The engine gives every input the moment it is applied, and calls
//! [`Game::tick`](super::Game::tick) with the time now and then so that
//! timed rules (echoes, wandering, respawn, link-dead grace) can act. The
//! rules compare and add [`Time`]s and nothing else, so tests drive them with
//! a fake clock: any `Time` they like, in any steps.

use std::fmt;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use serde::{Deserialize, Serialize};

/// A moment, in milliseconds since the Unix epoch.
#[derive(Clone, Copy, Default, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(transparent)]
pub struct Time(u64);

impl Time {
    pub const fn from_millis(millis: u64) -> Time {
        Time(millis)
    }

    pub const fn as_millis(self) -> u64 {
        self.0
    }

    /// The wall clock now; only the engine calls this.
    pub fn now() -> Time {
        let since_epoch = SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .unwrap_or_default();
        Time(u64::try_from(since_epoch.as_millis()).unwrap_or(u64::MAX))
    }

    /// How long after `earlier` this is (zero if it is not after).
    pub fn since(self, earlier: Time) -> Duration {
        Duration::from_millis(self.0.saturating_sub(earlier.0))
    }
}

impl std::ops::Add<Duration> for Time {
    type Output = Time;

    fn add(self, duration: Duration) -> Time {
        let millis = u64::try_from(duration.as_millis()).unwrap_or(u64::MAX);
        Time(self.0.saturating_add(millis))
    }
}

impl std::ops::Sub<Duration> for Time {
    type Output = Time;

    /// The moment `duration` earlier (the epoch at the earliest).
    fn sub(self, duration: Duration) -> Time {
        let millis = u64::try_from(duration.as_millis()).unwrap_or(u64::MAX);
        Time(self.0.saturating_sub(millis))
    }
}

impl fmt::Debug for Time {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Time({} ms)", self.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn adding_and_measuring_round_trip() {
        let start = Time::from_millis(1_000);
        let later = start + Duration::from_secs(30);
        assert_eq!(later.as_millis(), 31_000);
        assert_eq!(later.since(start), Duration::from_secs(30));
        assert_eq!(start.since(later), Duration::ZERO);
        assert!(later > start);
        assert_eq!(later - Duration::from_secs(30), start);
        assert_eq!(start - Duration::from_secs(30), Time::from_millis(0));
    }
}
