//! What each account was sent lately, so a client that drops and comes back
//! misses nothing (`since` on the wire).
//!
//! Kept per account: at most [`KEPT_MESSAGES`] messages, none older than
//! [`KEPT_FOR`], as the contract promises. An entry is a number, a time and a
//! shared pointer to the message, which every recipient's history shares: a
//! shout to a thousand players is one message and a thousand small entries.
//! Every node records every account's messages (in a cluster each reads the
//! whole output), so a client may come back to any of them.

use std::collections::{HashMap, VecDeque};
use std::sync::Arc;
use std::time::{Duration, Instant};

use crate::bus::Seq;
use crate::game::{Event, Response, UserKey};

/// Most messages kept per account.
pub const KEPT_MESSAGES: usize = 500;
/// Longest a message is kept.
pub const KEPT_FOR: Duration = Duration::from_secs(10 * 60);

/// Accounts recorded between two sweeps for histories gone stale.
const SWEEP_EVERY: usize = 10_000;

#[derive(Debug, Clone)]
pub enum Recorded {
    Reply {
        command: Arc<str>,
        response: Arc<Response>,
    },
    Event(Arc<Event>),
    /// An event told to the account's other connections about a command
    /// one of them sent (`self`). It keeps its number but is not sent again
    /// to a client catching up: that client either sent the command itself
    /// and read the answer, or is sent the answer, which says the same.
    ToOtherTabs(Arc<Event>),
}

#[derive(Debug, Clone)]
pub struct Entry {
    pub seq: Seq,
    pub at: Instant,
    pub message: Recorded,
}

/// What to send a client that last saw `since`.
#[derive(Debug)]
pub struct Catchup {
    /// Whether some messages after `since` are no longer kept.
    pub gap: bool,
    pub missed: Vec<Entry>,
}

#[derive(Debug, Default)]
pub struct History {
    accounts: HashMap<UserKey, VecDeque<Entry>>,
    recorded_since_sweep: usize,
}

impl History {
    pub fn record(&mut self, account: &UserKey, seq: Seq, message: Recorded, now: Instant) {
        let entries = match self.accounts.get_mut(account) {
            Some(entries) => entries,
            None => self.accounts.entry(account.clone()).or_default(),
        };
        entries.push_back(Entry {
            seq,
            at: now,
            message,
        });
        forget_old(entries, now);
        self.recorded_since_sweep += 1;
        if self.recorded_since_sweep >= SWEEP_EVERY {
            self.sweep(now);
        }
    }

    /// What the account was sent after `since`, up to `last` (the last
    /// number it has used), as far as it is still kept.
    pub fn catch_up(&mut self, account: &UserKey, since: Seq, last: Seq, now: Instant) -> Catchup {
        if since >= last {
            return Catchup {
                gap: false,
                missed: Vec::new(),
            };
        }
        let Some(entries) = self.accounts.get_mut(account) else {
            return Catchup {
                gap: true,
                missed: Vec::new(),
            };
        };
        forget_old(entries, now);
        let after: Vec<&Entry> = entries.iter().filter(|entry| entry.seq > since).collect();
        let gap = after.first().is_none_or(|first| first.seq != since.next());
        let missed = after
            .into_iter()
            .filter(|entry| !matches!(entry.message, Recorded::ToOtherTabs(_)))
            .cloned()
            .collect();
        Catchup { gap, missed }
    }

    /// Accounts with anything kept.
    #[cfg(test)]
    fn accounts(&self) -> usize {
        self.accounts.len()
    }

    fn sweep(&mut self, now: Instant) {
        self.recorded_since_sweep = 0;
        self.accounts.retain(|_, entries| {
            forget_old(entries, now);
            !entries.is_empty()
        });
    }
}

fn forget_old(entries: &mut VecDeque<Entry>, now: Instant) {
    while entries.len() > KEPT_MESSAGES
        || entries
            .front()
            .is_some_and(|oldest| now.duration_since(oldest.at) > KEPT_FOR)
    {
        entries.pop_front();
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::game::{Audience, EventKind};

    fn said(text: &str) -> Recorded {
        Recorded::Event(Arc::new(Event::new(
            Audience::Everyone { except: vec![] },
            EventKind::Say,
            text,
        )))
    }

    fn seqs(catchup: &Catchup) -> Vec<u64> {
        catchup.missed.iter().map(|entry| entry.seq.0).collect()
    }

    #[test]
    fn a_client_is_sent_everything_after_what_it_saw() {
        let mut history = History::default();
        let alice = UserKey::new("alice");
        let now = Instant::now();
        for seq in 1..=5 {
            history.record(&alice, Seq(seq), said("hi"), now);
        }
        let catchup = history.catch_up(&alice, Seq(2), Seq(5), now);
        assert!(!catchup.gap);
        assert_eq!(seqs(&catchup), [3, 4, 5]);
        let up_to_date = history.catch_up(&alice, Seq(5), Seq(5), now);
        assert!(!up_to_date.gap && up_to_date.missed.is_empty());
    }

    #[test]
    fn only_the_newest_messages_are_kept_and_older_ones_are_a_gap() {
        let mut history = History::default();
        let alice = UserKey::new("alice");
        let now = Instant::now();
        let sent = KEPT_MESSAGES as u64 + 20;
        for seq in 1..=sent {
            history.record(&alice, Seq(seq), said("hi"), now);
        }
        let catchup = history.catch_up(&alice, Seq(0), Seq(sent), now);
        assert!(catchup.gap);
        assert_eq!(catchup.missed.len(), KEPT_MESSAGES);
        assert_eq!(catchup.missed[0].seq, Seq(21));
    }

    #[test]
    fn messages_older_than_ten_minutes_are_forgotten() {
        let mut history = History::default();
        let alice = UserKey::new("alice");
        let start = Instant::now();
        history.record(&alice, Seq(1), said("old"), start);
        history.record(&alice, Seq(2), said("new"), start + KEPT_FOR);
        let later = start + KEPT_FOR + Duration::from_secs(1);
        let catchup = history.catch_up(&alice, Seq(0), Seq(2), later);
        assert!(catchup.gap);
        assert_eq!(seqs(&catchup), [2]);
    }

    #[test]
    fn what_other_tabs_were_told_of_a_command_is_counted_but_not_sent_again() {
        let mut history = History::default();
        let alice = UserKey::new("alice");
        let now = Instant::now();
        let echo = Arc::new(Event::new(
            Audience::OtherTabs,
            EventKind::Own,
            "You take it.",
        ));
        history.record(&alice, Seq(1), said("hi"), now);
        history.record(&alice, Seq(2), Recorded::ToOtherTabs(echo), now);
        history.record(&alice, Seq(3), said("bye"), now);
        let catchup = history.catch_up(&alice, Seq(1), Seq(3), now);
        assert!(!catchup.gap, "number 2 was kept, though not sent again");
        assert_eq!(seqs(&catchup), [3]);
    }

    #[test]
    fn an_account_with_nothing_kept_but_messages_sent_has_a_gap() {
        let mut history = History::default();
        let catchup = history.catch_up(&UserKey::new("bob"), Seq(3), Seq(9), Instant::now());
        assert!(catchup.gap && catchup.missed.is_empty());
    }

    #[test]
    fn stale_histories_are_swept_away() {
        let mut history = History::default();
        let start = Instant::now();
        history.record(&UserKey::new("old"), Seq(1), said("hi"), start);
        let later = start + KEPT_FOR + Duration::from_secs(1);
        for n in 0..SWEEP_EVERY {
            history.record(&UserKey::new("new"), Seq(n as u64), said("hi"), later);
        }
        assert_eq!(history.accounts(), 1);
    }
}
