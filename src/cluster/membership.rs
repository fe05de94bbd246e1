//! This instance as a member of the cluster: it joins (refused if it plays
//! another world than the live instances), keeps its node key alive, counts
//! the live instances, and notices when Redis cannot be reached.
//!
//! An instance whose key expired (it was cut off from Redis, or stalled,
//! for longer than the node TTL) has been declared dead: the leader takes
//! its connections out of the game. It closes them all, so their players
//! reconnect, and joins again as a new node, so nothing meant for the old
//! connections can reach new ones.

use std::sync::Arc;

use tokio_util::sync::CancellationToken;

use super::Timing;
use super::liveness::{Joined, Liveness};
use super::status::Status;
use crate::bus::NodeId;
use crate::delivery::Hub;

/// What an instance declared dead tells its players as it closes them.
const DECLARED_DEAD: &str =
    "This server lost touch with the game for a moment; reconnect to carry on.";

/// Why an instance cannot join.
#[derive(Debug, thiserror::Error)]
pub enum JoinError {
    #[error(
        "this instance's world file differs from the one the cluster's live instances play \
         (its digest {ours}, theirs {theirs}): give every instance the same world file. To \
         change the world, stop every instance, then start them with the new file"
    )]
    WorldDiffers { ours: String, theirs: String },
    #[error(
        "Redis holds this cluster in a newer layout (version {0}) than this Hearth knows; \
         upgrade Hearth"
    )]
    NewerLayout(u64),
    #[error("cannot reach Redis to join the cluster: {0}")]
    Redis(#[from] redis::RedisError),
}

pub struct Membership {
    liveness: Liveness,
    hub: Arc<Hub>,
    status: Arc<Status>,
    /// The digest of this instance's world file.
    world: String,
    timing: Timing,
}

impl Membership {
    pub fn new(
        liveness: Liveness,
        hub: Arc<Hub>,
        status: Arc<Status>,
        world: String,
        timing: Timing,
    ) -> Membership {
        Membership {
            liveness,
            hub,
            status,
            world,
            timing,
        }
    }

    /// Joins as the hub's node (or, if that id is taken, a new one).
    pub async fn join(&mut self) -> Result<(), JoinError> {
        loop {
            let node = self.hub.node();
            match self.liveness.join(&node.to_string(), &self.world).await? {
                Joined::Joined => {
                    self.status.set_reachable(true);
                    return Ok(());
                }
                Joined::IdTaken => self.hub.renumber(NodeId::random()),
                Joined::WorldDiffers(theirs) => {
                    return Err(JoinError::WorldDiffers {
                        ours: self.world.clone(),
                        theirs,
                    });
                }
                Joined::NewerLayout(version) => return Err(JoinError::NewerLayout(version)),
            }
        }
    }

    /// Keeps the node alive until `stop`, then leaves. If the instance can
    /// never join again (another world has started meanwhile), it cancels
    /// `refused`, which stops the server.
    pub async fn run(mut self, stop: CancellationToken, refused: CancellationToken) {
        let mut heartbeats = tokio::time::interval(self.timing.heartbeat_every);
        heartbeats.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
        loop {
            tokio::select! {
                () = stop.cancelled() => break,
                _ = heartbeats.tick() => {}
            }
            let node = self.hub.node().to_string();
            match self.liveness.renew(&node).await {
                Ok(true) => {
                    self.status.set_reachable(true);
                    if let Ok(live) = self.liveness.live_nodes().await {
                        self.status.set_nodes(live.len());
                    }
                }
                Ok(false) => {
                    if let Err(error) = self.start_over(&stop).await {
                        tracing::error!(%error, "this instance cannot rejoin the cluster");
                        refused.cancel();
                        return;
                    }
                }
                Err(error) => {
                    tracing::debug!(%error, "the heartbeat failed");
                    self.status.set_reachable(false);
                }
            }
        }
        let node = self.hub.node().to_string();
        if let Err(error) = self.liveness.leave(&node).await {
            tracing::warn!(%error, "could not leave the cluster; it notices within the node TTL");
        }
    }

    /// Declared dead: closes every connection and joins again as a new node.
    async fn start_over(&mut self, stop: &CancellationToken) -> Result<(), JoinError> {
        tracing::warn!(
            "this instance was declared dead (cut off for longer than the node TTL); \
             closing its connections and joining again as a new node"
        );
        self.status.set_reachable(false);
        self.hub.renumber(NodeId::random());
        self.hub.close_all(Some(DECLARED_DEAD));
        loop {
            match self.join().await {
                Ok(()) => {
                    tracing::info!(node = %self.hub.node(), "joined the cluster again");
                    return Ok(());
                }
                Err(JoinError::Redis(_)) => {}
                Err(refused) => return Err(refused),
            }
            tokio::select! {
                () = stop.cancelled() => return Ok(()),
                () = tokio::time::sleep(self.timing.heartbeat_every) => {}
            }
        }
    }
}
