//! What a new leader starts from: every record table, the input cursor and
//! the group number, read in one `MULTI` so they belong to the same moment.
//!
//! Only the lease holder commits, so once a leader holds the lease nothing
//! changes under it; the `MULTI` still makes the read one snapshot, whatever
//! a stale leader's last commit was doing when the lease passed on.

use std::collections::HashMap;

use redis::aio::ConnectionManager;
use redis::{RedisError, Value, from_redis_value};

use super::streams::EntryId;
use super::{KeyError, Keys};

/// The committed state.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Loaded {
    /// Each table asked for: record key → value.
    pub tables: HashMap<&'static str, HashMap<String, Vec<u8>>>,
    /// The id of the last input entry the state includes.
    pub cursor: EntryId,
    /// The number of the last committed group (0 before the first).
    pub group: u64,
}

#[derive(Debug, thiserror::Error)]
pub enum LoadError {
    #[error(transparent)]
    Table(#[from] KeyError),
    #[error("the state could not be read from Redis: {0}")]
    Redis(#[from] RedisError),
}

/// Reads `tables`, the cursor and the group number as of one moment.
pub async fn load(
    connection: &mut ConnectionManager,
    keys: &Keys,
    tables: &[&'static str],
) -> Result<Loaded, LoadError> {
    let mut pipeline = redis::pipe();
    pipeline
        .atomic()
        .cmd("GET")
        .arg(keys.cursor())
        .cmd("GET")
        .arg(keys.group());
    for table in tables {
        pipeline.cmd("HGETALL").arg(keys.table(table)?);
    }
    let replies: Vec<Value> = pipeline.query_async(connection).await?;
    let mut replies = replies.into_iter();
    let mut next = || replies.next().unwrap_or(Value::Nil);
    let cursor: Option<String> = from_redis_value(next()).map_err(RedisError::from)?;
    let group: Option<u64> = from_redis_value(next()).map_err(RedisError::from)?;
    let mut loaded = Loaded {
        tables: HashMap::with_capacity(tables.len()),
        cursor: cursor.map(EntryId::new).unwrap_or_default(),
        group: group.unwrap_or(0),
    };
    for table in tables {
        let records = from_redis_value(next()).map_err(RedisError::from)?;
        loaded.tables.insert(table, records);
    }
    Ok(loaded)
}
