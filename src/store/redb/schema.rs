//! The tables of the database file, its schema version and the migrations
//! between versions.
//!
//! Values are JSON so a file can be inspected and old records read by new
//! code. The schema version lives in `meta`; a file from a newer Hearth is
//! refused rather than rewritten, and older ones are migrated one version at a
//! time by the functions in [`MIGRATIONS`].

use redb::{ReadableDatabase, TableDefinition, TableError, WriteTransaction};

/// `schema_version` → the version the file is at.
pub const META: TableDefinition<&str, u64> = TableDefinition::new("meta");
/// Account key (lower-case username) → [`crate::store::Account`].
pub const ACCOUNTS: TableDefinition<&str, &[u8]> = TableDefinition::new("accounts");
/// Token digest → [`crate::store::Session`].
pub const SESSIONS: TableDefinition<&[u8], &[u8]> = TableDefinition::new("sessions");
/// Account key → [`super::records::CharacterRecord`].
pub const CHARACTERS: TableDefinition<&str, &[u8]> = TableDefinition::new("characters");
/// Item id → [`super::records::PlaceRecord`].
pub const ITEM_PLACES: TableDefinition<&str, &[u8]> = TableDefinition::new("item_places");

const SCHEMA_VERSION_KEY: &str = "schema_version";

/// The version this Hearth writes.
pub const CURRENT_VERSION: u64 = 1;

/// `MIGRATIONS[n]` upgrades a file from version `n + 1` to `n + 2`. Version 1
/// is the first, so there is nothing to migrate yet; each schema change adds
/// its step here and bumps [`CURRENT_VERSION`].
const MIGRATIONS: &[Migration] = &[];

type Migration = fn(&WriteTransaction) -> Result<(), redb::Error>;

/// What opening found about the file's version.
pub enum Found {
    /// A new, empty file.
    Empty,
    Version(u64),
    /// Tables exist but no version: not a Hearth database.
    Foreign,
}

pub fn read_version(db: &impl ReadableDatabase) -> Result<Found, redb::Error> {
    let read = db.begin_read()?;
    let meta = match read.open_table(META) {
        Ok(meta) => meta,
        Err(TableError::TableDoesNotExist(_)) => {
            let has_tables = read.list_tables()?.next().is_some();
            return Ok(if has_tables {
                Found::Foreign
            } else {
                Found::Empty
            });
        }
        Err(error) => return Err(error.into()),
    };
    Ok(match meta.get(SCHEMA_VERSION_KEY)? {
        Some(version) => Found::Version(version.value()),
        None => Found::Foreign,
    })
}

/// Creates every table of the current schema in a new file.
pub fn initialize(write: &WriteTransaction) -> Result<(), redb::Error> {
    write.open_table(ACCOUNTS)?;
    write.open_table(SESSIONS)?;
    write.open_table(CHARACTERS)?;
    write.open_table(ITEM_PLACES)?;
    write
        .open_table(META)?
        .insert(SCHEMA_VERSION_KEY, CURRENT_VERSION)?;
    Ok(())
}

/// Brings a file at `from` up to [`CURRENT_VERSION`], one step per version.
pub fn migrate(write: &WriteTransaction, from: u64) -> Result<(), redb::Error> {
    for step in from..CURRENT_VERSION {
        MIGRATIONS[(step - 1) as usize](write)?;
    }
    write
        .open_table(META)?
        .insert(SCHEMA_VERSION_KEY, CURRENT_VERSION)?;
    Ok(())
}
