//! The command rate limit of one connection, the same for every transport:
//! a burst of [`Limits::commands_per_second`] commands is fine, and a
//! steady stream at that rate too; beyond it each extra command is refused
//! with [`SLOW_DOWN`] and not run. Nobody is disconnected for typing fast.
//!
//! Every connection's [`GameLink`](super::game_link::GameLink) keeps one
//! [`CommandRate`] and asks [`CommandRate::admit`] for every input it is
//! about to hand the game; when that says no, the transport answers the
//! input with its own kind of error (Socket.IO: `error {"error":
//! SLOW_DOWN}`) and drops it. A transport that can hold its reading back
//! waits for [`CommandRate::ready`] first instead, and so is never refused:
//! telnet does, since a MUD client's pasted speedwalk should arrive whole,
//! only more slowly. `--limits off` admits everything.
//!
//! ```
//! use hearth::limits::Limits;
//! use hearth::transport::rate::CommandRate;
//!
//! let rate = CommandRate::new(&Limits::default());
//! let admitted = (0..25).filter(|_| rate.admit().is_ok()).count();
//! assert_eq!(admitted, 20);
//! ```

use std::num::NonZeroU32;
use std::sync::atomic::{AtomicBool, Ordering};

use governor::{DefaultDirectRateLimiter, Quota};

use crate::limits::Limits;

/// What a refused command is answered with.
pub const SLOW_DOWN: &str =
    "You are sending commands too fast; that one was not run. Slow down a little.";

/// One connection's allowance of commands.
pub struct CommandRate {
    limiter: Option<DefaultDirectRateLimiter>,
    /// Set by [`CommandRate::ready`]: the next command is admitted already.
    reserved: AtomicBool,
}

/// A command beyond the allowance: answer it with [`SLOW_DOWN`], do not run it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct TooFast;

impl CommandRate {
    pub fn new(limits: &Limits) -> CommandRate {
        CommandRate::at_most(limits.when_enabled(limits.commands_per_second))
    }

    /// `per_second` commands a second, or any number for `None`.
    pub fn at_most(per_second: Option<u32>) -> CommandRate {
        CommandRate {
            limiter: per_second.map(|per_second| {
                let per_second = NonZeroU32::new(per_second.max(1)).expect("at least one");
                DefaultDirectRateLimiter::direct(Quota::per_second(per_second))
            }),
            reserved: AtomicBool::new(false),
        }
    }

    /// Waits until the next command is within the allowance, and admits it
    /// in advance (the next [`CommandRate::admit`] says yes).
    pub async fn ready(&self) {
        let Some(limiter) = &self.limiter else { return };
        if self.reserved.load(Ordering::Acquire) {
            return;
        }
        limiter.until_ready().await;
        self.reserved.store(true, Ordering::Release);
    }

    /// Counts one command: `Ok` to run it, `Err` to refuse it.
    pub fn admit(&self) -> Result<(), TooFast> {
        if self.reserved.swap(false, Ordering::AcqRel) {
            return Ok(());
        }
        match &self.limiter {
            Some(limiter) => limiter.check().map_err(|_| {
                crate::metrics::command_refused("rate");
                TooFast
            }),
            None => Ok(()),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn with_limits_off_every_command_is_admitted() {
        let rate = CommandRate::new(&Limits::off());
        assert!((0..1000).all(|_| rate.admit().is_ok()));
    }

    #[test]
    fn the_allowance_comes_back_with_time() {
        let rate = CommandRate::new(&Limits {
            commands_per_second: 2,
            ..Limits::default()
        });
        assert!(rate.admit().is_ok() && rate.admit().is_ok());
        assert_eq!(rate.admit(), Err(TooFast));
        std::thread::sleep(std::time::Duration::from_millis(550));
        assert!(rate.admit().is_ok());
    }

    #[tokio::test]
    async fn waiting_until_ready_admits_the_next_command_once() {
        let rate = CommandRate::at_most(Some(1));
        assert!(rate.admit().is_ok());
        assert_eq!(rate.admit(), Err(TooFast));
        rate.ready().await;
        rate.ready().await;
        assert!(rate.admit().is_ok(), "admitted in advance");
        assert_eq!(rate.admit(), Err(TooFast), "and only that one");
    }
}
