//! Accounts and sessions: registering, logging in and out, and turning a
//! session token back into a player.
//!
//! This is the only place that knows passwords and tokens. It speaks in
//! [`AccountError`]s; the HTTP layer maps them to the contract's status codes.

mod limiter;
mod password;
pub mod session;
pub mod token;
mod username;

use std::sync::Arc;

use crate::game::{Actor, Role};
use crate::store::{Account, Created, Session, Store, StoreError};

pub use limiter::LoginLimiter;
pub use password::{HashError, MAX_PASSWORD_CHARS, MIN_PASSWORD_CHARS, PasswordHasher};
pub use username::Username;

#[derive(Debug, thiserror::Error)]
pub enum AccountError {
    #[error("{0}")]
    Invalid(String),
    #[error("that name is taken")]
    NameTaken,
    #[error("wrong username or password")]
    WrongCredentials,
    #[error("too many failed logins for this account; try again in {} minutes", .0.as_secs().div_ceil(60))]
    TooManyAttempts(std::time::Duration),
    #[error("{0}")]
    Busy(HashError),
    #[error("internal error: {0}")]
    Internal(String),
}

impl From<StoreError> for AccountError {
    fn from(error: StoreError) -> Self {
        AccountError::Internal(error.to_string())
    }
}

impl AccountError {
    /// When it is worth trying again, for errors that pass with time.
    pub fn retry_after(&self) -> Option<std::time::Duration> {
        match self {
            AccountError::TooManyAttempts(remaining) => Some(*remaining),
            AccountError::Busy(_) => Some(std::time::Duration::from_secs(1)),
            _ => None,
        }
    }
}

impl From<HashError> for AccountError {
    fn from(error: HashError) -> Self {
        match error {
            HashError::Busy => AccountError::Busy(error),
            HashError::Failed(reason) => AccountError::Internal(reason),
        }
    }
}

/// A successful login.
pub struct Login {
    pub name: String,
    pub token: String,
}

/// Longest token accepted; real ones are 43 characters.
const MAX_TOKEN_CHARS: usize = 128;

pub struct Accounts {
    store: Arc<dyn Store>,
    hasher: PasswordHasher,
    limiter: LoginLimiter,
}

impl Accounts {
    pub fn new(store: Arc<dyn Store>, hasher: PasswordHasher) -> Accounts {
        Accounts {
            store,
            hasher,
            limiter: LoginLimiter::default(),
        }
    }

    /// Creates an account; returns the name as it will be displayed.
    pub async fn register(&self, name: &str, password: &str) -> Result<String, AccountError> {
        let username = Username::for_new_account(name).map_err(AccountError::Invalid)?;
        PasswordHasher::check_length(password).map_err(AccountError::Invalid)?;
        if self.store.account(username.key()).await?.is_some() {
            return Err(AccountError::NameTaken);
        }
        let account = Account {
            name: username.as_str().to_owned(),
            password_hash: self.hasher.hash(password.to_owned()).await?,
            created_at: session::now(),
        };
        match self.store.create_account(username.key(), account).await? {
            Created::Created => {
                tracing::info!(name = username.as_str(), "an account was registered");
                Ok(username.as_str().to_owned())
            }
            Created::AlreadyExists => Err(AccountError::NameTaken),
        }
    }

    /// Whether an account has this name (in any case). For the terminal's
    /// login dialogue, which asks a known name for its password and offers
    /// to create an unknown one; registering tells as much.
    pub async fn exists(&self, name: &str) -> Result<bool, AccountError> {
        let username = Username::parse(name).map_err(AccountError::Invalid)?;
        Ok(self.store.account(username.key()).await?.is_some())
    }

    /// Checks the password and opens a session. An unknown name and a wrong
    /// password are the same error, and take the same time.
    pub async fn login(&self, name: &str, password: &str) -> Result<Login, AccountError> {
        let username = Username::parse(name).map_err(|_| AccountError::WrongCredentials)?;
        let key = username.key();
        if let Some(remaining) = self.limiter.locked_for(&key) {
            return Err(AccountError::TooManyAttempts(remaining));
        }
        let account = self.store.account(key.clone()).await?;
        let hash = account
            .as_ref()
            .map(|account| account.password_hash.clone());
        let password = password
            .chars()
            .take(password::MAX_PASSWORD_CHARS + 1)
            .collect();
        let account = match (self.hasher.verify(password, hash).await?, account) {
            (true, Some(account)) => account,
            _ => {
                self.limiter.record_failure(&key);
                return Err(AccountError::WrongCredentials);
            }
        };
        self.limiter.clear(&key);
        let token = token::generate();
        let session = Session {
            user: key,
            name: account.name.clone(),
            expires_at: session::now() + session::LIFETIME_SECS,
        };
        self.store
            .put_session(token::digest(&token), session)
            .await?;
        Ok(Login {
            name: account.name,
            token,
        })
    }

    /// Revokes the session; unknown tokens are ignored.
    pub async fn logout(&self, token: &str) -> Result<(), AccountError> {
        if token.len() <= MAX_TOKEN_CHARS {
            self.store.delete_session(token::digest(token)).await?;
        }
        Ok(())
    }

    /// The player a token belongs to, if its session is live. Sliding expiry
    /// is applied here.
    pub async fn authenticate(&self, token: &str) -> Result<Option<Actor>, AccountError> {
        if token.is_empty() || token.len() > MAX_TOKEN_CHARS {
            return Ok(None);
        }
        let digest = token::digest(token);
        let Some(stored) = self.store.session(digest).await? else {
            return Ok(None);
        };
        match session::review(&stored, session::now()) {
            session::Verdict::Expired => {
                self.store.delete_session(digest).await?;
                return Ok(None);
            }
            session::Verdict::Refresh(expires_at) => {
                let refreshed = Session {
                    expires_at,
                    ..stored.clone()
                };
                self.store.put_session(digest, refreshed).await?;
            }
            session::Verdict::Valid => {}
        }
        Ok(Some(Actor {
            key: stored.user,
            name: stored.name,
            role: Role::Player,
        }))
    }
}
