//! Failed logins counted in Redis, into the same windows by every instance
//! of a cluster: a guesser spread over several instances gets no more
//! tries than through one.
//!
//! The windows and numbers are the single server's ([`LoginLimiter`]'s),
//! and so are the rules: an attempt is counted before its password is
//! hashed, by a script that first checks both windows, so a hundred
//! guesses sent at once through every instance cannot all be let in; a
//! success or an attempt never checked gives its place back. A window is
//! a counter that Redis expires at the window's end (set at its first
//! failure). An account's counters are listed in a set, so an unlock finds
//! them all.
//!
//! When Redis cannot be reached, an attempt is refused, never let through
//! uncounted; a give-back that cannot be written leaves the failure
//! counted, which errs on the same side.

use std::time::Duration;

use redis::Script;
use redis::aio::ConnectionManager;

use crate::accounts::{Attempt, LoginLimiter, Refusal};
use crate::cluster::Keys;
use crate::game::UserKey;
use crate::limits::Limits;

/// Why an attempt could not be counted.
#[derive(Debug, thiserror::Error)]
pub enum CountError {
    #[error("refused: {0:?}")]
    Refused(Refusal),
    #[error("failed logins cannot be counted: redis: {0}")]
    Unreachable(#[from] redis::RedisError),
}

/// Counts failed logins in the cluster's Redis; cheap to clone.
#[derive(Clone)]
pub struct SharedLoginLimiter {
    connection: ConnectionManager,
    keys: Keys,
    enabled: bool,
    per_address: u32,
    count: Script,
    give_back: Script,
    unlock: Script,
}

impl SharedLoginLimiter {
    /// With `limits.failed_logins_per_address` per address (and nothing at
    /// all with limits off), like [`LoginLimiter::new`].
    pub fn new(connection: ConnectionManager, keys: Keys, limits: &Limits) -> SharedLoginLimiter {
        SharedLoginLimiter {
            connection,
            keys,
            enabled: limits.enabled,
            per_address: limits.failed_logins_per_address.max(1),
            count: Script::new(include_str!("count_login.lua")),
            give_back: Script::new(include_str!("give_back_login.lua")),
            unlock: Script::new(include_str!("unlock_login.lua")),
        }
    }

    /// Counts `attempt` as a failure until it succeeds, or refuses it.
    pub async fn begin(&self, attempt: Attempt) -> Result<SharedGuess, CountError> {
        if !self.enabled {
            return Ok(SharedGuess {
                limiter: None,
                attempt,
                failures: 0,
            });
        }
        let account = attempt.account.as_str();
        let address = attempt.from.to_string();
        let (verdict, number): (String, u64) = self
            .count
            .key(self.keys.failed_logins(account, &address))
            .key(self.keys.failed_logins_of_address(&address))
            .key(self.keys.failed_logins_addresses(account))
            .arg(&address)
            .arg(LoginLimiter::MAX_FAILURES)
            .arg(millis(LoginLimiter::WINDOW))
            .arg(self.per_address)
            .arg(millis(LoginLimiter::ADDRESS_WINDOW))
            .invoke_async(&mut self.connection.clone())
            .await?;
        let wait = Duration::from_millis(number);
        match verdict.as_str() {
            "ADDRESS" => Err(CountError::Refused(Refusal::AddressLimited(wait))),
            "ACCOUNT" => Err(CountError::Refused(Refusal::AccountLocked(wait))),
            _ => Ok(SharedGuess {
                limiter: Some(self.clone()),
                attempt,
                failures: u32::try_from(number).unwrap_or(u32::MAX),
            }),
        }
    }

    /// Forgets every failed login of `account`, from every address, on
    /// every instance. Addresses' own counts are left alone.
    pub async fn unlock(&self, account: &UserKey) -> redis::RedisResult<()> {
        self.unlock
            .key(self.keys.failed_logins_addresses(account.as_str()))
            .arg(self.keys.failed_logins_prefix(account.as_str()))
            .invoke_async(&mut self.connection.clone())
            .await
    }

    /// Takes back `attempt`'s failure: all of the account's from its
    /// address if `forget`, else this one.
    async fn give_back(&self, attempt: &Attempt, forget: bool) {
        let account = attempt.account.as_str();
        let address = attempt.from.to_string();
        let given_back: redis::RedisResult<()> = self
            .give_back
            .key(self.keys.failed_logins(account, &address))
            .key(self.keys.failed_logins_of_address(&address))
            .arg(if forget { "FORGET" } else { "ONE" })
            .invoke_async(&mut self.connection.clone())
            .await;
        if let Err(error) = given_back {
            tracing::warn!(%error, "a login that was no failure stays counted as one");
        }
    }
}

/// An attempt counted as a failure until [`SharedGuess::succeeded`] says
/// otherwise (the cluster's [`crate::accounts::Guess`]).
pub struct SharedGuess {
    limiter: Option<SharedLoginLimiter>,
    attempt: Attempt,
    /// The account's failures from this address, this one included.
    failures: u32,
}

impl SharedGuess {
    /// The password was right: the attempt is not a failure, and the
    /// account's failures from this address are forgotten.
    pub async fn succeeded(self) {
        if let Some(limiter) = &self.limiter {
            limiter.give_back(&self.attempt, true).await;
        }
    }

    /// The password was never checked: the attempt gives its place back in
    /// both counts.
    pub async fn unchecked(self) {
        if let Some(limiter) = &self.limiter {
            limiter.give_back(&self.attempt, false).await;
        }
    }

    /// The password was wrong: the attempt stays counted. Returns whether
    /// it was the one that locked the account from this address.
    pub fn failed(self) -> bool {
        self.limiter.is_some() && self.failures == LoginLimiter::MAX_FAILURES
    }
}

fn millis(window: Duration) -> u64 {
    u64::try_from(window.as_millis()).unwrap_or(u64::MAX)
}
