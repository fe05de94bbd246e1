//! The tables of the database file, its schema version and the migrations
//! between versions.
//!
//! [`tables`] is the one list of tables: creating a new file, migrating an
//! old one, snapshots and the start-up verification all walk it, so a table
//! added here is created, copied and checked everywhere. The game's tables
//! come from [`crate::store::records::Table`], which every store shares.
//!
//! The schema version lives in `meta`; a file from a newer Hearth is refused
//! rather than rewritten, and older ones are migrated one version at a time
//! by the functions in [`MIGRATIONS`].

use redb::{ReadableDatabase, TableDefinition, TableError, TableHandle, WriteTransaction};

use crate::store::records::Table;

/// `schema_version` → the version the file is at; `epoch` → the last run's number.
pub const META: TableDefinition<&str, u64> = TableDefinition::new("meta");
/// Account key (lower-case username) → [`crate::store::Account`].
pub const ACCOUNTS: TableDefinition<&str, &[u8]> = TableDefinition::new("accounts");
/// Token digest → [`crate::store::Session`].
pub const SESSIONS: TableDefinition<&[u8], &[u8]> = TableDefinition::new("sessions");

/// A table of the file, by the kind of keys and values it holds.
#[derive(Debug, Clone, Copy)]
pub enum Kind {
    Meta,
    Accounts,
    Sessions,
    /// Game records (JSON), keyed by a string.
    Game(Table),
}

/// Every table of the current schema.
pub fn tables() -> impl Iterator<Item = Kind> {
    [Kind::Meta, Kind::Accounts, Kind::Sessions]
        .into_iter()
        .chain(Table::ALL.iter().map(|&table| Kind::Game(table)))
}

/// The redb table that holds a game table's records.
pub fn game_table(table: Table) -> TableDefinition<'static, &'static str, &'static [u8]> {
    TableDefinition::new(table.name())
}

const SCHEMA_VERSION_KEY: &str = "schema_version";
/// `meta` key of the number of the last run (see `Store::begin_epoch`).
pub const EPOCH_KEY: &str = "epoch";

/// The version this Hearth writes.
pub const CURRENT_VERSION: u64 = 2;

/// `MIGRATIONS[n]` upgrades a file from version `n + 1` to `n + 2`; each
/// schema change adds its step here and bumps [`CURRENT_VERSION`].
const MIGRATIONS: &[Migration] = &[create_missing_tables];

type Migration = fn(&WriteTransaction) -> Result<(), redb::Error>;

/// Version 2: the living world and moderation keep state of their own, in
/// tables version 1 did not have. Creating every table of the list (those
/// that exist are left as they are) adds them.
fn create_missing_tables(write: &WriteTransaction) -> Result<(), redb::Error> {
    for kind in tables() {
        open(write, kind)?;
    }
    Ok(())
}

/// Whether the file lacks a table of the current schema (one added since
/// it was written at this version).
pub fn lacks_tables(db: &impl ReadableDatabase) -> Result<bool, redb::Error> {
    let read = db.begin_read()?;
    let present: Vec<String> = read
        .list_tables()?
        .map(|table| table.name().to_owned())
        .collect();
    Ok(Table::ALL
        .iter()
        .any(|table| !present.iter().any(|name| name == table.name())))
}

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
    create_missing_tables(write)?;
    set_version(write)
}

/// Brings a file at `from` up to [`CURRENT_VERSION`], one step per version.
pub fn migrate(write: &WriteTransaction, from: u64) -> Result<(), redb::Error> {
    for step in from..CURRENT_VERSION {
        MIGRATIONS[(step - 1) as usize](write)?;
    }
    set_version(write)
}

fn set_version(write: &WriteTransaction) -> Result<(), redb::Error> {
    write
        .open_table(META)?
        .insert(SCHEMA_VERSION_KEY, CURRENT_VERSION)?;
    Ok(())
}

/// Opens (creating it if need be) one table for writing.
fn open(write: &WriteTransaction, kind: Kind) -> Result<(), redb::Error> {
    match kind {
        Kind::Meta => drop(write.open_table(META)?),
        Kind::Accounts => drop(write.open_table(ACCOUNTS)?),
        Kind::Sessions => drop(write.open_table(SESSIONS)?),
        Kind::Game(table) => drop(write.open_table(game_table(table))?),
    }
    Ok(())
}
