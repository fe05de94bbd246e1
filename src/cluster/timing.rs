//! The cluster's clocks: how long a lease and a node key live, how often they
//! are renewed, how long a blocking read waits. One place, because they only
//! work together (each renewal period must fit its TTL with room to spare,
//! and every response timeout must outlast the lease).

use std::time::Duration;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Timing {
    /// How long a lease lives without renewal: the failover stall is about
    /// this long, and a leader paused for less than this loses nothing.
    pub lease_ttl: Duration,
    /// How often the leader renews its lease (a third of the TTL: two
    /// renewals may fail before the lease is lost).
    pub renew_every: Duration,
    /// How long a node key lives without renewal: a dead instance's players
    /// are cleared after about this long.
    pub node_ttl: Duration,
    /// How often every node renews its key.
    pub heartbeat_every: Duration,
    /// How long one blocking `XREAD` waits for new entries before returning
    /// empty-handed (then it is simply issued again).
    pub block: Duration,
    /// How long the output stream keeps a committed batch: a node whose
    /// reader falls further behind than this sees a gap (and drops its
    /// sockets). Twice the node TTL: a node cut off from Redis for longer
    /// than its TTL is declared dead and drops its sockets anyway, so older
    /// batches could only serve a reader that lags by seconds while its node
    /// lives, whose players are better off reconnecting. Redis holds this
    /// many seconds of output in memory (docs/cluster.md has the figures).
    pub output_retention: Duration,
}

impl Default for Timing {
    fn default() -> Self {
        Timing {
            lease_ttl: Duration::from_secs(3),
            renew_every: Duration::from_secs(1),
            node_ttl: Duration::from_secs(5),
            heartbeat_every: Duration::from_secs(1),
            block: Duration::from_secs(1),
            output_retention: Duration::from_secs(10),
        }
    }
}

impl Timing {
    /// How long a command may wait for its answer before it counts as lost.
    ///
    /// Longer than the lease on purpose: a lost answer is an unknown outcome,
    /// after which the leader must step down and an edge must drop the
    /// affected sockets. Giving up sooner than the lease would turn a slow
    /// fsync into a needless failover; by the time this passes, the lease is
    /// gone anyway.
    pub fn response_timeout(&self) -> Duration {
        self.lease_ttl + Duration::from_secs(1)
    }

    /// The response timeout of a connection that blocks in `XREAD`: the
    /// blocking time comes on top.
    pub fn blocking_response_timeout(&self) -> Duration {
        self.response_timeout() + self.block
    }
}

/// A duration in whole milliseconds, as Redis takes them.
pub(crate) fn millis(duration: Duration) -> u64 {
    u64::try_from(duration.as_millis()).unwrap_or(u64::MAX)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_defaults_fit_together() {
        let timing = Timing::default();
        assert!(timing.renew_every * 2 < timing.lease_ttl);
        assert!(timing.heartbeat_every * 2 < timing.node_ttl);
        assert!(timing.response_timeout() > timing.lease_ttl);
        assert!(timing.blocking_response_timeout() > timing.block + timing.lease_ttl);
        assert!(timing.output_retention >= timing.node_ttl * 2);
    }
}
