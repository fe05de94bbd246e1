//! Putting a snapshot back in place of the live database, so that a failure
//! or a crash at any moment leaves a database that opens.
//!
//! Only while no server has the database open, and only a snapshot this
//! Hearth can use. Then the [`Step`]s, in order:
//!
//! 1. copy the snapshot beside the live file, as `hearth.redb.restoring`;
//! 2. flush the copy to disk;
//! 3. check the copy reads as a Hearth database;
//! 4. give the live file a second name, `hearth.redb.before-restore-<time>`,
//!    that no file has yet (a hard link, which never overwrites), and flush
//!    the directory so the name survives;
//! 5. rename the copy over the live file: atomically, so `hearth.redb` is at
//!    every moment either the old database or the snapshot, whole;
//! 6. flush the directory, so the new names survive a power cut.
//!
//! Until step 5 the live database is untouched; a failure before it removes
//! what the restore made, and a crash leaves at most a stale copy, which the
//! next restore replaces. The old database is never deleted: it keeps its
//! `before-restore` name.
//!
//! [`restore_with`] runs the steps with a hook before each; the tests make it
//! fail, or crash (panic), at every step and open the database afterwards.

#[cfg(test)]
mod tests;

use std::io::{self, Write as _};
use std::panic::catch_unwind;
use std::path::{Path, PathBuf};

use redb::{Builder, DatabaseError};

use super::open::DATABASE_FILE;
use super::schema::{self, CURRENT_VERSION, Found};
use crate::disk;
use crate::store::StoreError;

/// Most names tried for the set-aside database within one second.
const ASIDE_ATTEMPTS: u32 = 1000;

/// One step of a restore, in the order they run.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Step {
    CopySnapshot,
    FlushCopy,
    CheckCopy,
    SetLiveAside,
    MoveCopyIntoPlace,
    FlushDirectory,
}

impl Step {
    pub const ALL: [Step; 6] = [
        Step::CopySnapshot,
        Step::FlushCopy,
        Step::CheckCopy,
        Step::SetLiveAside,
        Step::MoveCopyIntoPlace,
        Step::FlushDirectory,
    ];

    fn describe(self) -> &'static str {
        match self {
            Step::CopySnapshot => "copy the snapshot into the data directory",
            Step::FlushCopy => "flush the copy to disk",
            Step::CheckCopy => "check the copy",
            Step::SetLiveAside => "set the current database aside",
            Step::MoveCopyIntoPlace => "move the copy into place",
            Step::FlushDirectory => "flush the data directory to disk",
        }
    }
}

/// Replaces the database in `data_dir` with `snapshot`. Returns where the
/// previous database is kept, if there was one.
pub fn restore(snapshot: &Path, data_dir: &Path) -> Result<Option<PathBuf>, StoreError> {
    restore_with(snapshot, data_dir, |_| Ok(()))
}

/// [`restore`], calling `before_step` before each step; an error it returns
/// fails that step.
pub fn restore_with(
    snapshot: &Path,
    data_dir: &Path,
    mut before_step: impl FnMut(Step) -> io::Result<()>,
) -> Result<Option<PathBuf>, StoreError> {
    check_snapshot(snapshot)?;
    let live = data_dir.join(DATABASE_FILE);
    ensure_not_in_use(&live)?;
    disk::create_private_dir(data_dir)
        .map_err(|error| io_error("create the data directory", &error))?;
    let mut restore = Restore {
        snapshot,
        data_dir,
        copy: data_dir.join(format!("{DATABASE_FILE}.restoring")),
        live,
        aside: None,
    };
    for step in Step::ALL {
        let done = before_step(step)
            .map_err(|error| io_error(step.describe(), &error))
            .and_then(|()| restore.run(step));
        if let Err(error) = done {
            if step > Step::MoveCopyIntoPlace {
                return Err(StoreError::Storage(format!(
                    "the snapshot is in place, but: {error}"
                )));
            }
            restore.undo();
            return Err(error);
        }
    }
    Ok(restore.aside)
}

/// Whether a server has the database in `data_dir` open.
pub fn in_use(data_dir: &Path) -> bool {
    ensure_not_in_use(&data_dir.join(DATABASE_FILE)).is_err()
}

struct Restore<'a> {
    snapshot: &'a Path,
    data_dir: &'a Path,
    live: PathBuf,
    copy: PathBuf,
    /// The second name given to the live database.
    aside: Option<PathBuf>,
}

impl Restore<'_> {
    fn run(&mut self, step: Step) -> Result<(), StoreError> {
        let failed = |error: io::Error| io_error(step.describe(), &error);
        match step {
            Step::CopySnapshot => self.copy_snapshot().map_err(failed),
            Step::FlushCopy => std::fs::File::open(&self.copy)
                .and_then(|copy| copy.sync_all())
                .map_err(failed),
            Step::CheckCopy => check_snapshot(&self.copy),
            Step::SetLiveAside => self.set_live_aside().map_err(failed),
            Step::MoveCopyIntoPlace => std::fs::rename(&self.copy, &self.live).map_err(failed),
            Step::FlushDirectory => disk::sync_dir(self.data_dir).map_err(failed),
        }
    }

    /// A copy readable by the owner only, whatever the snapshot's mode; a
    /// copy left by a crashed restore is replaced.
    fn copy_snapshot(&self) -> io::Result<()> {
        match std::fs::remove_file(&self.copy) {
            Err(error) if error.kind() != io::ErrorKind::NotFound => return Err(error),
            _ => {}
        }
        let mut copy = disk::create_private_file(&self.copy)?;
        io::copy(&mut std::fs::File::open(self.snapshot)?, &mut copy)?;
        copy.flush()
    }

    fn set_live_aside(&mut self) -> io::Result<()> {
        if !self.live.exists() {
            return Ok(());
        }
        let stamp = humantime::format_rfc3339_seconds(std::time::SystemTime::now())
            .to_string()
            .replace(':', "-");
        let base = format!("{DATABASE_FILE}.before-restore-{stamp}");
        for attempt in 1..=ASIDE_ATTEMPTS {
            let name = match attempt {
                1 => base.clone(),
                n => format!("{base}-{n}"),
            };
            let aside = self.data_dir.join(name);
            match std::fs::hard_link(&self.live, &aside) {
                Ok(()) => {
                    self.aside = Some(aside);
                    return disk::sync_dir(self.data_dir);
                }
                Err(error) if error.kind() == io::ErrorKind::AlreadyExists => continue,
                Err(error) => return Err(error),
            }
        }
        Err(io::Error::new(
            io::ErrorKind::AlreadyExists,
            format!("{ASIDE_ATTEMPTS} names like {base} are taken"),
        ))
    }

    /// Removes what the restore made before the snapshot was in place; the
    /// live database has its name throughout.
    fn undo(&mut self) {
        let _ = std::fs::remove_file(&self.copy);
        if let Some(aside) = self.aside.take() {
            let _ = std::fs::remove_file(aside);
        }
    }
}

fn check_snapshot(snapshot: &Path) -> Result<(), StoreError> {
    let unusable = |reason: String| StoreError::Unusable {
        path: snapshot.to_owned(),
        reason,
    };
    let opened = catch_unwind(|| Builder::new().open_read_only(snapshot));
    let db = match opened {
        Ok(Ok(db)) => db,
        Ok(Err(error)) => return Err(unusable(error.to_string())),
        Err(_) => return Err(unusable("its contents are damaged".to_owned())),
    };
    match schema::read_version(&db) {
        Ok(Found::Version(version)) if (1..=CURRENT_VERSION).contains(&version) => Ok(()),
        Ok(Found::Version(version)) => Err(StoreError::TooNew {
            path: snapshot.to_owned(),
            found: version,
            supported: CURRENT_VERSION,
        }),
        Ok(_) => Err(unusable("it is not a Hearth snapshot".to_owned())),
        Err(error) => Err(unusable(error.to_string())),
    }
}

fn ensure_not_in_use(live: &Path) -> Result<(), StoreError> {
    if !live.exists() {
        return Ok(());
    }
    match catch_unwind(|| Builder::new().open_read_only(live)) {
        Ok(Err(DatabaseError::DatabaseAlreadyOpen)) => Err(StoreError::InUse {
            path: live.to_owned(),
        }),
        _ => Ok(()),
    }
}

fn io_error(what: &str, error: &io::Error) -> StoreError {
    StoreError::Storage(format!("could not {what}: {error}"))
}
