//! Counters the engine keeps for operators and benchmarks.

use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};

#[derive(Debug)]
pub struct Stats {
    inputs: AtomicU64,
    groups: AtomicU64,
    commits: AtomicU64,
    failed_commits: AtomicU64,
    saving: AtomicBool,
}

impl Default for Stats {
    fn default() -> Self {
        Stats {
            inputs: AtomicU64::new(0),
            groups: AtomicU64::new(0),
            commits: AtomicU64::new(0),
            failed_commits: AtomicU64::new(0),
            saving: AtomicBool::new(true),
        }
    }
}

impl Stats {
    pub fn record_group(&self, inputs: usize, committed: bool) {
        self.inputs.fetch_add(inputs as u64, Ordering::Relaxed);
        self.groups.fetch_add(1, Ordering::Relaxed);
        if committed {
            self.commits.fetch_add(1, Ordering::Relaxed);
        }
    }

    pub fn record_failed_commit(&self) {
        self.failed_commits.fetch_add(1, Ordering::Relaxed);
    }

    pub fn set_saving(&self, saving: bool) {
        self.saving.store(saving, Ordering::Relaxed);
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

    /// Commits that failed since start.
    pub fn failed_commits(&self) -> u64 {
        self.failed_commits.load(Ordering::Relaxed)
    }

    /// Whether the last commit that wrote anything succeeded: `false` while
    /// the game refuses what needs saving.
    pub fn saving(&self) -> bool {
        self.saving.load(Ordering::Relaxed)
    }
}
