//! The command rate limit of one connection, the same for every transport:
//! a burst of [`Limits::commands_per_second`] commands is fine, and a
//! steady stream at that rate too; beyond it each extra command is refused
//! with [`SLOW_DOWN`] and not run. Nobody is disconnected for typing fast.
//!
//! A transport keeps one [`CommandRate`] per connection and asks
//! [`CommandRate::admit`] for every input it is about to hand the game,
//! before queueing it; when that says no, it answers the input with its
//! own kind of error (Socket.IO: `error {"error": SLOW_DOWN}`; telnet: the
//! line as an error) and drops it. `--limits off` admits everything.
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

use governor::{DefaultDirectRateLimiter, Quota};

use crate::limits::Limits;

/// What a refused command is answered with.
pub const SLOW_DOWN: &str =
    "You are sending commands too fast; that one was not run. Slow down a little.";

/// One connection's allowance of commands.
pub struct CommandRate {
    limiter: Option<DefaultDirectRateLimiter>,
}

/// A command beyond the allowance: answer it with [`SLOW_DOWN`], do not run it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct TooFast;

impl CommandRate {
    pub fn new(limits: &Limits) -> CommandRate {
        let per_second = NonZeroU32::new(limits.commands_per_second.max(1)).expect("at least one");
        CommandRate {
            limiter: limits.when_enabled(DefaultDirectRateLimiter::direct(Quota::per_second(
                per_second,
            ))),
        }
    }

    /// Counts one command: `Ok` to run it, `Err` to refuse it.
    pub fn admit(&self) -> Result<(), TooFast> {
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
}
