//! Several instances, one world: the building blocks of the `redis` feature.
//!
//! The design (docs/cluster.md): every instance serves its own sockets and
//! forwards their requests to a Redis stream; one instance at a time holds a
//! lease with a fencing token and runs the engine, committing each group (its
//! record writes, its input cursor and its batch of replies and events) in
//! one fenced Lua script; every instance reads the committed batches from a
//! second stream and delivers them to its own sockets. Players only ever hear
//! what the committed log holds, which keeps the single server's promises:
//! replies after durability, each command once and in order, no item in two
//! places, and a stale leader reaching nobody.
//!
//! The building blocks know nothing of the game:
//! - [`keys`]: every key's name, under one hash tag per cluster;
//! - [`timing`]: TTLs, renewal periods, timeouts, and why they fit;
//! - [`connection`]: connections that reconnect after a Redis restart;
//! - [`lease`]: who runs the game, with fencing tokens;
//! - [`liveness`]: which instances are alive, and joining (the world check);
//! - [`commit`]: the commit script;
//! - [`load`]: what a new leader starts from;
//! - [`streams`]: forwarding requests, reading requests and batches.
//!
//! The instance is built from them:
//! - [`node`]: one instance, assembled, and its orderly stop;
//! - [`membership`]: joining, staying alive, starting over when declared dead;
//! - [`leader`]: taking the lease and running the engine while it is ours;
//! - [`ledger`]: the engine's commits as runs of the commit script;
//! - [`intake`]: feeding the leader's engine (the input stream, the sweep);
//! - [`edge`]: this instance's requests out, the committed batches in;
//! - [`logouts`]: closing a revoked session's connections everywhere;
//! - [`status`]: what `/healthz` and the edge know of the cluster.

pub mod commit;
pub mod connection;
mod edge;
mod intake;
pub mod keys;
mod leader;
pub mod lease;
mod ledger;
pub mod liveness;
pub mod load;
mod logouts;
mod membership;
mod node;
mod status;
pub mod streams;
pub mod timing;

pub use commit::{Commit, CommitError, Committed, Committer, PresenceWrite, RecordWrite};
pub use connection::Connector;
pub use keys::{KeyError, Keys, hex};
pub use leader::Staff;
pub use lease::{Acquired, Held, Lease, LeaseToken};
pub use liveness::{Joined, LAYOUT_VERSION, Liveness};
pub use load::{LoadError, Loaded, load};
pub use logouts::SessionEnded;
pub use membership::JoinError;
pub use node::{ClusterConfig, Node, redacted, world_digest};
pub use status::Status;
pub use streams::{
    Delivery, EntryId, Forwarder, InputEntry, InputReader, LostRequests, OutputBatch, OutputReader,
    Stopped,
};
pub use timing::Timing;
