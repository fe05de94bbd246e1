//! Telling the host how a long repair is going.
//!
//! After a crash redb rebuilds its allocation records by walking every page
//! of the file, which on a database of gigabytes takes minutes and showed
//! nothing. redb reports its progress through a callback now and then; this
//! logs it at info level, at most every [`STEP`] of the way or every
//! [`INTERVAL`], so a host sees the server is busy and how far it has come.

use std::sync::Mutex;
use std::time::{Duration, Instant};

/// Log at least this much progress apart (10%)...
const STEP: f64 = 0.1;
/// ... or when this long has passed since the last line.
const INTERVAL: Duration = Duration::from_secs(5);

/// Decides which progress reports are worth a line in the log.
pub struct RepairProgress {
    last: Mutex<Option<(f64, Instant)>>,
}

impl RepairProgress {
    pub fn new() -> RepairProgress {
        RepairProgress {
            last: Mutex::new(None),
        }
    }

    /// Logs `progress` (0.0 to 1.0) if it is far enough from the last line.
    pub fn report(&self, progress: f64) {
        if let Some(line) = self.line_for(progress, Instant::now()) {
            tracing::info!("{line}");
        }
    }

    /// The line to log for `progress` at `now`, if any.
    fn line_for(&self, progress: f64, now: Instant) -> Option<String> {
        let mut last = self
            .last
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner());
        let due = match *last {
            None => true,
            Some((logged, at)) => progress - logged >= STEP || now.duration_since(at) >= INTERVAL,
        };
        if !due {
            return None;
        }
        *last = Some((progress, now));
        let percent = (progress * 100.0).round() as u32;
        Some(if percent == 0 {
            "the database was not closed cleanly; redb is repairing it (this reads the whole file)"
                .to_owned()
        } else {
            format!("repairing the database: {percent}% done")
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_start_and_every_tenth_of_the_way_are_logged() {
        let progress = RepairProgress::new();
        let start = Instant::now();
        let lines: Vec<String> = [0.0, 0.05, 0.3, 0.35, 0.6, 0.9]
            .into_iter()
            .filter_map(|done| progress.line_for(done, start))
            .collect();
        assert_eq!(lines.len(), 4, "{lines:?}");
        assert!(lines[0].contains("repairing it"));
        assert_eq!(lines[1], "repairing the database: 30% done");
        assert_eq!(lines[3], "repairing the database: 90% done");
    }

    #[test]
    fn slow_progress_is_logged_every_few_seconds() {
        let progress = RepairProgress::new();
        let start = Instant::now();
        assert!(progress.line_for(0.0, start).is_some());
        assert!(
            progress
                .line_for(0.01, start + Duration::from_secs(1))
                .is_none()
        );
        assert_eq!(
            progress
                .line_for(0.02, start + INTERVAL + Duration::from_secs(1))
                .as_deref(),
            Some("repairing the database: 2% done")
        );
    }
}
