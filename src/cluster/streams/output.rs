//! Every instance's side of the output stream: reads each committed group's
//! batch, in order, and notices when some are missing.
//!
//! A reader remembers the id of the last entry it read and the group number
//! in it. It asks Redis for what comes after that id, so after any break
//! (Redis restarted, the connection dropped) it carries on exactly where it
//! was. Groups are numbered one by one by the commit script, so a jump means
//! batches this instance never saw: they were trimmed while it lagged too
//! far behind, or Redis lost them (run without `appendfsync always`). Then
//! the caller must close all its sockets: their players would otherwise miss
//! replies and events without knowing.

use std::time::Duration;

use redis::aio::ConnectionManager;
use redis::{RedisResult, Value};

use super::EntryId;
use super::entry::{Entry, parse_entries, read_after};
use crate::cluster::Keys;

/// Most entries taken in one read.
const MAX_READ: usize = 256;

/// One committed group's output.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OutputBatch {
    pub id: EntryId,
    /// Its number: one more than the group before it.
    pub group: u64,
    /// The epoch of the leader that committed it.
    pub epoch: u64,
    /// The replies and events, as the leader serialised them.
    pub batch: Vec<u8>,
}

/// What a read hands over, in stream order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Delivery {
    Batch(OutputBatch),
    /// Groups are missing before the next batch: `expected` was due,
    /// `found` came (lower if Redis's history was lost and started again).
    Gap {
        expected: u64,
        found: u64,
    },
}

/// Reads `<prefix>:out` on a blocking connection of its own.
pub struct OutputReader {
    connection: ConnectionManager,
    stream: String,
    after: EntryId,
    last_group: u64,
    block: Duration,
}

impl OutputReader {
    /// A reader of what is committed from now on: an instance starting up
    /// has no sockets that could have missed anything before.
    pub async fn from_latest(
        mut connection: ConnectionManager,
        keys: &Keys,
        block: Duration,
    ) -> RedisResult<OutputReader> {
        let (newest, counter): (Value, Option<u64>) = redis::pipe()
            .atomic()
            .cmd("XREVRANGE")
            .arg(keys.output())
            .arg("+")
            .arg("-")
            .arg("COUNT")
            .arg(1)
            .cmd("GET")
            .arg(keys.group())
            .query_async(&mut connection)
            .await?;
        // An empty stream whose groups were all trimmed continues from the
        // counter; an entry is the better mark, it is where reading starts.
        let (after, last_group) = match parse_entries(newest)?.pop() {
            Some(entry) => (entry.id.clone(), entry.number("g")?),
            None => (EntryId::zero(), counter.unwrap_or(0)),
        };
        Ok(OutputReader::resume(
            connection, keys, after, last_group, block,
        ))
    }

    /// A reader that carries on after the entry `after`, which held group
    /// `last_group`.
    pub fn resume(
        connection: ConnectionManager,
        keys: &Keys,
        after: EntryId,
        last_group: u64,
        block: Duration,
    ) -> OutputReader {
        OutputReader {
            connection,
            stream: keys.output(),
            after,
            last_group,
            block,
        }
    }

    /// Where the reader is: the last entry read and its group.
    pub fn position(&self) -> (&EntryId, u64) {
        (&self.after, self.last_group)
    }

    /// The next batches (and gaps), waiting up to the blocking time for one;
    /// none if nothing was committed meanwhile. After an error the next call
    /// reads from the same place. An entry this code did not write is
    /// skipped; the group numbers still tell whether a batch is missing.
    pub async fn next(&mut self) -> RedisResult<Vec<Delivery>> {
        let entries = read_after(
            &mut self.connection,
            &self.stream,
            &self.after,
            self.block,
            MAX_READ,
        )
        .await?;
        let mut deliveries = Vec::with_capacity(entries.len());
        for entry in entries {
            self.after = entry.id.clone();
            let batch = match parse(entry) {
                Ok(batch) => batch,
                Err(error) => {
                    tracing::warn!(%error, "an output entry was skipped");
                    continue;
                }
            };
            let expected = self.last_group + 1;
            if batch.group != expected {
                deliveries.push(Delivery::Gap {
                    expected,
                    found: batch.group,
                });
            }
            self.last_group = batch.group;
            deliveries.push(Delivery::Batch(batch));
        }
        Ok(deliveries)
    }
}

fn parse(entry: Entry) -> RedisResult<OutputBatch> {
    Ok(OutputBatch {
        group: entry.number("g")?,
        epoch: entry.number("e")?,
        batch: entry.field("b")?.to_vec(),
        id: entry.id,
    })
}
