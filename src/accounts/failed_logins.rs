//! Where failed logins are counted, chosen when the server is assembled:
//! in this process ([`LoginLimiter`]) on a single server, or in Redis
//! (`SharedLoginLimiter`, with the `redis` feature) on an instance of a
//! cluster, where every
//! instance counts into the same windows (else a guesser spread over N
//! instances would get N times the tries). Both count an attempt before
//! its password is hashed and give its place back in the same cases
//! ([`super::limiter`] says why).

#[cfg(feature = "redis")]
use crate::store::redis::{CountError, SharedGuess, SharedLoginLimiter};

use super::{AccountError, Attempt, Guess, LoginLimiter};
use crate::game::UserKey;

/// The failed-login counts accounts consult.
pub enum FailedLogins {
    /// This process's own.
    Here(LoginLimiter),
    /// The cluster's, in Redis.
    #[cfg(feature = "redis")]
    Shared(SharedLoginLimiter),
}

/// An attempt counted as a failure until it is settled otherwise.
pub enum Counted {
    Here(Guess),
    #[cfg(feature = "redis")]
    Shared(SharedGuess),
}

impl FailedLogins {
    /// Counts `attempt` as a failure until it succeeds, or refuses it (too
    /// many failures, or, in a cluster, no way to count it).
    pub async fn begin(&self, attempt: Attempt) -> Result<Counted, AccountError> {
        match self {
            FailedLogins::Here(limiter) => Ok(Counted::Here(limiter.begin(attempt)?)),
            #[cfg(feature = "redis")]
            FailedLogins::Shared(limiter) => match limiter.begin(attempt).await {
                Ok(guess) => Ok(Counted::Shared(guess)),
                Err(CountError::Refused(refusal)) => Err(refusal.into()),
                Err(error @ CountError::Unreachable(_)) => {
                    Err(AccountError::Unavailable(error.to_string()))
                }
            },
        }
    }

    /// Forgets every failed login of `account`, from every address.
    pub async fn unlock(&self, account: &UserKey) -> Result<(), AccountError> {
        match self {
            FailedLogins::Here(limiter) => {
                limiter.unlock(account);
                Ok(())
            }
            #[cfg(feature = "redis")]
            FailedLogins::Shared(limiter) => limiter
                .unlock(account)
                .await
                .map_err(|error| AccountError::Unavailable(format!("redis: {error}"))),
        }
    }
}

impl Counted {
    /// The password was right (see [`Guess::succeeded`]).
    pub async fn succeeded(self) {
        match self {
            Counted::Here(guess) => guess.succeeded(),
            #[cfg(feature = "redis")]
            Counted::Shared(guess) => guess.succeeded().await,
        }
    }

    /// The password was never checked (see [`Guess::unchecked`]).
    pub async fn unchecked(self) {
        match self {
            Counted::Here(guess) => guess.unchecked(),
            #[cfg(feature = "redis")]
            Counted::Shared(guess) => guess.unchecked().await,
        }
    }

    /// The password was wrong; whether this failure locked the account
    /// from its address (see [`Guess::failed`]).
    pub fn failed(self) -> bool {
        match self {
            Counted::Here(guess) => guess.failed(),
            #[cfg(feature = "redis")]
            Counted::Shared(guess) => guess.failed(),
        }
    }
}
