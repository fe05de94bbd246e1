//! Backups while the server runs: snapshots in the data directory.
//!
//! The running server holds the database's lock, so it makes the copies
//! itself: on a schedule, when the operator sends SIGUSR1, or when a test
//! asks. Each snapshot is a complete, consistent database file in
//! `<data dir>/snapshots/`, named by the time it was taken; the oldest are
//! deleted beyond the number to keep. `hearth restore FILE` puts one back.

use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::{Duration, SystemTime};

use tokio_util::sync::CancellationToken;

use crate::store::{Store, StoreError};

const PREFIX: &str = "hearth-";
const SUFFIX: &str = ".redb";

/// Where and how many snapshots are kept.
#[derive(Debug, Clone)]
pub struct SnapshotPolicy {
    pub directory: PathBuf,
    /// How often to take one; `None` only on request.
    pub every: Option<Duration>,
    pub keep: usize,
}

impl SnapshotPolicy {
    pub fn in_data_dir(data_dir: &Path, every: Option<Duration>, keep: usize) -> SnapshotPolicy {
        SnapshotPolicy {
            directory: data_dir.join("snapshots"),
            every,
            keep: keep.max(1),
        }
    }
}

/// Takes snapshots of one store by one policy; cheap to clone.
#[derive(Clone)]
pub struct Snapshotter {
    pub store: Arc<dyn Store>,
    pub policy: SnapshotPolicy,
}

impl Snapshotter {
    /// Takes a snapshot now and prunes old ones; returns its path.
    pub async fn take(&self) -> Result<PathBuf, StoreError> {
        take(self.store.as_ref(), &self.policy).await
    }
}

async fn take(store: &dyn Store, policy: &SnapshotPolicy) -> Result<PathBuf, StoreError> {
    crate::disk::create_private_dir(&policy.directory).map_err(|error| {
        StoreError::Storage(format!(
            "cannot create {}: {error}",
            policy.directory.display()
        ))
    })?;
    let path = policy.directory.join(file_name(SystemTime::now()));
    store.snapshot(path.clone()).await?;
    prune(&policy.directory, policy.keep);
    tracing::info!(path = %path.display(), "snapshot taken");
    Ok(path)
}

/// Takes snapshots on the policy's schedule until `stop` is cancelled.
pub async fn run_schedule(snapshotter: Snapshotter, stop: CancellationToken) {
    let Some(every) = snapshotter.policy.every else {
        return;
    };
    let mut ticks = tokio::time::interval_at(tokio::time::Instant::now() + every, every);
    loop {
        tokio::select! {
            () = stop.cancelled() => return,
            _ = ticks.tick() => {
                if let Err(error) = snapshotter.take().await {
                    tracing::error!(%error, "a scheduled snapshot failed");
                }
            }
        }
    }
}

/// `hearth-2026-11-26T13-07-09.123Z.redb`: sorts by time, valid on every file system.
fn file_name(when: SystemTime) -> String {
    let stamp = humantime::format_rfc3339_millis(when)
        .to_string()
        .replace(':', "-");
    format!("{PREFIX}{stamp}{SUFFIX}")
}

/// What a host whose database cannot be used can do about it: the command
/// that puts back the newest snapshot, or where snapshots would be.
pub fn restore_advice(data_dir: &Path) -> String {
    let directory = SnapshotPolicy::in_data_dir(data_dir, None, 1).directory;
    let data_dir = data_dir.display();
    match list(&directory).last() {
        Some(newest) => format!(
            "To go back to the newest snapshot, run: hearth restore {} --data-dir {data_dir} \
             (snapshots are kept in {}).",
            newest.display(),
            directory.display()
        ),
        None => format!(
            "Snapshots are kept in {}, but there are none; `hearth restore <snapshot> \
             --data-dir {data_dir}` puts back one copied from elsewhere.",
            directory.display()
        ),
    }
}

/// The snapshots in `directory`, oldest first.
pub fn list(directory: &Path) -> Vec<PathBuf> {
    let Ok(entries) = std::fs::read_dir(directory) else {
        return Vec::new();
    };
    let mut snapshots: Vec<PathBuf> = entries
        .filter_map(Result::ok)
        .map(|entry| entry.path())
        .filter(|path| {
            path.file_name()
                .and_then(|name| name.to_str())
                .is_some_and(|name| name.starts_with(PREFIX) && name.ends_with(SUFFIX))
        })
        .collect();
    snapshots.sort();
    snapshots
}

fn prune(directory: &Path, keep: usize) {
    let snapshots = list(directory);
    let excess = snapshots.len().saturating_sub(keep);
    for old in &snapshots[..excess] {
        if let Err(error) = std::fs::remove_file(old) {
            tracing::warn!(path = %old.display(), %error, "could not delete an old snapshot");
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_sort_in_time_order() {
        let earlier = file_name(SystemTime::UNIX_EPOCH + Duration::from_secs(1_000_000_000));
        let later = file_name(SystemTime::UNIX_EPOCH + Duration::from_secs(1_700_000_000));
        assert!(earlier < later);
        assert!(!earlier.contains(':'));
    }

    #[test]
    fn pruning_keeps_the_newest() {
        let directory = tempfile::tempdir().unwrap();
        for second in 1..=5 {
            let name = file_name(SystemTime::UNIX_EPOCH + Duration::from_secs(second));
            std::fs::write(directory.path().join(name), b"").unwrap();
        }
        std::fs::write(directory.path().join("notes.txt"), b"").unwrap();
        prune(directory.path(), 2);
        let mut left: Vec<String> = std::fs::read_dir(directory.path())
            .unwrap()
            .map(|entry| entry.unwrap().file_name().into_string().unwrap())
            .collect();
        left.sort();
        assert_eq!(
            left,
            [
                file_name(SystemTime::UNIX_EPOCH + Duration::from_secs(4)),
                file_name(SystemTime::UNIX_EPOCH + Duration::from_secs(5)),
                "notes.txt".to_owned()
            ]
        );
    }
}
