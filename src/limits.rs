//! Abuse limits: how much one client may take of the server, and the keyed
//! rate limiter every per-address (or per-account) limit is built on.
//!
//! [`Limits`] holds the settings, all switched off together by `--limits off`
//! (env `HEARTH_LIMITS=off`), which load tests from one machine need: there
//! every simulated player has the same address. With limits off no timeout
//! closes a slow connection, no cap refuses one, and every [`KeyedLimiter`]
//! admits everything.
//!
//! A limit keyed by client address takes the key from
//! [`crate::transport::ClientAddress::limit_key`], so an IPv6 client counts
//! as its /64 network (one host is usually given a whole /64) and a limit
//! cannot be dodged by changing the last bits of the address.

use std::hash::Hash;
use std::num::NonZeroU32;
use std::sync::Mutex;
use std::time::{Duration, Instant};

use governor::clock::{Clock as _, DefaultClock};
use governor::{DefaultKeyedRateLimiter, Quota};

/// The abuse limits a server runs with.
#[derive(Debug, Clone)]
pub struct Limits {
    /// `false` with `--limits off`: every limit below is ignored.
    pub enabled: bool,
    /// How long a client may take to send a request's head (its request
    /// line and headers), from when the server starts waiting for it: a new
    /// connection, or one kept alive between requests.
    pub header_read_timeout: Duration,
    /// How long a connection may go without receiving a byte before it is
    /// closed. A live Socket.IO client sends at least every 25 s (its pong).
    pub idle_timeout: Duration,
    /// How long a connection may take nothing of what the server sends it
    /// (while there is something to send) before it is hung up: its client
    /// froze, or stopped reading.
    pub write_timeout: Duration,
    /// Open connections from one address.
    pub connections_per_address: usize,
    /// New Socket.IO handshakes from one address per minute (the whole
    /// minute's worth may come at once; then one every `60 / n` seconds).
    pub handshakes_per_minute: u32,
    /// Accounts one address may register per [`REGISTRATION_WINDOW`].
    pub registrations_per_address: u32,
    /// Failed logins one address may make per five minutes, on any accounts.
    pub failed_logins_per_address: u32,
    /// Commands one connection may send per second; the extra ones are
    /// refused, not run.
    pub commands_per_second: u32,
}

/// The window registrations per address are counted in.
pub const REGISTRATION_WINDOW: Duration = Duration::from_secs(10 * 60);

impl Default for Limits {
    fn default() -> Limits {
        Limits {
            enabled: true,
            header_read_timeout: Duration::from_secs(10),
            idle_timeout: Duration::from_secs(60),
            write_timeout: Duration::from_secs(15),
            connections_per_address: 64,
            handshakes_per_minute: 60,
            registrations_per_address: 5,
            failed_logins_per_address: 10,
            commands_per_second: 20,
        }
    }
}

impl Limits {
    /// The limits with everything switched off (`--limits off`).
    pub fn off() -> Limits {
        Limits {
            enabled: false,
            ..Limits::default()
        }
    }

    /// A value of these limits, or `None` when limits are off.
    pub fn when_enabled<T>(&self, value: T) -> Option<T> {
        self.enabled.then_some(value)
    }
}

/// How often the limiter forgets keys that are back to a full allowance.
const SWEEP_EVERY: Duration = Duration::from_secs(60);

/// A rate limit per key (an address, an account...): a burst of `n`, then
/// one more every `period / n`, as `governor` keeps it. Cheap to share
/// behind an `Arc`; a disabled one admits everything and keeps nothing.
///
/// Keys that have their whole allowance back are forgotten now and then, so
/// a flood from many addresses costs memory only while it lasts.
///
/// A new per-address limit is one of these, made from the server's
/// [`Limits`] (so `--limits off` lifts it) and checked with the request's
/// [`ClientAddress`](crate::transport::ClientAddress):
///
/// ```
/// use std::time::Duration;
/// use hearth::limits::{KeyedLimiter, Limits};
/// use hearth::transport::ClientAddress;
///
/// let registrations = KeyedLimiter::new(5, Duration::from_secs(600), &Limits::default());
/// let client = ClientAddress("192.0.2.1".parse().unwrap());
/// for _ in 0..5 {
///     assert!(registrations.check(&client.limit_key()).is_ok());
/// }
/// let retry_after = registrations.check(&client.limit_key()).unwrap_err();
/// assert!(retry_after <= Duration::from_secs(120));
/// ```
pub struct KeyedLimiter<K: Hash + Eq + Clone> {
    limiter: Option<DefaultKeyedRateLimiter<K>>,
    last_sweep: Mutex<Instant>,
}

impl<K: Hash + Eq + Clone> KeyedLimiter<K> {
    /// At most `count` per `period` per key; `None` (limits off) admits all.
    pub fn new(count: u32, period: Duration, limits: &Limits) -> KeyedLimiter<K> {
        let burst = NonZeroU32::new(count.max(1)).expect("at least one");
        let quota = Quota::with_period(period / burst.get())
            .unwrap_or_else(|| Quota::per_second(burst))
            .allow_burst(burst);
        KeyedLimiter {
            limiter: limits.when_enabled(DefaultKeyedRateLimiter::keyed(quota)),
            last_sweep: Mutex::new(Instant::now()),
        }
    }

    /// Counts one attempt for `key`: `Ok` if it is within the limit, else
    /// how long until the next one would be.
    pub fn check(&self, key: &K) -> Result<(), Duration> {
        let Some(limiter) = &self.limiter else {
            return Ok(());
        };
        self.sweep(limiter);
        limiter
            .check_key(key)
            .map_err(|not_until| not_until.wait_time_from(DefaultClock::default().now()))
    }

    fn sweep(&self, limiter: &DefaultKeyedRateLimiter<K>) {
        let mut last_sweep = self
            .last_sweep
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner());
        if last_sweep.elapsed() >= SWEEP_EVERY {
            *last_sweep = Instant::now();
            limiter.retain_recent();
            limiter.shrink_to_fit();
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_burst_is_admitted_and_the_next_attempt_is_told_when_to_retry() {
        let limiter = KeyedLimiter::new(3, Duration::from_secs(60), &Limits::default());
        for _ in 0..3 {
            assert!(limiter.check(&"alice").is_ok());
        }
        let wait = limiter.check(&"alice").unwrap_err();
        assert!(
            wait > Duration::ZERO && wait <= Duration::from_secs(20),
            "{wait:?}"
        );
        assert!(limiter.check(&"bob").is_ok(), "keys are counted apart");
    }

    #[test]
    fn with_limits_off_everything_is_admitted() {
        let limiter = KeyedLimiter::new(1, Duration::from_secs(60), &Limits::off());
        for _ in 0..100 {
            assert!(limiter.check(&"alice").is_ok());
        }
    }
}
