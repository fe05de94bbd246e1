//! The store of an instance of a cluster: everything in Redis, shared by
//! every instance.
//!
//! The game's records are written by the leader's commit script
//! ([`crate::cluster::commit`]), never through [`Store::save_records`]: an
//! unfenced write could land after another instance took over, so this
//! store refuses it. Reading them back ([`Store::load_records`]) is one
//! `MULTI` ([`crate::cluster::load`]). The part the HTTP API uses, which any
//! instance may call at any time, is a command, a `MULTI` or a script at a
//! time, each atomic on its own, so no lease is needed:
//! - accounts live in one hash, and `HSETNX` says whether a name was free;
//! - a session is a key that Redis expires by itself at the session's end
//!   (`SET ... EXAT`), so no sweep is needed; a deleted one is announced,
//!   so every instance closes the connections opened with it;
//! - each account's sessions are listed in a set beside them, so a new
//!   password (one script) ends every one of them, announced like a logout;
//! - a failed-login counter ([`SharedLoginLimiter`]) expires at the end of
//!   its window, and every instance counts into the same one: guessing a
//!   password through several instances is no faster than through one.

mod accounts;
mod logins;

use std::path::PathBuf;

use redis::aio::ConnectionManager;

pub use accounts::RedisAccounts;
pub use logins::{CountError, SharedGuess, SharedLoginLimiter};

use crate::cluster::{self, Keys};
use crate::game::UserKey;
use crate::limits::Limits;
use crate::store::records::{Record, RecordWrite, Table};
use crate::store::{Account, Created, Session, Store, StoreError, StoreFuture, TokenDigest};

/// Redis failures as the store reports them.
fn storage_error(error: redis::RedisError) -> StoreError {
    StoreError::Storage(format!("redis: {error}"))
}

/// The whole store of one cluster; cheap to clone.
#[derive(Clone)]
pub struct RedisStore {
    connection: ConnectionManager,
    keys: Keys,
    accounts: RedisAccounts,
}

impl RedisStore {
    pub fn new(connection: ConnectionManager, keys: Keys) -> RedisStore {
        RedisStore {
            accounts: RedisAccounts::new(connection.clone(), keys.clone()),
            connection,
            keys,
        }
    }
}

impl RedisStore {
    /// The cluster's failed-login counts, with these limits.
    pub fn login_limiter(&self, limits: &Limits) -> SharedLoginLimiter {
        SharedLoginLimiter::new(self.connection.clone(), self.keys.clone(), limits)
    }
}

impl Store for RedisStore {
    fn load_records(&self) -> StoreFuture<'_, Vec<Record>> {
        Box::pin(async move {
            let names: Vec<&'static str> = Table::ALL.iter().map(|table| table.name()).collect();
            let loaded = cluster::load(&mut self.connection.clone(), &self.keys, &names)
                .await
                .map_err(|error| StoreError::Storage(error.to_string()))?;
            let mut records = Vec::new();
            for (name, stored) in loaded.tables {
                let Some(table) = Table::named(name) else {
                    continue;
                };
                records.extend(
                    stored
                        .into_iter()
                        .map(|(key, value)| Record { table, key, value }),
                );
            }
            Ok(records)
        })
    }

    fn game_record(&self, table: Table, key: String) -> StoreFuture<'_, Option<Vec<u8>>> {
        Box::pin(async move {
            let hash = self
                .keys
                .table(table.name())
                .map_err(|error| StoreError::Storage(error.to_string()))?;
            redis::cmd("HGET")
                .arg(hash)
                .arg(key)
                .query_async(&mut self.connection.clone())
                .await
                .map_err(storage_error)
        })
    }

    fn save_records(&self, _writes: Vec<RecordWrite>) -> StoreFuture<'_, ()> {
        Box::pin(async {
            Err(StoreError::Storage(
                "in a cluster the game is saved only by the leader's fenced commit".into(),
            ))
        })
    }

    /// Draws from the lease's epoch counter, so numbers from here and from
    /// every lease ever taken are all distinct and growing.
    fn begin_epoch(&self) -> StoreFuture<'_, u64> {
        Box::pin(async move {
            redis::cmd("INCR")
                .arg(self.keys.epoch())
                .query_async(&mut self.connection.clone())
                .await
                .map_err(storage_error)
        })
    }

    fn create_account(&self, key: UserKey, account: Account) -> StoreFuture<'_, Created> {
        Box::pin(self.accounts.create_account(key, account))
    }

    fn account(&self, key: UserKey) -> StoreFuture<'_, Option<Account>> {
        Box::pin(self.accounts.account(key))
    }

    fn put_session(&self, digest: TokenDigest, session: Session) -> StoreFuture<'_, ()> {
        Box::pin(self.accounts.put_session(digest, session))
    }

    fn session(&self, digest: TokenDigest) -> StoreFuture<'_, Option<Session>> {
        Box::pin(self.accounts.session(digest))
    }

    fn delete_session(&self, digest: TokenDigest) -> StoreFuture<'_, ()> {
        Box::pin(self.accounts.delete_session(digest))
    }

    fn replace_password(
        &self,
        key: UserKey,
        password_hash: String,
    ) -> StoreFuture<'_, Option<usize>> {
        Box::pin(self.accounts.replace_password(key, password_hash))
    }

    /// Redis expires every session by itself, at its end.
    fn delete_expired_sessions(&self, _now: u64) -> StoreFuture<'_, usize> {
        Box::pin(async { Ok(0) })
    }

    fn snapshot(&self, _destination: PathBuf) -> StoreFuture<'_, ()> {
        Box::pin(async {
            Err(StoreError::Storage(
                "a cluster's game is kept in Redis: back up Redis instead (docs/cluster.md)".into(),
            ))
        })
    }

    fn close(&self) -> StoreFuture<'_, ()> {
        Box::pin(async { Ok(()) })
    }
}
