//! Accounts and sessions: registering, logging in and out, and turning a
//! session token back into a player.
//!
//! This is the only place that knows passwords and tokens. It speaks in
//! [`AccountError`]s; the HTTP layer maps them to the contract's status codes.
//!
//! The abuse limits on accounts are here too, so every transport (the web
//! API, telnet's login dialogue) meets the same ones: registrations per
//! address (a `governor` limiter, counted before the password is hashed),
//! failed logins per account and address and per address ([`limiter`];
//! counted in this process, or in a cluster's Redis: [`failed_logins`]),
//! and bans, read from the game's saved standing of the account: a banned
//! account can neither log in nor open a connection with a session it
//! already has. What the game asks of accounts (a new password, an unlock)
//! arrives as [`errands`].

pub mod errands;
mod failed_logins;
mod limiter;
mod password;
pub mod session;
pub mod token;
mod username;

use std::net::IpAddr;
use std::sync::Arc;
use std::time::Duration;

use crate::game::{Actor, Time, UserKey};
use crate::limits::{KeyedLimiter, Limits, REGISTRATION_WINDOW};
use crate::store::records::{self, Table};
use crate::store::{Account, Created, Session, Store, StoreError};
use crate::transport::address::limit_key;

pub use failed_logins::{Counted, FailedLogins};
pub use limiter::{Attempt, Guess, LoginLimiter, Refusal};
pub use password::{
    DEFAULT_PASSWORD_QUEUE, HashError, MAX_PASSWORD_CHARS, MIN_PASSWORD_CHARS, PasswordHasher,
};
pub use username::Username;

#[derive(Debug, thiserror::Error)]
pub enum AccountError {
    #[error("{0}")]
    Invalid(String),
    #[error("that name is taken")]
    NameTaken,
    #[error("wrong username or password")]
    WrongCredentials,
    #[error("too many failed logins for this account; try again in {}", minutes(.0))]
    TooManyAttempts(Duration),
    #[error("too many failed logins from your address; try again in {}", minutes(.0))]
    TooManyFromAddress(Duration),
    #[error("too many new accounts from your address; try again in {}", minutes(.0))]
    TooManyRegistrations(Duration),
    /// The account is banned; the text says until when, by whom and why.
    #[error("this account is banned {0}")]
    Banned(String),
    #[error("there is no such account")]
    NoSuchAccount,
    #[error("{0}")]
    Busy(HashError),
    /// A write failed (a full disk, say); reads still work.
    #[error("the server cannot save right now; try again in a moment")]
    CannotSave(StoreError),
    /// What logins need cannot be reached (a cluster's Redis, for the
    /// failed-login counts); nobody is let in unchecked meanwhile.
    #[error("logins cannot be checked right now; try again in a moment")]
    Unavailable(String),
    #[error("internal error: {0}")]
    Internal(String),
}

/// "1 minute", "15 minutes", rounded up.
fn minutes(wait: &Duration) -> String {
    crate::game::standing::minutes(*wait)
}

impl From<StoreError> for AccountError {
    fn from(error: StoreError) -> Self {
        AccountError::Internal(error.to_string())
    }
}

impl AccountError {
    /// When it is worth trying again, for errors that pass with time.
    pub fn retry_after(&self) -> Option<Duration> {
        match self {
            AccountError::TooManyAttempts(remaining)
            | AccountError::TooManyFromAddress(remaining)
            | AccountError::TooManyRegistrations(remaining) => Some(*remaining),
            AccountError::Busy(_) => Some(Duration::from_secs(1)),
            AccountError::CannotSave(_) | AccountError::Unavailable(_) => {
                Some(Duration::from_secs(5))
            }
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

impl From<Refusal> for AccountError {
    fn from(refusal: Refusal) -> Self {
        match refusal {
            Refusal::AccountLocked(wait) => AccountError::TooManyAttempts(wait),
            Refusal::AddressLimited(wait) => AccountError::TooManyFromAddress(wait),
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
    failed_logins: FailedLogins,
    registrations: KeyedLimiter<IpAddr>,
}

impl Accounts {
    /// Accounts with the default limits; see [`Accounts::with_limits`].
    pub fn new(store: Arc<dyn Store>, hasher: PasswordHasher) -> Accounts {
        Accounts::with_limits(store, hasher, &Limits::default())
    }

    /// Accounts with `limits`, counting failed logins in this process.
    pub fn with_limits(store: Arc<dyn Store>, hasher: PasswordHasher, limits: &Limits) -> Accounts {
        let failed_logins = FailedLogins::Here(LoginLimiter::new(limits));
        Accounts::counting_in(store, hasher, limits, failed_logins)
    }

    /// Accounts with `limits`, counting failed logins in `failed_logins`
    /// (a cluster's are shared by its instances).
    pub fn counting_in(
        store: Arc<dyn Store>,
        hasher: PasswordHasher,
        limits: &Limits,
        failed_logins: FailedLogins,
    ) -> Accounts {
        Accounts {
            store,
            hasher,
            failed_logins,
            registrations: KeyedLimiter::new(
                limits.registrations_per_address,
                REGISTRATION_WINDOW,
                limits,
            ),
        }
    }

    /// Creates an account for a client at `from`; returns the name as it
    /// will be displayed.
    pub async fn register(
        &self,
        name: &str,
        password: &str,
        from: IpAddr,
    ) -> Result<String, AccountError> {
        let result = self.try_register(name, password, from).await;
        crate::metrics::registration(if result.is_ok() { "ok" } else { "refused" });
        result
    }

    async fn try_register(
        &self,
        name: &str,
        password: &str,
        from: IpAddr,
    ) -> Result<String, AccountError> {
        let username = Username::for_new_account(name).map_err(AccountError::Invalid)?;
        PasswordHasher::check_length(password).map_err(AccountError::Invalid)?;
        if self.store.account(username.key()).await?.is_some() {
            return Err(AccountError::NameTaken);
        }
        if let Err(wait) = self.registrations.check(&limit_key(from)) {
            tracing::info!(%from, "refused a registration: too many from this address");
            return Err(AccountError::TooManyRegistrations(wait));
        }
        let account = Account {
            name: username.as_str().to_owned(),
            password_hash: self.hasher.hash(password.to_owned()).await?,
            created_at: session::now(),
        };
        let created = self.store.create_account(username.key(), account).await;
        match created.map_err(AccountError::CannotSave)? {
            Created::Created => {
                tracing::info!(name = username.as_str(), %from, "an account was registered");
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

    /// Checks the password of a client at `from` and opens a session. An
    /// unknown name and a wrong password are the same error, and take the
    /// same time. A banned account is told so, once its password is right.
    pub async fn login(
        &self,
        name: &str,
        password: &str,
        from: IpAddr,
    ) -> Result<Login, AccountError> {
        let result = self.try_login(name, password, from).await;
        crate::metrics::login(match &result {
            Ok(_) => "ok",
            Err(AccountError::WrongCredentials) => "wrong",
            Err(AccountError::TooManyAttempts(_) | AccountError::TooManyFromAddress(_)) => "locked",
            Err(AccountError::Banned(_)) => "banned",
            Err(_) => "failed",
        });
        result
    }

    async fn try_login(
        &self,
        name: &str,
        password: &str,
        from: IpAddr,
    ) -> Result<Login, AccountError> {
        let from = limit_key(from);
        let username = Username::parse(name).map_err(|_| AccountError::WrongCredentials)?;
        let key = username.key();
        let attempt = Attempt {
            account: key.clone(),
            from,
        };
        let guess = self
            .failed_logins
            .begin(attempt)
            .await
            .inspect_err(|error| match error {
                AccountError::Unavailable(reason) => {
                    tracing::warn!(name, %from, %reason, "refused a login: cannot count it");
                }
                _ => tracing::info!(name, %from, "refused a login: too many failed logins"),
            })?;
        let account = match self.check_password(&key, password).await {
            Ok(Some(account)) => account,
            Err(error) => {
                guess.unchecked().await;
                return Err(error);
            }
            Ok(None) => {
                if guess.failed() {
                    tracing::info!(
                        name,
                        %from,
                        minutes = LoginLimiter::WINDOW.as_secs() / 60,
                        "an account is locked from an address after too many wrong passwords"
                    );
                } else {
                    tracing::info!(name, %from, "a login failed: wrong name or password");
                }
                return Err(AccountError::WrongCredentials);
            }
        };
        guess.succeeded().await;
        if let Some(ban) = self.ban_of(&key).await? {
            tracing::info!(name = account.name, %from, "refused a login: the account is banned");
            return Err(AccountError::Banned(ban));
        }
        let token = token::generate();
        let session = Session {
            user: key,
            name: account.name.clone(),
            expires_at: session::now() + session::LIFETIME_SECS,
        };
        self.store
            .put_session(token::digest(&token), session)
            .await
            .map_err(AccountError::CannotSave)?;
        tracing::info!(name = account.name, %from, "logged in");
        Ok(Login {
            name: account.name,
            token,
        })
    }

    /// The account `key` names if `password` is its password; `None` for a
    /// wrong password or an unknown name alike; an error when the password
    /// could not be checked at all.
    async fn check_password(
        &self,
        key: &UserKey,
        password: &str,
    ) -> Result<Option<Account>, AccountError> {
        let account = self.store.account(key.clone()).await?;
        let hash = account
            .as_ref()
            .map(|account| account.password_hash.clone());
        let password = password
            .chars()
            .take(password::MAX_PASSWORD_CHARS + 1)
            .collect();
        let matches = self.hasher.verify(password, hash).await?;
        Ok(account.filter(|_| matches))
    }

    /// Revokes the session; a token that is not a live session is ignored,
    /// and writes nothing.
    pub async fn logout(&self, token: &str) -> Result<(), AccountError> {
        if token.is_empty() || token.len() > MAX_TOKEN_CHARS {
            return Ok(());
        }
        let digest = token::digest(token);
        if self.store.session(digest).await?.is_some() {
            self.store
                .delete_session(digest)
                .await
                .map_err(AccountError::CannotSave)?;
        }
        Ok(())
    }

    /// The player a token belongs to, if its session is live. Sliding expiry
    /// is applied here. A banned account's session is refused with
    /// [`AccountError::Banned`].
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
                // Refused either way; a failed delete leaves an expired row.
                if let Err(error) = self.store.delete_session(digest).await {
                    tracing::warn!(%error, "could not delete an expired session");
                }
                return Ok(None);
            }
            session::Verdict::Refresh(expires_at) => {
                let refreshed = Session {
                    expires_at,
                    ..stored.clone()
                };
                // The session is live either way: a full disk must not
                // lock players out; the refresh is tried again next time.
                if let Err(error) = self.store.put_session(digest, refreshed).await {
                    tracing::warn!(%error, "could not extend a session");
                }
            }
            session::Verdict::Valid => {}
        }
        if let Some(ban) = self.ban_of(&stored.user).await? {
            return Err(AccountError::Banned(ban));
        }
        Ok(Some(Actor {
            key: stored.user,
            name: stored.name,
        }))
    }

    /// Gives the account a new password and ends every session of it;
    /// returns its display name and how many sessions ended.
    pub async fn reset_password(
        &self,
        key: &UserKey,
        password: &str,
    ) -> Result<(String, usize), AccountError> {
        PasswordHasher::check_length(password).map_err(AccountError::Invalid)?;
        let Some(account) = self.store.account(key.clone()).await? else {
            return Err(AccountError::NoSuchAccount);
        };
        let hash = self.hasher.hash(password.to_owned()).await?;
        let ended = self
            .store
            .replace_password(key.clone(), hash)
            .await?
            .ok_or(AccountError::NoSuchAccount)?;
        tracing::info!(
            name = account.name,
            sessions = ended,
            "an account's password was replaced"
        );
        Ok((account.name, ended))
    }

    /// Forgets the account's failed logins; returns its display name.
    pub async fn unlock(&self, key: &UserKey) -> Result<String, AccountError> {
        let Some(account) = self.store.account(key.clone()).await? else {
            return Err(AccountError::NoSuchAccount);
        };
        self.failed_logins.unlock(key).await?;
        tracing::info!(
            name = account.name,
            "an account's failed logins were forgotten"
        );
        Ok(account.name)
    }

    /// Deletes the sessions that have expired; returns how many.
    pub async fn sweep_expired_sessions(&self) -> Result<usize, AccountError> {
        let swept = self.store.delete_expired_sessions(session::now()).await?;
        if swept > 0 {
            tracing::info!(sessions = swept, "deleted expired sessions");
        }
        Ok(swept)
    }

    /// The ban in force on the account, described, if there is one.
    async fn ban_of(&self, key: &UserKey) -> Result<Option<String>, AccountError> {
        let Some(value) = self
            .store
            .game_record(Table::Standings, key.as_str().to_owned())
            .await?
        else {
            return Ok(None);
        };
        let standing = records::standing(key.as_str(), &value)
            .map_err(|error| AccountError::Internal(error.to_string()))?;
        Ok(standing.ban_at(Time::now()).map(|ban| ban.describe()))
    }
}
