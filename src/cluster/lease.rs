//! The lease: which instance runs the game, with a fencing token.
//!
//! One key, `<prefix>:lease`, holds `node:epoch` and expires unless renewed.
//! Taking a free lease draws a new epoch from a counter that only grows, so
//! every holder ever has a token no other holder had. The commit script
//! refuses any commit whose token is not the lease's value *at the moment the
//! script runs* (scripts run one at a time), so a holder that was paused or
//! cut off past its TTL can never write again, whatever its own clock says.
//! Safety comes from that check alone; the renewal and [`Held::is_valid`]
//! only make a holder notice sooner that it should stop.
//!
//! Redis keeps the expiry as an absolute time (`PXAT` in the AOF), so a lease
//! also runs out while Redis itself is down.

use std::fmt;
use std::time::{Duration, Instant};

use redis::aio::ConnectionManager;
use redis::{RedisResult, Script};

use super::Keys;
use super::timing::millis;

/// No lease: draw an epoch and take it. Returns `{epoch, ""}`, or
/// `{0, holder}` when someone holds it.
const ACQUIRE: &str = r"
local holder = redis.call('GET', KEYS[1])
if holder then return {0, holder} end
local epoch = redis.call('INCR', KEYS[2])
redis.call('SET', KEYS[1], ARGV[1] .. ':' .. epoch, 'PX', ARGV[2])
return {epoch, ''}
";

/// Extends the lease only if it is still ours.
const RENEW: &str = r"
if redis.call('GET', KEYS[1]) == ARGV[1] then
  return redis.call('PEXPIRE', KEYS[1], ARGV[2])
end
return 0
";

/// Gives the lease up only if it is still ours.
const STEP_DOWN: &str = r"
if redis.call('GET', KEYS[1]) == ARGV[1] then
  return redis.call('DEL', KEYS[1])
end
return 0
";

/// A fencing token: the holder and the epoch it drew.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct LeaseToken {
    pub node: String,
    pub epoch: u64,
}

impl fmt::Display for LeaseToken {
    /// The lease key's value, `node:epoch`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}:{}", self.node, self.epoch)
    }
}

/// A lease this instance holds, and until when it surely does: the TTL
/// counted from *before* the command that took or renewed it was sent, so
/// the local deadline always falls before Redis's.
#[derive(Debug, Clone)]
pub struct Held {
    pub token: LeaseToken,
    valid_until: Instant,
}

impl Held {
    /// Whether the lease is still surely ours; once not, stop the game.
    pub fn is_valid(&self, now: Instant) -> bool {
        now < self.valid_until
    }

    pub fn valid_until(&self) -> Instant {
        self.valid_until
    }
}

/// The outcome of trying to take the lease.
#[derive(Debug, Clone)]
pub enum Acquired {
    /// Ours, with a new token.
    Taken(Held),
    /// Someone holds it (their `node:epoch`).
    HeldBy(String),
}

/// Takes, renews and gives up the lease on one connection.
pub struct Lease {
    connection: ConnectionManager,
    keys: Keys,
    ttl: Duration,
    acquire: Script,
    renew: Script,
    step_down: Script,
}

impl Lease {
    pub fn new(connection: ConnectionManager, keys: Keys, ttl: Duration) -> Lease {
        Lease {
            connection,
            keys,
            ttl,
            acquire: Script::new(ACQUIRE),
            renew: Script::new(RENEW),
            step_down: Script::new(STEP_DOWN),
        }
    }

    /// Takes the lease for `node` if nobody holds it.
    pub async fn try_acquire(&mut self, node: &str) -> RedisResult<Acquired> {
        let sent_at = Instant::now();
        let (epoch, holder): (u64, String) = self
            .acquire
            .key(self.keys.lease())
            .key(self.keys.epoch())
            .arg(node)
            .arg(millis(self.ttl))
            .invoke_async(&mut self.connection)
            .await?;
        if epoch == 0 {
            return Ok(Acquired::HeldBy(holder));
        }
        Ok(Acquired::Taken(Held {
            token: LeaseToken {
                node: node.to_owned(),
                epoch,
            },
            valid_until: sent_at + self.ttl,
        }))
    }

    /// Extends the lease by a TTL if it is still `held`'s; `false` means it
    /// was lost (expired, or taken by another instance): stop the game.
    pub async fn renew(&mut self, held: &mut Held) -> RedisResult<bool> {
        let sent_at = Instant::now();
        let renewed: i64 = self
            .renew
            .key(self.keys.lease())
            .arg(held.token.to_string())
            .arg(millis(self.ttl))
            .invoke_async(&mut self.connection)
            .await?;
        if renewed == 1 {
            held.valid_until = sent_at + self.ttl;
        }
        Ok(renewed == 1)
    }

    /// Gives the lease up at once (a clean shutdown), so another instance
    /// need not wait for it to expire. `false` if it was no longer ours.
    pub async fn step_down(&mut self, token: &LeaseToken) -> RedisResult<bool> {
        let deleted: i64 = self
            .step_down
            .key(self.keys.lease())
            .arg(token.to_string())
            .invoke_async(&mut self.connection)
            .await?;
        Ok(deleted == 1)
    }

    /// Who holds the lease now (`node:epoch`), if anyone.
    pub async fn holder(&mut self) -> RedisResult<Option<String>> {
        redis::cmd("GET")
            .arg(self.keys.lease())
            .query_async(&mut self.connection)
            .await
    }
}
