//! Counters the engine keeps for operators and benchmarks.

use std::sync::atomic::{AtomicU64, Ordering};

#[derive(Debug, Default)]
pub struct Stats {
    inputs: AtomicU64,
    groups: AtomicU64,
    commits: AtomicU64,
}

impl Stats {
    pub fn record_group(&self, inputs: usize, committed: bool) {
        self.inputs.fetch_add(inputs as u64, Ordering::Relaxed);
        self.groups.fetch_add(1, Ordering::Relaxed);
        if committed {
            self.commits.fetch_add(1, Ordering::Relaxed);
        }
    }

    /// Inputs applied since start.
    pub fn inputs(&self) -> u64 {
        self.inputs.load(Ordering::Relaxed)
    }

    /// Groups of inputs applied since start.
    pub fn groups(&self) -> u64 {
        self.groups.load(Ordering::Relaxed)
    }

    /// Durable commits since start.
    pub fn commits(&self) -> u64 {
        self.commits.load(Ordering::Relaxed)
    }
}
