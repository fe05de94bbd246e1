//! The login limiter of [`crate::accounts::LoginLimiter`], shared by every
//! instance: the same limits, counted in Redis.

use std::time::Duration;

use redis::aio::ConnectionManager;
use redis::{AsyncCommands, Script};

use super::storage_error;
use crate::accounts::LoginLimiter;
use crate::cluster::Keys;
use crate::cluster::timing::millis;
use crate::game::UserKey;
use crate::store::StoreError;

/// Counts a failure; the first one of a window starts its expiry.
const RECORD_FAILURE: &str = r"
local failures = redis.call('INCR', KEYS[1])
if failures == 1 then redis.call('PEXPIRE', KEYS[1], ARGV[1]) end
return failures
";

#[derive(Clone)]
pub struct SharedLoginLimiter {
    connection: ConnectionManager,
    keys: Keys,
    record_failure: Script,
}

impl SharedLoginLimiter {
    pub fn new(connection: ConnectionManager, keys: Keys) -> SharedLoginLimiter {
        SharedLoginLimiter {
            connection,
            keys,
            record_failure: Script::new(RECORD_FAILURE),
        }
    }

    /// How much longer the account is locked, if it is.
    pub async fn locked_for(&self, key: &UserKey) -> Result<Option<Duration>, StoreError> {
        let counter = self.keys.failures(key.as_str());
        let (failures, left_ms): (Option<u32>, i64) = redis::pipe()
            .get(&counter)
            .pttl(&counter)
            .query_async(&mut self.connection.clone())
            .await
            .map_err(storage_error)?;
        let locked = failures.unwrap_or(0) >= LoginLimiter::MAX_FAILURES && left_ms > 0;
        Ok(locked.then(|| Duration::from_millis(left_ms.unsigned_abs())))
    }

    pub async fn record_failure(&self, key: &UserKey) -> Result<(), StoreError> {
        self.record_failure
            .key(self.keys.failures(key.as_str()))
            .arg(millis(LoginLimiter::WINDOW))
            .invoke_async::<u32>(&mut self.connection.clone())
            .await
            .map(drop)
            .map_err(storage_error)
    }

    /// Forgets the account's failures (after a successful login).
    pub async fn clear(&self, key: &UserKey) -> Result<(), StoreError> {
        self.connection
            .clone()
            .del::<_, ()>(self.keys.failures(key.as_str()))
            .await
            .map_err(storage_error)
    }
}
