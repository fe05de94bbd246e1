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
