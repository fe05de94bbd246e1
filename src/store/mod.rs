//! Everything Hearth keeps: accounts, sessions, characters and where every
//! item is, behind one narrow interface.
//!
//! The game keeps its state in memory and mostly *writes* through the store:
//! it reads its records back only to start, and again after a failed commit
//! (to forget what was not saved). So the interface is small: load the
//! game's records, read one (an account's standing), save a batch of record
//! writes, and the few account and session operations the HTTP API needs.
//! What a record holds, and which records a change touches, is [`records`]'
//! business, shared by every store.
//! [`redb::RedbStore`] is the default, one file in the data directory. Every
//! method returns a boxed future so a networked store (Redis) can sit behind
//! the same trait.

pub mod memory;
pub mod records;
pub mod redb;
#[cfg(feature = "redis")]
pub mod redis;

use std::future::Future;
use std::path::PathBuf;
use std::pin::Pin;

use crate::game::UserKey;
use records::{Record, RecordWrite, Table};

pub use redb::RedbStore;

/// The future every store method returns.
pub type StoreFuture<'a, T> = Pin<Box<dyn Future<Output = Result<T, StoreError>> + Send + 'a>>;

pub trait Store: Send + Sync + 'static {
    /// Every game record, for the game to start from.
    fn load_records(&self) -> StoreFuture<'_, Vec<Record>>;

    /// One game record, as saved (the accounts service reads an account's
    /// standing this way, to refuse a banned one).
    fn game_record(&self, table: Table, key: String) -> StoreFuture<'_, Option<Vec<u8>>>;

    /// Writes a batch of game records atomically and durably; when the
    /// future resolves, they survive a crash.
    fn save_records(&self, writes: Vec<RecordWrite>) -> StoreFuture<'_, ()>;

    /// Starts a new run of the game: returns a number above every number
    /// any earlier call returned, durably (messages are numbered from it).
    fn begin_epoch(&self) -> StoreFuture<'_, u64>;

    /// Creates an account unless one with the same key exists.
    fn create_account(&self, key: UserKey, account: Account) -> StoreFuture<'_, Created>;

    fn account(&self, key: UserKey) -> StoreFuture<'_, Option<Account>>;

    /// Saves (or replaces) a session under the digest of its token.
    fn put_session(&self, digest: TokenDigest, session: Session) -> StoreFuture<'_, ()>;

    fn session(&self, digest: TokenDigest) -> StoreFuture<'_, Option<Session>>;

    fn delete_session(&self, digest: TokenDigest) -> StoreFuture<'_, ()>;

    /// Gives an account a new password hash and ends every session of it,
    /// in one transaction; returns how many sessions ended, or `None` if
    /// there is no such account.
    fn replace_password(
        &self,
        key: UserKey,
        password_hash: String,
    ) -> StoreFuture<'_, Option<usize>>;

    /// Deletes every session that expired before `now` (seconds since the
    /// Unix epoch); returns how many.
    fn delete_expired_sessions(&self, now: u64) -> StoreFuture<'_, usize>;

    /// Writes a consistent copy of everything to `destination`, while the
    /// server keeps running.
    fn snapshot(&self, destination: PathBuf) -> StoreFuture<'_, ()>;

    /// Finishes pending writes and closes; later calls fail with [`StoreError::Closed`].
    fn close(&self) -> StoreFuture<'_, ()>;
}

/// An account as stored.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Account {
    /// The username as spelled at registration.
    pub name: String,
    /// Argon2id hash in PHC string format.
    pub password_hash: String,
    /// Seconds since the Unix epoch.
    pub created_at: u64,
}

/// A login session as stored (under the digest of its token, never the token).
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Session {
    pub user: UserKey,
    /// The account's display name, so a connection needs one read, not two.
    pub name: String,
    /// Seconds since the Unix epoch.
    pub expires_at: u64,
}

/// SHA-256 of a session token: what the store keeps instead of the token, so
/// a copy of the database does not hand out live sessions.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct TokenDigest(pub [u8; 32]);

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Created {
    Created,
    AlreadyExists,
}

#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error(
        "the database {path} is in use by another Hearth server (or another program); \
         stop it first, or give this server its own --data-dir"
    )]
    InUse { path: PathBuf },
    #[error(
        "the database {path} was written by a newer Hearth (schema version {found}; this Hearth \
         knows up to {supported}); upgrade Hearth to use it. The file was not changed."
    )]
    TooNew {
        path: PathBuf,
        found: u64,
        supported: u64,
    },
    #[error("the database {path} cannot be used: {reason}. The file was not changed.")]
    Unusable { path: PathBuf, reason: String },
    #[error("storage error: {0}")]
    Storage(String),
    #[error("the store is closed")]
    Closed,
}
