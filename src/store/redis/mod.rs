//! What the cluster keeps in Redis besides the game: accounts, sessions and
//! the login limiter, shared by every instance.
//!
//! The game's records are written by the leader's commit script
//! ([`crate::cluster::commit`]) and read back by [`crate::cluster::load`];
//! what is here is the part of the store the HTTP API uses, which any
//! instance may call at any time. Each is one or two Redis commands, atomic
//! on their own, so no lease is needed:
//! - accounts live in one hash, and `HSETNX` says whether a name was free;
//! - a session is a key that Redis expires by itself at the session's end
//!   (`SET ... EXAT`), so no sweep is needed;
//! - a failed-login counter expires at the end of its window, and every
//!   instance counts into the same one: guessing a password through several
//!   instances is no faster than through one.

mod accounts;
mod limiter;

pub use accounts::RedisAccounts;
pub use limiter::SharedLoginLimiter;

use crate::store::StoreError;

/// Redis failures as the store reports them.
fn storage_error(error: redis::RedisError) -> StoreError {
    StoreError::Storage(format!("redis: {error}"))
}
