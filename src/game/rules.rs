//! The rules a host may tune, with the defaults a player expects.

use std::time::Duration;

use super::presence::LINK_DEAD_GRACE;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Rules {
    /// How long a character whose last connection dropped stays in the
    /// world, link-dead, before it leaves.
    pub link_dead_grace: Duration,
}

impl Default for Rules {
    fn default() -> Rules {
        Rules {
            link_dead_grace: LINK_DEAD_GRACE,
        }
    }
}
