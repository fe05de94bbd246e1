//! Opening the database file without ever damaging one we cannot use.
//!
//! A writable open of redb may write to the file (it repairs after a crash),
//! so Hearth first reads an existing file through a *read-only* handle, all
//! of it: a file that is in use, damaged anywhere, not a Hearth database or
//! from a newer Hearth is refused there and stays byte-for-byte as it was. Only a file that
//! passes (or one that a crash left needing redb's own repair) is opened for
//! writing, and then initialised or migrated to the current schema.

use std::panic::{AssertUnwindSafe, catch_unwind};
use std::path::Path;

use redb::{Builder, Database, DatabaseError, Durability};

use super::schema::{self, CURRENT_VERSION, Found};
use super::verify;
use crate::store::StoreError;

/// The database's file name inside the data directory.
pub const DATABASE_FILE: &str = "hearth.redb";

/// Page cache size: Hearth's working set is small, and the default (1 GiB)
/// would let the cache grow far past what a small server should use.
const CACHE_BYTES: usize = 64 * 1024 * 1024;

pub fn open(path: &Path) -> Result<Database, StoreError> {
    if let Some(found) = inspect_existing(path)? {
        check_version(path, &found)?;
    }
    let db = guarded(path, || {
        Builder::new().set_cache_size(CACHE_BYTES).create(path)
    })?;
    let found = guarded(path, || {
        schema::read_version(&db).map_err(into_database_error)
    })?;
    check_version(path, &found)?;
    prepare_schema(&db, &found).map_err(|error| unusable(path, error))?;
    Ok(db)
}

/// Looks at an existing file read-only. `None` when there is no file yet, or
/// when a crash left it needing redb's repair, which only a writable open does.
fn inspect_existing(path: &Path) -> Result<Option<Found>, StoreError> {
    let has_content = std::fs::metadata(path)
        .map(|meta| meta.len() > 0)
        .unwrap_or(false);
    if !has_content {
        return Ok(None);
    }
    let read_only = catch_unwind(|| {
        Builder::new()
            .set_cache_size(CACHE_BYTES)
            .open_read_only(path)
    });
    match read_only {
        Ok(Ok(db)) => {
            let found = guarded(path, || {
                schema::read_version(&db).map_err(into_database_error)
            })?;
            if matches!(found, Found::Version(version) if version <= CURRENT_VERSION) {
                guarded(path, || {
                    verify::read_everything(&db).map_err(into_database_error)
                })?;
            }
            Ok(Some(found))
        }
        Ok(Err(DatabaseError::RepairAborted)) => Ok(None),
        Ok(Err(error)) => Err(classify(path, error)),
        Err(_) => Err(unusable(path, "its contents are damaged")),
    }
}

fn check_version(path: &Path, found: &Found) -> Result<(), StoreError> {
    match *found {
        Found::Version(version) if version > CURRENT_VERSION => Err(StoreError::TooNew {
            path: path.to_owned(),
            found: version,
            supported: CURRENT_VERSION,
        }),
        Found::Version(0) => Err(unusable(
            path,
            "it records schema version 0, which no Hearth writes",
        )),
        Found::Foreign => Err(unusable(
            path,
            "it is a redb database, but not one of Hearth's",
        )),
        _ => Ok(()),
    }
}

fn prepare_schema(db: &Database, found: &Found) -> Result<(), redb::Error> {
    let version = match found {
        Found::Version(version) if *version == CURRENT_VERSION => return Ok(()),
        Found::Version(version) => Some(*version),
        _ => None,
    };
    let mut write = db.begin_write()?;
    write.set_durability(Durability::Immediate)?;
    match version {
        Some(version) => {
            tracing::info!(
                from = version,
                to = CURRENT_VERSION,
                "migrating the database"
            );
            schema::migrate(&write, version)?;
        }
        None => schema::initialize(&write)?,
    }
    write.commit()?;
    Ok(())
}

/// Runs a redb call, turning its errors and panics (redb may panic on a
/// damaged file) into a [`StoreError`] that says what is wrong.
fn guarded<T>(
    path: &Path,
    call: impl FnOnce() -> Result<T, DatabaseError>,
) -> Result<T, StoreError> {
    match catch_unwind(AssertUnwindSafe(call)) {
        Ok(Ok(value)) => Ok(value),
        Ok(Err(error)) => Err(classify(path, error)),
        Err(_) => Err(unusable(path, "its contents are damaged")),
    }
}

fn classify(path: &Path, error: DatabaseError) -> StoreError {
    match error {
        DatabaseError::DatabaseAlreadyOpen | DatabaseError::LockProtocolMismatch => {
            StoreError::InUse {
                path: path.to_owned(),
            }
        }
        DatabaseError::UpgradeRequired(format) => {
            unusable(path, format!("it uses redb file format {format}"))
        }
        other => unusable(path, other),
    }
}

fn into_database_error(error: redb::Error) -> DatabaseError {
    match error {
        redb::Error::DatabaseAlreadyOpen => DatabaseError::DatabaseAlreadyOpen,
        other => DatabaseError::Storage(redb::StorageError::Corrupted(other.to_string())),
    }
}

fn unusable(path: &Path, reason: impl ToString) -> StoreError {
    StoreError::Unusable {
        path: path.to_owned(),
        reason: reason.to_string(),
    }
}
