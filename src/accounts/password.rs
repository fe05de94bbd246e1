//! Password hashing with Argon2id, off the async threads and bounded.
//!
//! A hash costs tens of milliseconds of CPU and ~19 MiB of memory by design.
//! Run on the async threads it would stall every player; run without limit a
//! login storm would take every core. So hashing happens on the blocking pool,
//! at most [`PasswordHasher::new`]'s `parallelism` at a time, and requests that
//! would wait behind too many others are refused as "busy" (HTTP 429) rather
//! than queued without end.

use std::sync::Arc;

use argon2::Argon2;
use argon2::password_hash::{PasswordHasher as _, PasswordVerifier as _};
use tokio::sync::Semaphore;

pub const MIN_PASSWORD_CHARS: usize = 8;
pub const MAX_PASSWORD_CHARS: usize = 128;

/// How many password checks may wait for a hasher by default
/// (`--password-queue`): a few seconds of work for two cores.
pub const DEFAULT_PASSWORD_QUEUE: usize = 256;

#[derive(Clone)]
pub struct PasswordHasher {
    running: Arc<Semaphore>,
    admitted: Arc<Semaphore>,
    /// Verified when the account does not exist, so an unknown name takes as
    /// long to refuse as a wrong password and timing reveals nothing.
    decoy_hash: Arc<str>,
}

#[derive(Debug, thiserror::Error)]
pub enum HashError {
    #[error("the server is busy checking other passwords; try again in a moment")]
    Busy,
    #[error("password hashing failed: {0}")]
    Failed(String),
}

impl PasswordHasher {
    /// `parallelism` hashes run at once; up to `queue` more wait for a turn.
    pub fn new(parallelism: usize, queue: usize) -> PasswordHasher {
        let decoy_hash = Argon2::default()
            .hash_password(b"decoy password never used")
            .expect("hashing a constant succeeds")
            .to_string();
        PasswordHasher {
            running: Arc::new(Semaphore::new(parallelism.max(1))),
            admitted: Arc::new(Semaphore::new(parallelism.max(1) + queue)),
            decoy_hash: decoy_hash.into(),
        }
    }

    /// Checks the contract's length rule.
    pub fn check_length(password: &str) -> Result<(), String> {
        let chars = password.chars().count();
        if (MIN_PASSWORD_CHARS..=MAX_PASSWORD_CHARS).contains(&chars) {
            Ok(())
        } else {
            Err(format!(
                "a password is {MIN_PASSWORD_CHARS} to {MAX_PASSWORD_CHARS} characters"
            ))
        }
    }

    pub async fn hash(&self, password: String) -> Result<String, HashError> {
        self.run(move || {
            Argon2::default()
                .hash_password(password.as_bytes())
                .map(|hash| hash.to_string())
                .map_err(|error| HashError::Failed(error.to_string()))
        })
        .await
    }

    /// Whether `password` matches `hash`; with no hash (unknown account) it
    /// spends the same time and answers no.
    pub async fn verify(&self, password: String, hash: Option<String>) -> Result<bool, HashError> {
        let known = hash.is_some();
        let hash = hash.unwrap_or_else(|| self.decoy_hash.to_string());
        self.run(move || {
            // The hash runs first and always: `known && verify` would skip
            // it for an unknown name, and the time saved would tell.
            let matches = Argon2::default()
                .verify_password(password.as_bytes(), hash.as_str())
                .is_ok();
            Ok(matches && known)
        })
        .await
    }

    async fn run<T: Send + 'static>(
        &self,
        work: impl FnOnce() -> Result<T, HashError> + Send + 'static,
    ) -> Result<T, HashError> {
        let _admitted = self
            .admitted
            .clone()
            .try_acquire_owned()
            .map_err(|_| HashError::Busy)?;
        let _turn = self
            .running
            .clone()
            .acquire_owned()
            .await
            .map_err(|_| HashError::Busy)?;
        tokio::task::spawn_blocking(work)
            .await
            .map_err(|error| HashError::Failed(error.to_string()))?
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn a_hash_beyond_the_queue_is_refused_as_busy_rather_than_queued() {
        let hasher = PasswordHasher::new(1, 0);
        let only_place = hasher.admitted.clone().try_acquire_owned().unwrap();
        assert!(matches!(
            hasher.hash("second password".to_owned()).await,
            Err(HashError::Busy)
        ));
        drop(only_place);
        let hash = hasher.hash("first password".to_owned()).await.unwrap();
        assert!(hash.starts_with("$argon2id$"), "{hash}");
    }

    #[tokio::test]
    async fn the_right_password_verifies_and_a_wrong_one_does_not() {
        let hasher = PasswordHasher::new(2, 4);
        let hash = hasher.hash("correct horse".to_owned()).await.unwrap();
        assert!(hash.starts_with("$argon2id$"));
        assert!(
            hasher
                .verify("correct horse".to_owned(), Some(hash.clone()))
                .await
                .unwrap()
        );
        assert!(
            !hasher
                .verify("wrong horse".to_owned(), Some(hash))
                .await
                .unwrap()
        );
    }

    #[tokio::test]
    async fn an_unknown_account_never_verifies() {
        let hasher = PasswordHasher::new(1, 1);
        assert!(
            !hasher
                .verify("decoy password never used".to_owned(), None)
                .await
                .unwrap()
        );
    }
}
