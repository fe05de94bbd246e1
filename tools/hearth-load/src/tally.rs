//! What the players saw, counted as it happens.
//!
//! Every player runs on the load generator's single thread, so they share one
//! [`Tally`] through an `Rc<RefCell<_>>` with no locking. Each answered
//! command keeps its send time and latency, so percentiles can be taken over
//! any interval afterwards (the measured window, or the seconds of a login
//! storm).

use std::cell::RefCell;
use std::collections::BTreeMap;
use std::rc::Rc;
use std::time::{Duration, Instant};

use hdrhistogram::Histogram;

pub type Shared = Rc<RefCell<Tally>>;

/// One answered command.
#[derive(Debug, Clone, Copy)]
pub struct Sample {
    /// When it was sent (open loop: when it was due, so a late send counts
    /// against the server rather than hiding it).
    pub sent: Instant,
    pub latency: Duration,
}

#[derive(Debug, Default)]
pub struct Tally {
    /// Only what happens in here counts towards rates.
    window: Option<(Instant, Instant)>,
    pub samples: Vec<Sample>,
    /// Commands sent and answered in the whole run, warm-up and walks
    /// included.
    pub sent: u64,
    pub answered: u64,
    /// Responses and events received inside the window.
    pub received_in_window: u64,
    /// `say` events received since the run began, and how many the players
    /// in the senders' rooms should have received.
    pub says_received: u64,
    pub says_expected: u64,
    /// Moves, takes and drops the server confirmed.
    pub state_changes: u64,
    pub connected: usize,
    /// Commands left unanswered when their connection's instance died, and
    /// the players that connected again to another.
    pub cut_off: u64,
    pub rejoined: u64,
    /// Problems by kind, with the first example of each.
    pub errors: BTreeMap<String, (u64, String)>,
}

impl Tally {
    pub fn shared() -> Shared {
        Rc::new(RefCell::new(Tally::default()))
    }

    /// Starts a run: from now on `say`s are counted and checked, and rates
    /// count between `from` and `to`.
    pub fn begin(&mut self, from: Instant, to: Instant) {
        self.window = Some((from, to));
        self.says_received = 0;
        self.says_expected = 0;
    }

    fn in_window(&self, at: Instant) -> bool {
        self.window
            .is_some_and(|(from, to)| (from..to).contains(&at))
    }

    pub fn received(&mut self, at: Instant) {
        if self.in_window(at) {
            self.received_in_window += 1;
        }
    }

    pub fn answered(&mut self, sent: Instant, at: Instant) {
        self.answered += 1;
        self.received(at);
        self.samples.push(Sample {
            sent,
            latency: at - sent,
        });
    }

    pub fn error(&mut self, kind: &str, example: impl FnOnce() -> String) {
        self.errors
            .entry(kind.to_owned())
            .or_insert_with(|| (0, example()))
            .0 += 1;
    }

    pub fn error_count(&self) -> u64 {
        self.errors.values().map(|(count, _)| count).sum()
    }

    /// When the first answer to a command sent after `at` arrived.
    pub fn first_answer_to_one_sent_after(&self, at: Instant) -> Option<Instant> {
        self.samples
            .iter()
            .filter(|sample| sample.sent > at)
            .map(Sample::answered)
            .min()
    }

    /// The longest time between `from` and `to` in which no command was
    /// answered (the window's edges count as answers).
    pub fn longest_silence(&self, from: Instant, to: Instant) -> Duration {
        let mut answers: Vec<Instant> = self
            .samples
            .iter()
            .map(Sample::answered)
            .filter(|answered| (from..to).contains(answered))
            .collect();
        answers.sort_unstable();
        std::iter::once(from)
            .chain(answers)
            .chain(std::iter::once(to))
            .collect::<Vec<_>>()
            .windows(2)
            .map(|pair| pair[1] - pair[0])
            .max()
            .unwrap_or_default()
    }

    /// Latencies of commands sent between `from` and `to`.
    pub fn latencies(&self, from: Instant, to: Instant) -> Latencies {
        Latencies::of(
            self.samples
                .iter()
                .filter(|sample| (from..to).contains(&sample.sent))
                .map(|sample| sample.latency),
        )
    }
}

impl Sample {
    fn answered(&self) -> Instant {
        self.sent + self.latency
    }
}

/// Latency percentiles in milliseconds.
#[derive(Debug, Clone, Copy, Default, serde::Serialize)]
pub struct Latencies {
    pub count: u64,
    pub p50_ms: f64,
    pub p90_ms: f64,
    pub p99_ms: f64,
    pub max_ms: f64,
}

impl Latencies {
    pub fn of(durations: impl Iterator<Item = Duration>) -> Latencies {
        let mut histogram =
            Histogram::<u64>::new_with_bounds(1, 120_000_000, 3).expect("valid bounds");
        for duration in durations {
            histogram.saturating_record(duration.as_micros().max(1) as u64);
        }
        let ms = |micros: u64| micros as f64 / 1000.0;
        if histogram.is_empty() {
            return Latencies::default();
        }
        Latencies {
            count: histogram.len(),
            p50_ms: ms(histogram.value_at_quantile(0.50)),
            p90_ms: ms(histogram.value_at_quantile(0.90)),
            p99_ms: ms(histogram.value_at_quantile(0.99)),
            max_ms: ms(histogram.max()),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_longest_silence_and_the_first_answer_to_a_command_sent_after_a_moment() {
        let start = Instant::now();
        let at = |ms: u64| start + Duration::from_millis(ms);
        let mut tally = Tally::default();
        for (sent, answered) in [(0, 10), (20, 30), (25, 3_100), (3_000, 3_150)] {
            tally.answered(at(sent), at(answered));
        }
        assert_eq!(
            tally.longest_silence(at(0), at(4_000)),
            Duration::from_millis(3_070)
        );
        assert_eq!(
            tally.first_answer_to_one_sent_after(at(22)),
            Some(at(3_100))
        );
        assert_eq!(
            tally.first_answer_to_one_sent_after(at(40)),
            Some(at(3_150))
        );
        assert_eq!(tally.first_answer_to_one_sent_after(at(3_000)), None);
        assert_eq!(
            Tally::default().longest_silence(at(0), at(5)),
            Duration::from_millis(5)
        );
    }
}
