//! Stream entries: their ids, the one blocking read both readers use, and
//! the parsing of what Redis answers.
//!
//! Entries are parsed here rather than by the crate's stream types because
//! an input entry repeats one field (`r`, once per request), which those
//! types keep only once.

use std::fmt;
use std::time::Duration;

use redis::aio::ConnectionManager;
use redis::{ErrorKind, RedisError, RedisResult, ToRedisArgs, Value, from_redis_value};

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

/// One entry: its id and its fields in order, repeats included.
#[derive(Debug)]
pub(super) struct Entry {
    pub id: EntryId,
    fields: Vec<(Vec<u8>, Vec<u8>)>,
}

impl Entry {
    /// Every value of the field `name`, in order.
    pub fn values<'a>(&'a self, name: &'a str) -> impl Iterator<Item = &'a [u8]> + 'a {
        self.fields
            .iter()
            .filter(move |(field, _)| field == name.as_bytes())
            .map(|(_, value)| value.as_slice())
    }

    /// The (first) value of the field `name`, or a clear error naming the entry.
    pub fn field(&self, name: &str) -> RedisResult<&[u8]> {
        self.fields
            .iter()
            .find(|(field, _)| field == name.as_bytes())
            .map(|(_, value)| value.as_slice())
            .ok_or_else(|| malformed(format!("entry {} has no {name:?}", self.id)))
    }

    /// The field `name` as a number.
    pub fn number(&self, name: &str) -> RedisResult<u64> {
        let text = self.field(name)?;
        std::str::from_utf8(text)
            .ok()
            .and_then(|text| text.parse().ok())
            .ok_or_else(|| malformed(format!("entry {} has {name:?} = {text:?}", self.id)))
    }
}

fn malformed(detail: String) -> RedisError {
    RedisError::from((ErrorKind::Parse, "a stream entry is malformed", detail))
}

/// Waits up to `block` for entries of `stream` after `after`, at most
/// `count` of them; none when the wait ran out.
pub(super) async fn read_after(
    connection: &mut ConnectionManager,
    stream: &str,
    after: &EntryId,
    block: Duration,
    count: usize,
) -> RedisResult<Vec<Entry>> {
    let reply: Value = redis::cmd("XREAD")
        .arg("COUNT")
        .arg(count)
        .arg("BLOCK")
        .arg(millis(block))
        .arg("STREAMS")
        .arg(stream)
        .arg(after)
        .query_async(connection)
        .await?;
    // One stream was asked for: RESP3 answers a map of it, RESP2 an array
    // of `[name, entries]`, both nothing when the wait ran out.
    let per_stream = match reply {
        Value::Nil => return Ok(Vec::new()),
        Value::Map(streams) => streams.into_iter().map(|(_, entries)| entries).collect(),
        Value::Array(streams) => streams
            .into_iter()
            .map(|stream| from_redis_value::<(Value, Value)>(stream).map(|(_, entries)| entries))
            .collect::<Result<Vec<_>, _>>()?,
        other => return Err(malformed(format!("XREAD answered {other:?}"))),
    };
    let mut entries = Vec::new();
    for stream in per_stream {
        entries.extend(parse_entries(stream)?);
    }
    Ok(entries)
}

/// Entries as `XRANGE`, `XREVRANGE` and each stream of `XREAD` give them:
/// `[[id, [field, value, ...]], ...]`.
pub(super) fn parse_entries(entries: Value) -> RedisResult<Vec<Entry>> {
    let entries: Vec<(String, Vec<Vec<u8>>)> = from_redis_value(entries)?;
    entries
        .into_iter()
        .map(|(id, flat)| {
            if flat.len() % 2 != 0 {
                return Err(malformed(format!("entry {id} has an odd field list")));
            }
            let mut fields = Vec::with_capacity(flat.len() / 2);
            let mut flat = flat.into_iter();
            while let (Some(field), Some(value)) = (flat.next(), flat.next()) {
                fields.push((field, value));
            }
            Ok(Entry {
                id: EntryId::new(id),
                fields,
            })
        })
        .collect()
}
