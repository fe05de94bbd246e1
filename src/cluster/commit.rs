//! The leader's commit: one group's record writes, its input cursor and its
//! output batch, in one Lua script.
//!
//! One script because Redis runs a script alone, start to end, and writes it
//! to the AOF as one `MULTI/EXEC` (dropped whole at load if cut short): the
//! state, the cursor and the batch players will hear are never seen apart.
//! With `appendfsync always`, Redis fsyncs the AOF before it answers, so when
//! [`Committer::commit`] returns the group survives a crash of Redis too; only
//! then may anything of it reach a player (and it reaches them only through
//! the output stream, which every instance reads).
//!
//! The script refuses, writing nothing, unless at the moment it runs
//! - the lease still holds the leader's token (else [`CommitError::Fenced`]):
//!   a leader that was paused or cut off and replaced can never write again;
//! - the stored cursor is the one the leader last committed (else
//!   [`CommitError::Conflict`]): its state is exactly what Redis holds, so
//!   every input is applied once, in order.
//!
//! Together these mean one writer at a time, working on the state it read,
//! which is why the writes need no per-record preconditions (the design
//! note's check of each moved item's old place): no other writer can have
//! changed a record since.
//!
//! Any other failure (a timeout, a dropped connection) leaves the outcome
//! unknown: the script may have run. The leader must then stop and let a
//! fresh leader load what Redis really holds. It must never resend.

use std::time::Duration;

use redis::aio::ConnectionManager;
use redis::{RedisError, Script, Value, from_redis_value};

use super::lease::LeaseToken;
use super::streams::EntryId;
use super::timing::millis;
use super::{KeyError, Keys};

/// One record write, as the record layer produces it: the table, the
/// record's key, and its new value (serialized), or `None` to delete it.
/// Each table is a hash, `<prefix>:<table>`.
pub type RecordWrite = (&'static str, String, Option<Vec<u8>>);

/// Everything one group commits.
#[derive(Debug, Clone, Copy)]
pub struct Commit<'a> {
    pub token: &'a LeaseToken,
    /// The cursor this leader last committed (or loaded).
    pub previous_cursor: &'a EntryId,
    /// The id of the last input entry this group applied (the previous
    /// cursor again if it applied none, like a tick).
    pub cursor: &'a EntryId,
    pub writes: &'a [RecordWrite],
    /// The group's replies and events, serialized, for the output stream.
    pub batch: &'a [u8],
}

/// A group made durable.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Committed {
    /// Its number, one more than the previous group's.
    pub group: u64,
    /// Its entry in the output stream.
    pub id: EntryId,
}

#[derive(Debug, thiserror::Error)]
pub enum CommitError {
    #[error("fenced: the lease is no longer ours (it is {holder:?})")]
    Fenced { holder: Option<String> },
    #[error("conflict: Redis holds cursor {stored}, not the one this leader applied from")]
    Conflict { stored: EntryId },
    /// Refused before sending: nothing was written.
    #[error(transparent)]
    Table(#[from] KeyError),
    /// The script may or may not have run.
    #[error("the commit's outcome is unknown: {0}")]
    Unknown(#[from] RedisError),
}

pub struct Committer {
    connection: ConnectionManager,
    keys: Keys,
    retention: Duration,
    script: Script,
}

impl Committer {
    /// `retention`: how long the output stream keeps a batch.
    pub fn new(connection: ConnectionManager, keys: Keys, retention: Duration) -> Committer {
        Committer {
            connection,
            keys,
            retention,
            script: Script::new(include_str!("commit.lua")),
        }
    }

    /// Runs the commit script (by hash; `Script` loads it again if Redis
    /// has forgotten it, as after a restart: a `NOSCRIPT` answer means it
    /// did not run, so that one retry is safe).
    pub async fn commit(&mut self, commit: Commit<'_>) -> Result<Committed, CommitError> {
        let mut tables: Vec<&'static str> = Vec::new();
        for (table, _, _) in commit.writes {
            if !tables.contains(table) {
                tables.push(table);
            }
        }
        let mut invocation = self.script.prepare_invoke();
        invocation
            .key(self.keys.lease())
            .key(self.keys.cursor())
            .key(self.keys.group())
            .key(self.keys.output())
            .key(self.keys.input());
        for table in &tables {
            invocation.key(self.keys.table(table)?);
        }
        invocation
            .arg(commit.token.to_string())
            .arg(commit.token.epoch)
            .arg(commit.previous_cursor)
            .arg(commit.cursor)
            .arg(millis(self.retention))
            .arg(commit.batch);
        const FIRST_TABLE_KEY: usize = 6;
        for (table, key, value) in commit.writes {
            let index = FIRST_TABLE_KEY
                + tables
                    .iter()
                    .position(|known| known == table)
                    .expect("every table was listed above");
            match value {
                Some(value) => invocation.arg("S").arg(index).arg(key).arg(value),
                None => invocation.arg("D").arg(index).arg(key).arg(""),
            };
        }
        let reply: Vec<Value> = invocation.invoke_async(&mut self.connection).await?;
        outcome(reply)
    }
}

/// The script's answer: `{'OK', group, id}`, `{'FENCED', holder}` or
/// `{'CONFLICT', cursor}`.
fn outcome(reply: Vec<Value>) -> Result<Committed, CommitError> {
    let mut parts = reply.into_iter();
    let mut next = || parts.next().unwrap_or(Value::Nil);
    let status: String = from_redis_value(next()).map_err(RedisError::from)?;
    match status.as_str() {
        "OK" => Ok(Committed {
            group: from_redis_value(next()).map_err(RedisError::from)?,
            id: EntryId::new(from_redis_value::<String>(next()).map_err(RedisError::from)?),
        }),
        "FENCED" => {
            let holder: String = from_redis_value(next()).map_err(RedisError::from)?;
            Err(CommitError::Fenced {
                holder: (!holder.is_empty()).then_some(holder),
            })
        }
        "CONFLICT" => Err(CommitError::Conflict {
            stored: EntryId::new(from_redis_value::<String>(next()).map_err(RedisError::from)?),
        }),
        other => Err(CommitError::Unknown(RedisError::from((
            redis::ErrorKind::Parse,
            "the commit script answered something unexpected",
            other.to_owned(),
        )))),
    }
}
