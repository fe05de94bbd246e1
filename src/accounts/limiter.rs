//! Slowing down password guessing: after too many failed logins for one
//! account in a window, further attempts are refused (HTTP 429) until the
//! window passes, without spending a hash on them.

use std::collections::HashMap;
use std::sync::Mutex;
use std::time::{Duration, Instant};

use crate::game::UserKey;

/// Accounts tracked before old entries are swept, so the map stays small.
const SWEEP_AT: usize = 10_000;

#[derive(Default)]
pub struct LoginLimiter {
    failures: Mutex<HashMap<UserKey, (u32, Instant)>>,
}

impl LoginLimiter {
    /// Failed logins that lock an account (this limiter's and the cluster's).
    pub const MAX_FAILURES: u32 = 10;
    /// How long failures count, from the first one.
    pub const WINDOW: Duration = Duration::from_secs(15 * 60);

    /// How much longer the account is locked, if it is.
    pub fn locked_for(&self, key: &UserKey) -> Option<Duration> {
        let failures = self.failures.lock().expect("limiter lock");
        let (count, since) = failures.get(key)?;
        let remaining = Self::WINDOW.checked_sub(since.elapsed())?;
        (*count >= Self::MAX_FAILURES).then_some(remaining)
    }

    pub fn record_failure(&self, key: &UserKey) {
        let mut failures = self.failures.lock().expect("limiter lock");
        if failures.len() >= SWEEP_AT {
            failures.retain(|_, (_, since)| since.elapsed() < Self::WINDOW);
        }
        let entry = failures.entry(key.clone()).or_insert((0, Instant::now()));
        if entry.1.elapsed() >= Self::WINDOW {
            *entry = (0, Instant::now());
        }
        entry.0 += 1;
    }

    pub fn clear(&self, key: &UserKey) {
        self.failures.lock().expect("limiter lock").remove(key);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_account_locks_after_too_many_failures() {
        let limiter = LoginLimiter::default();
        let key = UserKey::new("alice");
        for _ in 1..LoginLimiter::MAX_FAILURES {
            limiter.record_failure(&key);
        }
        assert!(limiter.locked_for(&key).is_none());
        limiter.record_failure(&key);
        assert!(
            limiter
                .locked_for(&key)
                .is_some_and(|left| left <= LoginLimiter::WINDOW)
        );
        assert!(limiter.locked_for(&UserKey::new("bob")).is_none());
    }

    #[test]
    fn a_successful_login_clears_the_count() {
        let limiter = LoginLimiter::default();
        let key = UserKey::new("alice");
        for _ in 0..LoginLimiter::MAX_FAILURES {
            limiter.record_failure(&key);
        }
        limiter.clear(&key);
        assert!(limiter.locked_for(&key).is_none());
    }
}
