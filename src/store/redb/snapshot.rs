//! Consistent copies of a live database.
//!
//! The running server holds the file's lock, so nothing outside it can copy
//! the file safely. Instead the server copies every table from one read
//! transaction (a consistent snapshot, taken without stopping writes) into a
//! new database file, readable by its owner only, written beside the
//! destination and renamed into place only when complete; the directory is
//! flushed after the rename, so a snapshot that was reported is on disk.

use std::path::Path;

use redb::{Database, Durability, ReadableDatabase, ReadableTable, TableDefinition};

use super::schema::{self, ACCOUNTS, Kind, META, SESSIONS};
use crate::disk;
use crate::store::StoreError;

pub fn write(db: &Database, destination: &Path) -> Result<(), StoreError> {
    let failed = |what: &str, error: &dyn std::fmt::Display| {
        StoreError::Storage(format!("snapshot failed {what}: {error}"))
    };
    let partial = destination.with_extension("partial");
    let _ = std::fs::remove_file(&partial);
    disk::create_private_file(&partial).map_err(|error| failed("to create its file", &error))?;
    copy_tables(db, &partial).map_err(|error| failed("to copy the database", &error))?;
    std::fs::rename(&partial, destination).map_err(|error| failed("to move into place", &error))?;
    let directory = destination.parent().unwrap_or(Path::new("."));
    disk::sync_dir(directory).map_err(|error| failed("to flush its directory", &error))
}

fn copy_tables(db: &Database, path: &Path) -> Result<(), redb::Error> {
    let copy = Database::create(path)?;
    let read = db.begin_read()?;
    let mut write = copy.begin_write()?;
    write.set_durability(Durability::Immediate)?;
    for kind in schema::tables() {
        match kind {
            Kind::Meta => copy_table(&read, &write, META)?,
            Kind::Accounts => copy_table(&read, &write, ACCOUNTS)?,
            Kind::Sessions => copy_table(&read, &write, SESSIONS)?,
            Kind::Game(table) => copy_table(&read, &write, schema::game_table(table))?,
        }
    }
    write.commit()?;
    copy.close()?;
    Ok(())
}

fn copy_table<K, V>(
    read: &redb::ReadTransaction,
    write: &redb::WriteTransaction,
    table: TableDefinition<K, V>,
) -> Result<(), redb::Error>
where
    K: redb::Key + 'static,
    V: redb::Value + 'static,
    for<'a> K::SelfType<'a>: std::borrow::Borrow<K::SelfType<'a>>,
{
    // A file from before a table existed (one about to be migrated) has
    // nothing to copy for it.
    let source = match read.open_table(table) {
        Ok(source) => source,
        Err(redb::TableError::TableDoesNotExist(_)) => return Ok(()),
        Err(error) => return Err(error.into()),
    };
    let mut target = write.open_table(table)?;
    for entry in source.iter()? {
        let (key, value) = entry?;
        target.insert(key.value(), value.value())?;
    }
    Ok(())
}
