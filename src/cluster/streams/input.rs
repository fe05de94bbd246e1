//! The leader's side of the input stream: reads the requests forwarded by
//! every instance, in stream order, from the committed cursor on.

use std::time::Duration;

use redis::RedisResult;
use redis::aio::ConnectionManager;

use super::EntryId;
use super::entry::read_after;
use crate::cluster::Keys;

/// One edge flush: its requests, in the order the edge sent them, and its
/// place in the stream (the cursor to commit once they are applied).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InputEntry {
    pub id: EntryId,
    pub requests: Vec<Vec<u8>>,
}

/// Reads `<prefix>:in` on a blocking connection of its own.
pub struct InputReader {
    connection: ConnectionManager,
    stream: String,
    after: EntryId,
    block: Duration,
}

impl InputReader {
    /// A reader of the entries after `cursor` (the committed one, for a new
    /// leader).
    pub fn new(
        connection: ConnectionManager,
        keys: &Keys,
        cursor: EntryId,
        block: Duration,
    ) -> InputReader {
        InputReader {
            connection,
            stream: keys.input(),
            after: cursor,
            block,
        }
    }

    /// The id of the last entry read: the cursor to commit once everything
    /// read has been applied.
    pub fn position(&self) -> &EntryId {
        &self.after
    }

    /// The next entries, at most `count`, waiting up to the blocking time
    /// for one; none if none came. After an error (Redis away) the next call
    /// reads from the same place again: a read changes nothing in Redis.
    pub async fn next(&mut self, count: usize) -> RedisResult<Vec<InputEntry>> {
        let entries = read_after(
            &mut self.connection,
            &self.stream,
            &self.after,
            self.block,
            count,
        )
        .await?;
        if let Some(last) = entries.last() {
            self.after = last.id.clone();
        }
        Ok(entries
            .into_iter()
            .map(|entry| InputEntry {
                requests: entry.values("r").map(<[u8]>::to_vec).collect(),
                id: entry.id,
            })
            .collect())
    }
}
