//! What this instance knows of the cluster right now: whether Redis answers
//! and the instance is a live member, whether it runs the game, how many
//! instances are alive, and what its commits have cost. Written by the
//! membership and leadership tasks, read by `/healthz` and by the edge
//! (which refuses commands while Redis cannot be reached).

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicU64, AtomicUsize, Ordering};

use serde_json::json;

use crate::delivery::Hub;
use crate::transport::http::ClusterHealth;

pub struct Status {
    hub: Arc<Hub>,
    reachable: AtomicBool,
    leader: AtomicBool,
    /// The lease's epoch when this instance last took it (0: never).
    epoch: AtomicU64,
    nodes: AtomicUsize,
    commits: AtomicU64,
    batch_bytes: AtomicU64,
    record_writes: AtomicU64,
}

impl Status {
    pub fn new(hub: Arc<Hub>) -> Arc<Status> {
        Arc::new(Status {
            hub,
            reachable: AtomicBool::new(true),
            leader: AtomicBool::new(false),
            epoch: AtomicU64::new(0),
            nodes: AtomicUsize::new(0),
            commits: AtomicU64::new(0),
            batch_bytes: AtomicU64::new(0),
            record_writes: AtomicU64::new(0),
        })
    }

    /// Whether Redis answers and this instance is a live member.
    pub fn is_reachable(&self) -> bool {
        self.reachable.load(Ordering::Relaxed)
    }

    pub fn set_reachable(&self, reachable: bool) {
        let was = self.reachable.swap(reachable, Ordering::Relaxed);
        if was && !reachable {
            tracing::warn!("Redis cannot be reached: commands are refused until it can");
        } else if !was && reachable {
            tracing::info!("Redis answers again; the game carries on");
        }
    }

    pub fn is_leader(&self) -> bool {
        self.leader.load(Ordering::Relaxed)
    }

    /// This instance runs the game now, under the lease of `epoch`.
    pub fn lead(&self, epoch: u64) {
        self.epoch.store(epoch, Ordering::Relaxed);
        self.leader.store(true, Ordering::Relaxed);
    }

    /// This instance no longer runs the game.
    pub fn step_down(&self) {
        self.leader.store(false, Ordering::Relaxed);
    }

    pub fn set_nodes(&self, nodes: usize) {
        self.nodes.store(nodes, Ordering::Relaxed);
    }

    /// Counts one commit of this instance's engine.
    pub fn record_commit(&self, batch_bytes: usize, record_writes: usize) {
        self.commits.fetch_add(1, Ordering::Relaxed);
        self.batch_bytes
            .fetch_add(batch_bytes as u64, Ordering::Relaxed);
        self.record_writes
            .fetch_add(record_writes as u64, Ordering::Relaxed);
    }
}

impl ClusterHealth for Status {
    fn reachable(&self) -> bool {
        self.is_reachable()
    }

    fn describe(&self) -> serde_json::Value {
        json!({
            "node": self.hub.node().to_string(),
            "leader": self.is_leader(),
            "epoch": self.epoch.load(Ordering::Relaxed),
            "nodes": self.nodes.load(Ordering::Relaxed),
            "redis": if self.is_reachable() { "ok" } else { "unreachable" },
            "commits": self.commits.load(Ordering::Relaxed),
            "batch_bytes": self.batch_bytes.load(Ordering::Relaxed),
            "record_writes": self.record_writes.load(Ordering::Relaxed),
        })
    }
}
