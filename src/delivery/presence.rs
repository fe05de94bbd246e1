//! The presence feed: who came into the world and who left it, gathered
//! and sent to every connection at most once a second.
//!
//! Every group the engine commits may carry presence news. Sent as it came,
//! 10,000 players logging in over a minute would cost each connection 170
//! messages a second; gathered, each connection gets at most one a second,
//! and only in seconds when someone came or went. The first news after a
//! quiet second goes out at once, so a login shows within the time it
//! takes to deliver it.

use std::time::{Duration, Instant};

use crate::game::PresenceNews;

/// Least time between two presence messages to one connection.
pub const PRESENCE_EVERY: Duration = Duration::from_secs(1);

#[derive(Debug, Default)]
pub struct PresenceFeed {
    pending: PresenceNews,
    last_sent: Option<Instant>,
}

impl PresenceFeed {
    pub fn add(&mut self, news: &PresenceNews) {
        self.pending.merge(news);
    }

    /// When the news gathered so far may go out (`now` at the earliest),
    /// if there is any.
    pub fn due_at(&self, now: Instant) -> Option<Instant> {
        if self.pending.is_empty() {
            return None;
        }
        Some(match self.last_sent {
            Some(sent) => (sent + PRESENCE_EVERY).max(now),
            None => now,
        })
    }

    /// The news to send at `now`, if any is due.
    pub fn take(&mut self, now: Instant) -> Option<PresenceNews> {
        if self.due_at(now).is_none_or(|due| due > now) {
            return None;
        }
        self.last_sent = Some(now);
        Some(std::mem::take(&mut self.pending))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn came(name: &str) -> PresenceNews {
        PresenceNews {
            online: vec![name.to_owned()],
            offline: vec![],
        }
    }

    fn went(name: &str) -> PresenceNews {
        PresenceNews {
            online: vec![],
            offline: vec![name.to_owned()],
        }
    }

    #[test]
    fn the_first_news_goes_out_at_once() {
        let mut feed = PresenceFeed::default();
        let now = Instant::now();
        assert_eq!(feed.take(now), None, "nothing to say");
        feed.add(&came("Alice"));
        assert_eq!(feed.due_at(now), Some(now));
        assert_eq!(feed.take(now), Some(came("Alice")));
    }

    #[test]
    fn news_within_a_second_of_the_last_waits_and_goes_out_together() {
        let mut feed = PresenceFeed::default();
        let start = Instant::now();
        feed.add(&came("Alice"));
        feed.take(start).unwrap();
        feed.add(&came("Bob"));
        feed.add(&went("Carol"));
        assert_eq!(feed.due_at(start), Some(start + PRESENCE_EVERY));
        assert_eq!(feed.take(start + Duration::from_millis(500)), None);
        let together = feed.take(start + PRESENCE_EVERY).unwrap();
        assert_eq!(together.online, ["Bob"]);
        assert_eq!(together.offline, ["Carol"]);
        assert_eq!(feed.due_at(start + PRESENCE_EVERY), None);
    }

    #[test]
    fn the_latest_news_of_a_player_wins() {
        let mut feed = PresenceFeed::default();
        feed.add(&came("Alice"));
        feed.add(&went("Alice"));
        let now = Instant::now();
        assert_eq!(feed.take(now), Some(went("Alice")));
        feed.add(&went("Bob"));
        feed.add(&came("Bob"));
        assert_eq!(feed.take(now + PRESENCE_EVERY), Some(came("Bob")));
    }
}
