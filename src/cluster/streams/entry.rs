//! Stream entry ids, and the one blocking read both readers use.

use std::fmt;
use std::time::Duration;

use redis::aio::ConnectionManager;
use redis::streams::{StreamId, StreamReadReply};
use redis::{RedisResult, ToRedisArgs};

use crate::cluster::timing::millis;

/// A stream entry id as Redis gives it (`<ms>-<seq>`). Kept as Redis's own
/// text: it is only ever compared for equality and handed back to Redis.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct EntryId(String);

impl EntryId {
    /// Before every entry: reading after it reads the whole stream, and it
    /// is the cursor of a cluster that has applied nothing yet.
    pub fn zero() -> EntryId {
        EntryId("0-0".to_owned())
    }

    pub fn new(id: impl Into<String>) -> EntryId {
        EntryId(id.into())
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl Default for EntryId {
    fn default() -> Self {
        EntryId::zero()
    }
}

impl fmt::Display for EntryId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl ToRedisArgs for EntryId {
    fn write_redis_args<W: ?Sized + redis::RedisWrite>(&self, out: &mut W) {
        self.0.write_redis_args(out);
    }
}

/// Waits up to `block` for entries of `stream` after `after`, at most
/// `count` of them; none when the wait ran out.
pub(super) async fn read_after(
    connection: &mut ConnectionManager,
    stream: &str,
    after: &EntryId,
    block: Duration,
    count: usize,
) -> RedisResult<Vec<StreamId>> {
    let reply: Option<StreamReadReply> = redis::cmd("XREAD")
        .arg("COUNT")
        .arg(count)
        .arg("BLOCK")
        .arg(millis(block))
        .arg("STREAMS")
        .arg(stream)
        .arg(after)
        .query_async(connection)
        .await?;
    Ok(reply
        .into_iter()
        .flat_map(|reply| reply.keys)
        .flat_map(|key| key.ids)
        .collect())
}

/// A field of an entry as bytes, or a clear error naming the entry.
pub(super) fn field(entry: &StreamId, name: &str) -> RedisResult<Vec<u8>> {
    entry.get(name).ok_or_else(|| {
        redis::RedisError::from((
            redis::ErrorKind::Parse,
            "a stream entry lacks a field",
            format!("entry {} has no {name:?}", entry.id),
        ))
    })
}
