//! What each account was sent lately, so a client that drops and comes back
//! misses nothing (`since` on the wire).
//!
//! Kept per account: at most [`KEPT_MESSAGES`] messages, none older than
//! [`KEPT_FOR`], as the contract promises, and at most [`KEPT_BYTES`] of
//! them: 500 lines of chat fit, but 500 answers to `who` with 10,000 names
//! each would hold gigabytes. A message larger than [`LARGEST_KEPT`] (such
//! a `who`) is not kept at all; its number is, so a client that missed it is
//! told of a gap there. Costs, measured: BENCHMARKS.md, "Resuming: what the
//! history costs".
//!
//! An entry is 24 bytes: a number, when it was sent (in seconds), what it
//! weighs against the account's bytes, and a shared pointer to the message,
//! which every recipient's history shares: a shout to a thousand players is
//! one message and a thousand entries. Every node records every account's
//! messages (in a cluster each reads the whole output), so a client may come
//! back to any of them.

use std::collections::VecDeque;
use std::sync::Arc;
use std::time::{Duration, Instant};

use foldhash::{HashMap, HashMapExt};

use crate::bus::Seq;
use crate::game::{Event, Response, UserKey, View};

/// Most messages kept per account.
pub const KEPT_MESSAGES: usize = 500;
/// Longest a message is kept.
pub const KEPT_FOR: Duration = Duration::from_secs(10 * 60);
/// Most bytes of messages kept per account, as [`weight`] counts them.
pub const KEPT_BYTES: usize = 96 * 1024;
/// The largest message kept.
pub const LARGEST_KEPT: usize = KEPT_BYTES / 4;

/// What every message weighs besides its text and data: its entry and the
/// fixed part of its structures, shared or not.
const MESSAGE_WEIGHT: usize = 64;
/// What a string of a message's data weighs besides its text.
const STRING_WEIGHT: usize = 24;

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

#[derive(Debug)]
struct Entry {
    seq: Seq,
    /// `None` when the message was too large to keep.
    message: Option<Arc<Recorded>>,
    /// When it was sent, in seconds since the history began.
    at: u32,
    /// What it weighs against the account's [`KEPT_BYTES`].
    weight: u32,
}

/// A message to send again to a client catching up.
#[derive(Debug)]
pub struct Missed {
    pub seq: Seq,
    pub message: Arc<Recorded>,
}

/// What to send a client that last saw `since`.
#[derive(Debug)]
pub struct Catchup {
    /// Whether some messages after `since` are no longer kept.
    pub gap: bool,
    pub missed: Vec<Missed>,
}

#[derive(Debug, Default)]
struct Kept {
    entries: VecDeque<Entry>,
    /// The weight of the entries.
    bytes: usize,
}

#[derive(Debug)]
pub struct History {
    began: Instant,
    accounts: HashMap<UserKey, Kept>,
    recorded_since_sweep: usize,
}

impl Default for History {
    fn default() -> History {
        History {
            began: Instant::now(),
            accounts: HashMap::new(),
            recorded_since_sweep: 0,
        }
    }
}

impl History {
    /// Records that `account` was sent `message`, numbered `seq`, at `now`.
    pub fn record(&mut self, account: &UserKey, seq: Seq, message: &Arc<Recorded>, now: Instant) {
        let now = self.seconds(now);
        let kept = match self.accounts.get_mut(account) {
            Some(kept) => kept,
            None => self.accounts.entry(account.clone()).or_default(),
        };
        let weight = weight(message);
        let (message, weight) = match weight <= LARGEST_KEPT {
            true => (Some(message.clone()), weight),
            false => (None, MESSAGE_WEIGHT),
        };
        kept.entries.push_back(Entry {
            seq,
            message,
            at: now,
            weight: weight as u32,
        });
        kept.bytes += weight;
        kept.forget_old(now);
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
        let now = self.seconds(now);
        let Some(kept) = self.accounts.get_mut(account) else {
            return Catchup {
                gap: true,
                missed: Vec::new(),
            };
        };
        kept.forget_old(now);
        let after: Vec<&Entry> = kept.entries.iter().filter(|e| e.seq > since).collect();
        let gap = after.first().is_none_or(|first| first.seq != since.next())
            || after.iter().any(|entry| entry.message.is_none());
        let missed = after
            .into_iter()
            .filter_map(|entry| {
                let message = entry.message.as_ref()?;
                let for_other_tabs = matches!(message.as_ref(), Recorded::ToOtherTabs(_));
                (!for_other_tabs).then(|| Missed {
                    seq: entry.seq,
                    message: message.clone(),
                })
            })
            .collect();
        Catchup { gap, missed }
    }

    /// Accounts with anything kept.
    #[cfg(test)]
    fn accounts(&self) -> usize {
        self.accounts.len()
    }

    fn seconds(&self, now: Instant) -> u32 {
        let elapsed = now.saturating_duration_since(self.began).as_secs();
        u32::try_from(elapsed).unwrap_or(u32::MAX)
    }

    fn sweep(&mut self, now: u32) {
        self.recorded_since_sweep = 0;
        self.accounts.retain(|_, kept| {
            kept.forget_old(now);
            !kept.entries.is_empty()
        });
    }
}

impl Kept {
    fn forget_old(&mut self, now: u32) {
        let kept_for = KEPT_FOR.as_secs();
        while self.entries.len() > KEPT_MESSAGES
            || self.bytes > KEPT_BYTES
            || self
                .entries
                .front()
                .is_some_and(|oldest| u64::from(now.saturating_sub(oldest.at)) > kept_for)
        {
            let Some(oldest) = self.entries.pop_front() else {
                break;
            };
            self.bytes -= oldest.weight as usize;
        }
    }
}

/// What a message weighs against its account's [`KEPT_BYTES`]: its text
/// and data, and [`MESSAGE_WEIGHT`]. An event shared by several accounts
/// counts its text fully for each: the bound is on what one account may
/// hold.
fn weight(message: &Recorded) -> usize {
    MESSAGE_WEIGHT
        + match message {
            // An answer is its account's alone, structure and all.
            Recorded::Reply { command, response } => {
                size_of::<Response>()
                    + command.len()
                    + response.text.len()
                    + view_weight(response.view.as_ref())
            }
            Recorded::Event(event) | Recorded::ToOtherTabs(event) => {
                let details = [&event.from, &event.direction, &event.item, &event.to];
                event.text.len()
                    + details
                        .iter()
                        .filter_map(|detail| detail.as_ref())
                        .map(String::len)
                        .sum::<usize>()
                    + event.channel.as_ref().map_or(0, String::len)
                    + view_weight(event.data.as_ref())
            }
        }
}

fn view_weight(view: Option<&View>) -> usize {
    let strings = |strings: &[String]| {
        strings
            .iter()
            .map(|string| string.len() + STRING_WEIGHT)
            .sum::<usize>()
    };
    match view {
        None => 0,
        Some(View::Room(room)) => {
            room.name.len() + strings(&room.exits) + strings(&room.items) + strings(&room.players)
        }
        Some(
            View::Players(names)
            | View::Inventory(names)
            | View::Channels(names)
            | View::Commands(names),
        ) => strings(names),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::game::{Audience, EventKind};

    fn said(text: &str) -> Arc<Recorded> {
        Arc::new(Recorded::Event(Arc::new(Event::new(
            Audience::Everyone { except: vec![] },
            EventKind::Say,
            text,
        ))))
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
            history.record(&alice, Seq(seq), &said("hi"), now);
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
            history.record(&alice, Seq(seq), &said("hi"), now);
        }
        let catchup = history.catch_up(&alice, Seq(0), Seq(sent), now);
        assert!(catchup.gap);
        assert_eq!(catchup.missed.len(), KEPT_MESSAGES);
        assert_eq!(catchup.missed[0].seq, Seq(21));
    }

    #[test]
    fn the_contracts_500_lines_of_lively_chat_are_all_kept() {
        let mut history = History::default();
        let alice = UserKey::new("alice");
        let now = Instant::now();
        // A line of speech as long as lively chat's run (about 100 characters).
        let line = "Bartholomew says, \"has anyone seen the lost key? I think it fell near the old well by the gate\"";
        for seq in 1..=KEPT_MESSAGES as u64 {
            history.record(&alice, Seq(seq), &said(line), now);
        }
        let catchup = history.catch_up(&alice, Seq(0), Seq(KEPT_MESSAGES as u64), now);
        assert!(!catchup.gap);
        assert_eq!(catchup.missed.len(), KEPT_MESSAGES);
    }

    #[test]
    fn messages_older_than_ten_minutes_are_forgotten() {
        let mut history = History::default();
        let alice = UserKey::new("alice");
        let start = Instant::now();
        history.record(&alice, Seq(1), &said("old"), start);
        history.record(&alice, Seq(2), &said("new"), start + KEPT_FOR);
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
        history.record(&alice, Seq(1), &said("hi"), now);
        history.record(&alice, Seq(2), &Arc::new(Recorded::ToOtherTabs(echo)), now);
        history.record(&alice, Seq(3), &said("bye"), now);
        let catchup = history.catch_up(&alice, Seq(1), Seq(3), now);
        assert!(!catchup.gap, "number 2 was kept, though not sent again");
        assert_eq!(seqs(&catchup), [3]);
    }

    #[test]
    fn at_most_so_many_bytes_are_kept_and_older_ones_are_a_gap() {
        let mut history = History::default();
        let alice = UserKey::new("alice");
        let now = Instant::now();
        let line = "x".repeat(LARGEST_KEPT - MESSAGE_WEIGHT);
        for seq in 1..=6 {
            history.record(&alice, Seq(seq), &said(&line), now);
        }
        let catchup = history.catch_up(&alice, Seq(0), Seq(6), now);
        assert!(catchup.gap);
        assert_eq!(seqs(&catchup), [3, 4, 5, 6], "four of them fill the bytes");
    }

    #[test]
    fn a_message_too_large_to_keep_is_a_gap_where_it_was() {
        let mut history = History::default();
        let alice = UserKey::new("alice");
        let now = Instant::now();
        let names: Vec<String> = (0..10_000).map(|n| format!("player{n}")).collect();
        let who = Arc::new(Recorded::Reply {
            command: "who".into(),
            response: Arc::new(Response {
                text: names.join(", "),
                view: Some(View::Players(names)),
            }),
        });
        history.record(&alice, Seq(1), &said("before"), now);
        history.record(&alice, Seq(2), &who, now);
        history.record(&alice, Seq(3), &said("after"), now);
        let catchup = history.catch_up(&alice, Seq(0), Seq(3), now);
        assert!(catchup.gap);
        assert_eq!(seqs(&catchup), [1, 3], "what came before and after is kept");
        assert!(Arc::strong_count(&who) == 1, "the large one is not held");
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
        history.record(&UserKey::new("old"), Seq(1), &said("hi"), start);
        let later = start + KEPT_FOR + Duration::from_secs(1);
        for n in 0..SWEEP_EVERY {
            history.record(&UserKey::new("new"), Seq(n as u64), &said("hi"), later);
        }
        assert_eq!(history.accounts(), 1);
    }
}
