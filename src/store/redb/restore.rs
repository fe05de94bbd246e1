//! Putting a snapshot back in place of the live database.
//!
//! Only while no server has the database open: the live file is moved aside
//! (never deleted) and the snapshot copied in, after checking the snapshot is
//! a Hearth database this version can use.

use std::panic::catch_unwind;
use std::path::{Path, PathBuf};

use redb::{Builder, DatabaseError};

use super::open::DATABASE_FILE;
use super::schema::{self, CURRENT_VERSION, Found};
use crate::store::StoreError;

/// Replaces the database in `data_dir` with `snapshot`. Returns where the
/// previous database was moved, if there was one.
pub fn restore(snapshot: &Path, data_dir: &Path) -> Result<Option<PathBuf>, StoreError> {
    check_snapshot(snapshot)?;
    let live = data_dir.join(DATABASE_FILE);
    ensure_not_in_use(&live)?;
    std::fs::create_dir_all(data_dir)
        .map_err(|error| io_error("create the data directory", &error))?;

    let set_aside = if live.exists() {
        let stamp = humantime::format_rfc3339_seconds(std::time::SystemTime::now())
            .to_string()
            .replace(':', "-");
        let aside = data_dir.join(format!("{DATABASE_FILE}.before-restore-{stamp}"));
        std::fs::rename(&live, &aside)
            .map_err(|error| io_error("move the current database aside", &error))?;
        Some(aside)
    } else {
        None
    };
    let partial = live.with_extension("restoring");
    std::fs::copy(snapshot, &partial).map_err(|error| io_error("copy the snapshot", &error))?;
    std::fs::File::open(&partial)
        .and_then(|file| file.sync_all())
        .map_err(|error| io_error("flush the copy", &error))?;
    std::fs::rename(&partial, &live)
        .map_err(|error| io_error("move the copy into place", &error))?;
    Ok(set_aside)
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

fn io_error(what: &str, error: &std::io::Error) -> StoreError {
    StoreError::Storage(format!("could not {what}: {error}"))
}
