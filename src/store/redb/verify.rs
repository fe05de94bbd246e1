//! Reading a whole database once, to be sure it can be used before anything
//! is written to it. Every record of every table is read and decoded, so
//! damage anywhere shows up as an error here, not later, half-way through
//! serving players.

use redb::{ReadableDatabase, ReadableTable, TableDefinition};
use serde::de::DeserializeOwned;

use super::schema::{self, ACCOUNTS, Kind, META, SESSIONS};
use super::writer::corrupt;
use crate::store::records;
use crate::store::{Account, Session};

pub fn read_everything(db: &impl ReadableDatabase) -> Result<(), redb::Error> {
    let read = db.begin_read()?;
    for kind in schema::tables() {
        match kind {
            Kind::Meta => {
                for entry in read.open_table(META)?.iter()? {
                    entry?;
                }
            }
            Kind::Accounts => decode_all::<&str, Account>(&read, ACCOUNTS)?,
            Kind::Sessions => decode_all::<&[u8], Session>(&read, SESSIONS)?,
            Kind::Game(table) => {
                // A table newer than the file is created when it is opened
                // for writing (or migrated); until then it holds nothing.
                let records = match read.open_table(schema::game_table(table)) {
                    Ok(records) => records,
                    Err(redb::TableError::TableDoesNotExist(_)) => continue,
                    Err(error) => return Err(error.into()),
                };
                for entry in records.iter()? {
                    let (key, value) = entry?;
                    records::check(table, key.value(), value.value())
                        .map_err(|error| redb::Error::Corrupted(error.to_string()))?;
                }
            }
        }
    }
    Ok(())
}

fn decode_all<K: redb::Key + 'static, R: DeserializeOwned>(
    read: &redb::ReadTransaction,
    table: TableDefinition<K, &[u8]>,
) -> Result<(), redb::Error> {
    for entry in read.open_table(table)?.iter()? {
        let (_, value) = entry?;
        serde_json::from_slice::<R>(value.value()).map_err(corrupt)?;
    }
    Ok(())
}
