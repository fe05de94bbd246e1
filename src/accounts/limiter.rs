//! Slowing down password guessing, without letting anyone lock an owner
//! out of their own account.
//!
//! Failed logins are counted twice: per account *and address* (ten in 15
//! minutes lock that account from that address only) and per address (ten
//! in 5 minutes, on any accounts, refuse that address's logins). A flood of
//! guesses at one account from elsewhere never touches its owner's count,
//! who logs in from their own address; a guesser at one address is stopped
//! after ten, whatever names they try.
//!
//! Each attempt is counted *before* its password is hashed, as a
//! [`Guess`]: a login that then succeeds gives its place back, one that
//! fails keeps it, and one whose password is never checked (the server was
//! too busy hashing others) gives it back too: being told "busy" is no
//! failure, and ten of them must not lock an owner out. So a hundred guesses sent at once cannot all be hashed
//! before the first failure is counted: only the first ten are let in.
//!
//! `governor`'s rate limiters (which the per-address registration limit
//! uses) cannot give a place back, so a successful login would count as a
//! failure; these are fixed windows instead, counted from the first
//! failure, which is also what "ten in five minutes" says.

use std::collections::HashMap;
use std::hash::Hash;
use std::net::IpAddr;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use crate::game::UserKey;
use crate::limits::Limits;

/// Keys tracked before old windows are swept, so the maps stay small.
const SWEEP_AT: usize = 10_000;

/// One login attempt: on which account, from which address (as limits
/// count it, [`crate::transport::ClientAddress::limit_key`]).
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Attempt {
    pub account: UserKey,
    pub from: IpAddr,
}

/// Why an attempt was refused before its password was checked.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Refusal {
    /// This account, from this address, failed too often.
    AccountLocked(Duration),
    /// This address failed too often, on whatever accounts.
    AddressLimited(Duration),
}

impl Refusal {
    pub fn retry_after(self) -> Duration {
        match self {
            Refusal::AccountLocked(wait) | Refusal::AddressLimited(wait) => wait,
        }
    }
}

#[derive(Clone)]
pub struct LoginLimiter {
    inner: Arc<Inner>,
}

struct Inner {
    enabled: bool,
    per_account: Windows<Attempt>,
    per_address: Windows<IpAddr>,
}

impl Default for LoginLimiter {
    fn default() -> Self {
        LoginLimiter::new(&Limits::default())
    }
}

impl LoginLimiter {
    /// Failed logins that lock an account from one address (this limiter's
    /// and the cluster's).
    pub const MAX_FAILURES: u32 = 10;
    /// How long those failures count, from the first one.
    pub const WINDOW: Duration = Duration::from_secs(15 * 60);
    /// How long an address's failures count, from the first one.
    pub const ADDRESS_WINDOW: Duration = Duration::from_secs(5 * 60);

    /// With `limits.failed_logins_per_address` per address (and nothing at
    /// all with limits off).
    pub fn new(limits: &Limits) -> LoginLimiter {
        LoginLimiter {
            inner: Arc::new(Inner {
                enabled: limits.enabled,
                per_account: Windows::new(Self::MAX_FAILURES, Self::WINDOW),
                per_address: Windows::new(limits.failed_logins_per_address, Self::ADDRESS_WINDOW),
            }),
        }
    }

    /// Counts `attempt` as a failure until it succeeds, or refuses it.
    pub fn begin(&self, attempt: Attempt) -> Result<Guess, Refusal> {
        let inner = &self.inner;
        if !inner.enabled {
            return Ok(Guess {
                limiter: None,
                attempt,
            });
        }
        // Both windows are checked under both locks, so a refusal by one
        // never leaves a count in the other.
        let mut accounts = inner.per_account.lock();
        let mut addresses = inner.per_address.lock();
        if let Some(wait) = inner.per_address.full(&addresses, &attempt.from) {
            return Err(Refusal::AddressLimited(wait));
        }
        if let Some(wait) = inner.per_account.full(&accounts, &attempt) {
            return Err(Refusal::AccountLocked(wait));
        }
        inner.per_account.count(&mut accounts, attempt.clone());
        inner.per_address.count(&mut addresses, attempt.from);
        drop((accounts, addresses));
        Ok(Guess {
            limiter: Some(self.clone()),
            attempt,
        })
    }

    /// Forgets every failed login of `account`, from every address (an
    /// admin's `unlockaccount`). Addresses' own counts are left alone.
    pub fn unlock(&self, account: &UserKey) {
        self.inner
            .per_account
            .lock()
            .retain(|attempt, _| attempt.account != *account);
    }

    /// Whether `account` is locked from some address now.
    pub fn is_locked(&self, account: &UserKey) -> bool {
        let accounts = self.inner.per_account.lock();
        accounts.iter().any(|(attempt, window)| {
            attempt.account == *account && window.full(Self::MAX_FAILURES, Self::WINDOW).is_some()
        })
    }
}

/// An attempt counted as a failure until [`Guess::succeeded`] says otherwise.
pub struct Guess {
    limiter: Option<LoginLimiter>,
    attempt: Attempt,
}

impl Guess {
    /// The password was right: the attempt is not a failure, and the
    /// account's failures from this address are forgotten.
    pub fn succeeded(self) {
        let Some(limiter) = &self.limiter else {
            return;
        };
        limiter.inner.per_account.lock().remove(&self.attempt);
        limiter.inner.per_address.uncount(&self.attempt.from);
    }

    /// The password was never checked (the server was too busy to, or
    /// could not read the account): the attempt is no failure, and gives
    /// its place back in both counts.
    pub fn unchecked(self) {
        let Some(limiter) = &self.limiter else {
            return;
        };
        limiter.inner.per_account.uncount(&self.attempt);
        limiter.inner.per_address.uncount(&self.attempt.from);
    }

    /// The password was wrong: the attempt stays counted. Returns whether
    /// this failure is the one that locked the account from this address
    /// (for the log).
    pub fn failed(self) -> bool {
        let Some(limiter) = &self.limiter else {
            return false;
        };
        let accounts = limiter.inner.per_account.lock();
        accounts
            .get(&self.attempt)
            .is_some_and(|window| window.count == LoginLimiter::MAX_FAILURES)
    }
}

/// Failures per key, each counted in a window from its first failure.
struct Windows<K> {
    max: u32,
    length: Duration,
    counts: Mutex<HashMap<K, Window>>,
}

#[derive(Debug, Clone, Copy)]
struct Window {
    count: u32,
    since: Instant,
}

impl Window {
    /// How long until the window ends, if it holds `max` failures already.
    fn full(&self, max: u32, length: Duration) -> Option<Duration> {
        let left = length.checked_sub(self.since.elapsed())?;
        (self.count >= max).then_some(left)
    }
}

impl<K: Hash + Eq> Windows<K> {
    fn new(max: u32, length: Duration) -> Windows<K> {
        Windows {
            max: max.max(1),
            length,
            counts: Mutex::default(),
        }
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, HashMap<K, Window>> {
        self.counts
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }

    /// Takes back one of `key`'s failures.
    fn uncount(&self, key: &K) {
        if let Some(window) = self.lock().get_mut(key) {
            window.count = window.count.saturating_sub(1);
        }
    }

    fn full(&self, counts: &HashMap<K, Window>, key: &K) -> Option<Duration> {
        counts.get(key)?.full(self.max, self.length)
    }

    fn count(&self, counts: &mut HashMap<K, Window>, key: K) {
        if counts.len() >= SWEEP_AT {
            counts.retain(|_, window| window.since.elapsed() < self.length);
        }
        let window = counts.entry(key).or_insert(Window {
            count: 0,
            since: Instant::now(),
        });
        if window.since.elapsed() >= self.length {
            *window = Window {
                count: 0,
                since: Instant::now(),
            };
        }
        window.count += 1;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn attempt(account: &str, from: &str) -> Attempt {
        Attempt {
            account: UserKey::new(account),
            from: from.parse().unwrap(),
        }
    }

    fn limiter(per_address: u32) -> LoginLimiter {
        LoginLimiter::new(&Limits {
            failed_logins_per_address: per_address,
            ..Limits::default()
        })
    }

    fn fail(limiter: &LoginLimiter, attempt: &Attempt) -> Result<bool, Refusal> {
        limiter.begin(attempt.clone()).map(Guess::failed)
    }

    #[test]
    fn an_account_locks_from_the_guessing_address_only() {
        let limiter = limiter(1000);
        let guesser = attempt("alice", "192.0.2.9");
        for _ in 1..LoginLimiter::MAX_FAILURES {
            assert_eq!(fail(&limiter, &guesser), Ok(false));
        }
        assert_eq!(fail(&limiter, &guesser), Ok(true), "the locking failure");
        assert!(matches!(
            limiter.begin(guesser.clone()),
            Err(Refusal::AccountLocked(wait)) if wait <= LoginLimiter::WINDOW
        ));
        assert!(limiter.is_locked(&UserKey::new("alice")));
        let owner = attempt("alice", "198.51.100.1");
        assert!(limiter.begin(owner).is_ok(), "the owner logs in from home");
    }

    #[test]
    fn an_address_is_refused_after_its_failures_on_any_accounts() {
        let limiter = limiter(10);
        for n in 0..10 {
            assert!(fail(&limiter, &attempt(&format!("user{n}"), "192.0.2.9")).is_ok());
        }
        assert!(matches!(
            limiter.begin(attempt("someone", "192.0.2.9")),
            Err(Refusal::AddressLimited(wait)) if wait <= LoginLimiter::ADDRESS_WINDOW
        ));
        assert!(limiter.begin(attempt("someone", "192.0.2.10")).is_ok());
    }

    #[test]
    fn guesses_in_flight_are_counted_before_their_hash_and_successes_give_back() {
        let limiter = limiter(10);
        let guesses: Vec<Result<Guess, Refusal>> = (0..15)
            .map(|_| limiter.begin(attempt("alice", "192.0.2.9")))
            .collect();
        assert_eq!(guesses.iter().filter(|guess| guess.is_ok()).count(), 10);
        for guess in guesses.into_iter().flatten() {
            guess.succeeded();
        }
        assert!(limiter.begin(attempt("alice", "192.0.2.9")).is_ok());
    }

    #[test]
    fn a_guess_whose_password_was_never_checked_is_no_failure() {
        let limiter = limiter(LoginLimiter::MAX_FAILURES);
        let busy = attempt("alice", "192.0.2.9");
        for _ in 0..3 * LoginLimiter::MAX_FAILURES {
            limiter.begin(busy.clone()).unwrap().unchecked();
        }
        assert!(!limiter.is_locked(&UserKey::new("alice")));
        for _ in 1..LoginLimiter::MAX_FAILURES {
            assert_eq!(fail(&limiter, &busy), Ok(false));
        }
        assert_eq!(fail(&limiter, &busy), Ok(true), "real failures still count");
    }

    #[test]
    fn unlocking_forgets_an_accounts_failures_from_everywhere() {
        let limiter = limiter(1000);
        for from in ["192.0.2.1", "192.0.2.2"] {
            for _ in 0..LoginLimiter::MAX_FAILURES {
                fail(&limiter, &attempt("alice", from)).unwrap();
            }
        }
        limiter.unlock(&UserKey::new("alice"));
        assert!(!limiter.is_locked(&UserKey::new("alice")));
        assert!(limiter.begin(attempt("alice", "192.0.2.1")).is_ok());
    }

    #[test]
    fn with_limits_off_nothing_is_counted() {
        let limiter = LoginLimiter::new(&Limits::off());
        for _ in 0..100 {
            assert_eq!(fail(&limiter, &attempt("alice", "192.0.2.9")), Ok(false));
        }
    }
}
