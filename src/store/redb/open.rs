//! Opening the database file without ever damaging one we cannot use, and
//! without serving one that would fail half-way through a game.
//!
//! A writable open of redb may write to the file (it repairs after a crash),
//! so Hearth first reads an existing file through a *read-only* handle, all
//! of it: a file that is in use, damaged anywhere, not a Hearth database or
//! from a newer Hearth is refused there and stays byte-for-byte as it was.
//! An empty file is refused too: redb never leaves one, so it is a file cut
//! short, not a new game.
//!
//! Only a file that passes (or one that a crash left needing redb's repair,
//! which only a writable open does, logging its progress) is opened for
//! writing. Then redb's own integrity check compares its allocation records
//! with the trees they describe: a read-only handle never looks at them, and
//! damaged ones made the first write panic. A file that was repaired, by the
//! open or by the check, has every record read again. Only then is it
//! initialised or migrated to the current schema.

use std::path::Path;

use redb::{Builder, Database, DatabaseError, Durability};

use super::guard::{guarded, into_database_error, unusable};
use super::repair::RepairProgress;
use super::schema::{self, CURRENT_VERSION, Found};
use super::verify;
use crate::store::StoreError;

/// The database's file name inside the data directory.
pub const DATABASE_FILE: &str = "hearth.redb";

/// Page cache size: Hearth's working set is small, and the default (1 GiB)
/// would let the cache grow far past what a small server should use.
const CACHE_BYTES: usize = 64 * 1024 * 1024;

/// What the read-only look at the file found.
enum Inspection {
    /// No file yet: a new game.
    New,
    /// Read whole through a read-only handle; this is its version.
    Read(Found),
    /// A crash left it needing redb's repair, which only a writable open does.
    NeedsRepair,
}

pub fn open(path: &Path) -> Result<Database, StoreError> {
    let inspection = inspect_existing(path)?;
    if let Inspection::Read(found) = &inspection {
        check_version(path, found)?;
    }
    make_private(path, &inspection);
    let progress = RepairProgress::new();
    let mut db = guarded(path, || {
        Builder::new()
            .set_cache_size(CACHE_BYTES)
            .set_repair_callback(move |session| progress.report(session.progress()))
            .create(path)
    })?;
    let found = guarded(path, || {
        schema::read_version(&db).map_err(into_database_error)
    })?;
    check_version(path, &found)?;
    if !matches!(inspection, Inspection::New) {
        let repaired = matches!(inspection, Inspection::NeedsRepair);
        check_integrity(path, &mut db, repaired).map_err(|error| damaged(path, error))?;
    }
    prepare_schema(&db, &found, path)?;
    Ok(db)
}

/// Only the file's owner may read it: it holds password hashes and session
/// digests. A new file is created so (redb opens an empty file as a new
/// database); an existing one loses group and others' access. If this
/// fails, opening says what is wrong.
fn make_private(path: &Path, inspection: &Inspection) {
    let made = match inspection {
        Inspection::New => crate::disk::create_private_file(path).map(drop),
        _ => crate::disk::restrict_file(path),
    };
    if let Err(error) = made {
        tracing::warn!(path = %path.display(), %error, "cannot make the database private");
    }
}

/// Looks at an existing file read-only.
fn inspect_existing(path: &Path) -> Result<Inspection, StoreError> {
    match std::fs::metadata(path) {
        Err(error) if error.kind() == std::io::ErrorKind::NotFound => {
            tracing::info!(path = %path.display(), "no saved game here; starting a new one");
            return Ok(Inspection::New);
        }
        Err(error) => return Err(unusable(path, error)),
        Ok(meta) if meta.len() == 0 => {
            return Err(unusable(
                path,
                "it is empty (0 bytes), which redb never leaves, so it was cut short \
                 (if this server has never run, delete the file to start a new game)",
            ));
        }
        Ok(_) => {}
    }
    let read_only = guarded(path, || {
        match Builder::new()
            .set_cache_size(CACHE_BYTES)
            .open_read_only(path)
        {
            Err(DatabaseError::RepairAborted) => Ok(None),
            opened => opened.map(Some),
        }
    })?;
    let Some(db) = read_only else {
        return Ok(Inspection::NeedsRepair);
    };
    let found = guarded(path, || {
        schema::read_version(&db).map_err(into_database_error)
    })?;
    if matches!(found, Found::Version(version) if version <= CURRENT_VERSION) {
        guarded(path, || {
            verify::read_everything(&db).map_err(into_database_error)
        })?;
    }
    Ok(Inspection::Read(found))
}

/// redb's integrity check on the writable handle, and a full read of every
/// record when anything was repaired.
fn check_integrity(path: &Path, db: &mut Database, repaired: bool) -> Result<(), StoreError> {
    let started = std::time::Instant::now();
    let clean = guarded(path, || db.check_integrity())?;
    tracing::debug!(took = ?started.elapsed(), clean, "checked the database's integrity");
    if !clean {
        tracing::warn!(
            "redb's integrity check found the database's allocation records damaged and \
             rebuilt them from the data; every record is read again before serving"
        );
    }
    if repaired || !clean {
        guarded(path, || {
            verify::read_everything(&*db).map_err(into_database_error)
        })?;
    }
    Ok(())
}

/// Damage found after the writable open, which may have marked the file as
/// needing repair, so unlike [`StoreError::Unusable`] this does not say the
/// file is unchanged.
fn damaged(path: &Path, error: StoreError) -> StoreError {
    match error {
        StoreError::Unusable { reason, .. } => StoreError::Storage(format!(
            "the database {} cannot be used: {reason}",
            path.display()
        )),
        other => other,
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

/// Creates the tables of a new file, migrates an old one (after a snapshot
/// of it as it was), and creates any table the current schema lists that
/// the file lacks.
fn prepare_schema(db: &Database, found: &Found, path: &Path) -> Result<(), StoreError> {
    let version = match found {
        Found::Version(version) if *version == CURRENT_VERSION => {
            if !schema::lacks_tables(db).map_err(|error| unusable(path, error))? {
                return Ok(());
            }
            None
        }
        Found::Version(version) => Some(*version),
        _ => None,
    };
    if let Some(version) = version {
        let kept = snapshot_before_migration(db, path, version)?;
        tracing::info!(
            from = version,
            to = CURRENT_VERSION,
            before = %kept.display(),
            "migrating the database; the file as it was is kept as a snapshot"
        );
    }
    let commit = || -> Result<(), redb::Error> {
        let mut write = db.begin_write()?;
        write.set_durability(Durability::Immediate)?;
        match version {
            Some(version) => schema::migrate(&write, version)?,
            None => schema::initialize(&write)?,
        }
        write.commit()?;
        Ok(())
    };
    commit().map_err(|error| unusable(path, error))
}

/// Copies the database, as it is before a migration, into the snapshots
/// directory (never pruned by the schedule, as its name is its own).
fn snapshot_before_migration(
    db: &Database,
    path: &Path,
    version: u64,
) -> Result<std::path::PathBuf, StoreError> {
    let data_dir = path.parent().unwrap_or(Path::new("."));
    let directory = data_dir.join("snapshots");
    crate::disk::create_private_dir(&directory).map_err(|error| unusable(path, error))?;
    let stamp = humantime::format_rfc3339_millis(std::time::SystemTime::now())
        .to_string()
        .replace(':', "-");
    let kept = directory.join(format!(
        "before-migration-v{version}-to-v{CURRENT_VERSION}-{stamp}.redb"
    ));
    super::snapshot::write(db, &kept)?;
    Ok(kept)
}
