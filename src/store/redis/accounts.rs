//! Accounts and sessions in Redis, as JSON records like redb's.

use redis::AsyncCommands;
use redis::aio::ConnectionManager;

use super::storage_error;
use crate::cluster::Keys;
use crate::game::UserKey;
use crate::store::{Account, Created, Session, StoreError, TokenDigest};

/// The account and session half of the store; cheap to clone.
#[derive(Clone)]
pub struct RedisAccounts {
    connection: ConnectionManager,
    keys: Keys,
}

impl RedisAccounts {
    pub fn new(connection: ConnectionManager, keys: Keys) -> RedisAccounts {
        RedisAccounts { connection, keys }
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

    /// Saves (or replaces) a session; Redis deletes it when it expires.
    pub async fn put_session(
        &self,
        digest: TokenDigest,
        session: Session,
    ) -> Result<(), StoreError> {
        let record = encode(&session)?;
        // EXAT takes a positive time; one in the past deletes the key at once.
        let expires_at = session.expires_at.max(1);
        redis::cmd("SET")
            .arg(self.keys.session(&digest.0))
            .arg(record)
            .arg("EXAT")
            .arg(expires_at)
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

    pub async fn delete_session(&self, digest: TokenDigest) -> Result<(), StoreError> {
        self.connection
            .clone()
            .del::<_, ()>(self.keys.session(&digest.0))
            .await
            .map_err(storage_error)
    }
}

fn encode(record: &impl serde::Serialize) -> Result<Vec<u8>, StoreError> {
    serde_json::to_vec(record).map_err(|error| StoreError::Storage(error.to_string()))
}

fn decode<T: serde::de::DeserializeOwned>(record: &[u8]) -> Result<T, StoreError> {
    serde_json::from_slice(record)
        .map_err(|error| StoreError::Storage(format!("a record in Redis is unreadable: {error}")))
}
