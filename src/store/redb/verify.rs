//! Reading a whole database once, to be sure it can be used before anything
//! is written to it. Every record of every table is read and decoded, so
//! damage anywhere shows up as an error here, not later, half-way through
//! serving players.

use redb::{ReadableDatabase, ReadableTable, TableDefinition};
use serde::de::DeserializeOwned;

use super::records::{CharacterRecord, PlaceRecord};
use super::schema::{ACCOUNTS, CHARACTERS, ITEM_PLACES, SESSIONS};
use super::writer::corrupt;
use crate::store::{Account, Session};

pub fn read_everything(db: &impl ReadableDatabase) -> Result<(), redb::Error> {
    let read = db.begin_read()?;
    decode_all::<&str, Account>(&read, ACCOUNTS)?;
    decode_all::<&[u8], Session>(&read, SESSIONS)?;
    decode_all::<&str, CharacterRecord>(&read, CHARACTERS)?;
    decode_all::<&str, PlaceRecord>(&read, ITEM_PLACES)?;
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
