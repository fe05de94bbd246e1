//! Accounts and sessions in Redis, as JSON records like redb's.
//!
//! A session is a key of its own, found by its digest; each account also
//! has a set of its sessions' digests, so a new password can end every one
//! of them. The set is written with the session, in one `MULTI`, and
//! expires with the last of them; an entry whose session expired earlier
//! is tolerated (the password script skips it), and the whole set goes
//! when the password changes. The password itself is replaced by a script
//! that also ends the sessions and announces each on the logouts channel,
//! so nobody can log in with the old password, or play on with an old
//! session, once it has run.

use redis::aio::ConnectionManager;
use redis::{AsyncCommands, Script, Value};

use super::storage_error;
use crate::accounts::session;
use crate::cluster::{Keys, SessionEnded, hex};
use crate::game::UserKey;
use crate::store::{Account, Created, Session, StoreError, TokenDigest};

/// Tries at replacing a password while the account's record keeps
/// changing under it (another admin's new password, at the same moment).
const PASSWORD_ATTEMPTS: usize = 3;

/// The account and session half of the store; cheap to clone.
#[derive(Clone)]
pub struct RedisAccounts {
    connection: ConnectionManager,
    keys: Keys,
    replace_password: Script,
}

impl RedisAccounts {
    pub fn new(connection: ConnectionManager, keys: Keys) -> RedisAccounts {
        RedisAccounts {
            connection,
            keys,
            replace_password: Script::new(include_str!("replace_password.lua")),
        }
    }

    /// Creates an account unless one with the same key exists.
    pub async fn create_account(
        &self,
        key: UserKey,
        account: Account,
    ) -> Result<Created, StoreError> {
        let record = encode(&account)?;
        let created: bool = self
            .connection
            .clone()
            .hset_nx(self.keys.accounts(), key.as_str(), record)
            .await
            .map_err(storage_error)?;
        Ok(if created {
            Created::Created
        } else {
            Created::AlreadyExists
        })
    }

    pub async fn account(&self, key: UserKey) -> Result<Option<Account>, StoreError> {
        let record: Option<Vec<u8>> = self
            .connection
            .clone()
            .hget(self.keys.accounts(), key.as_str())
            .await
            .map_err(storage_error)?;
        record.map(|record| decode(&record)).transpose()
    }

    /// Saves (or replaces) a session, and lists it among its account's;
    /// Redis deletes both when they expire.
    pub async fn put_session(
        &self,
        digest: TokenDigest,
        session: Session,
    ) -> Result<(), StoreError> {
        let record = encode(&session)?;
        // EXAT takes a positive time; one in the past deletes the key at once.
        let expires_at = session.expires_at.max(1);
        let mut writes = redis::pipe();
        writes
            .atomic()
            .cmd("SET")
            .arg(self.keys.session(&digest.0))
            .arg(record)
            .arg("EXAT")
            .arg(expires_at)
            .ignore();
        // A session already over is not listed: a time in the past would
        // delete the set, and the other sessions' entries with it.
        if expires_at > session::now() {
            let listed = self.keys.sessions_of(session.user.as_str());
            // The set lives as long as its longest session: NX gives a new
            // set its first expiry, GT only ever pushes it later.
            writes
                .sadd(&listed, hex(&digest.0))
                .ignore()
                .cmd("EXPIREAT")
                .arg(&listed)
                .arg(expires_at)
                .arg("NX")
                .ignore()
                .cmd("EXPIREAT")
                .arg(&listed)
                .arg(expires_at)
                .arg("GT")
                .ignore();
        }
        writes
            .exec_async(&mut self.connection.clone())
            .await
            .map_err(storage_error)
    }

    pub async fn session(&self, digest: TokenDigest) -> Result<Option<Session>, StoreError> {
        let record: Option<Vec<u8>> = self
            .connection
            .clone()
            .get(self.keys.session(&digest.0))
            .await
            .map_err(storage_error)?;
        record.map(|record| decode(&record)).transpose()
    }

    /// Deletes a session, takes it off its account's list, and announces
    /// it on the logouts channel, so every instance closes the connections
    /// opened with it (best effort: one that misses the announcement still
    /// refuses the session from now on).
    pub async fn delete_session(&self, digest: TokenDigest) -> Result<(), StoreError> {
        // Read first for its account; were it replaced in between, its
        // entry would only stay listed until the set expires or the
        // password changes, which both tolerate.
        let listed = self.session(digest).await?;
        let mut writes = redis::pipe();
        writes.atomic().del(self.keys.session(&digest.0)).ignore();
        if let Some(listed) = listed {
            writes
                .srem(self.keys.sessions_of(listed.user.as_str()), hex(&digest.0))
                .ignore();
        }
        writes
            .publish(
                self.keys.logouts(),
                SessionEnded::LoggedOut.announcement(&digest),
            )
            .ignore()
            .exec_async(&mut self.connection.clone())
            .await
            .map_err(storage_error)
    }

    /// Gives the account a new password hash and ends every session of it,
    /// all in one script; returns how many sessions ended, or `None` if
    /// there is no such account.
    ///
    /// The script replaces the record only if it is still the one read
    /// here (so a record is never rewritten from a stale copy), and this
    /// reads it again if not.
    pub async fn replace_password(
        &self,
        key: UserKey,
        password_hash: String,
    ) -> Result<Option<usize>, StoreError> {
        for _ in 0..PASSWORD_ATTEMPTS {
            let read: Option<Vec<u8>> = self
                .connection
                .clone()
                .hget(self.keys.accounts(), key.as_str())
                .await
                .map_err(storage_error)?;
            let Some(read) = read else {
                return Ok(None);
            };
            let mut account: Account = decode(&read)?;
            account.password_hash = password_hash.clone();
            let reply: Value = self
                .replace_password
                .key(self.keys.accounts())
                .key(self.keys.sessions_of(key.as_str()))
                .key(self.keys.logouts())
                .arg(key.as_str())
                .arg(read)
                .arg(encode(&account)?)
                .arg(self.keys.session_prefix())
                .arg(SessionEnded::NewPassword.mark())
                .invoke_async(&mut self.connection.clone())
                .await
                .map_err(storage_error)?;
            match reply {
                Value::Nil => return Ok(None),
                Value::Int(ended) => return Ok(Some(usize::try_from(ended).unwrap_or(0))),
                // The record changed since it was read: read it again.
                _ => continue,
            }
        }
        Err(StoreError::Storage(format!(
            "the account {} kept changing while its password was replaced",
            key.as_str()
        )))
    }
}

fn encode(record: &impl serde::Serialize) -> Result<Vec<u8>, StoreError> {
    serde_json::to_vec(record).map_err(|error| StoreError::Storage(error.to_string()))
}

fn decode<T: serde::de::DeserializeOwned>(record: &[u8]) -> Result<T, StoreError> {
    serde_json::from_slice(record)
        .map_err(|error| StoreError::Storage(format!("a record in Redis is unreadable: {error}")))
}
