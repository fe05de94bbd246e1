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
//! Each module does one job and knows nothing of the game:
//! - [`keys`]: every key's name, under one hash tag per cluster;
//! - [`timing`]: TTLs, renewal periods, timeouts, and why they fit;
//! - [`connection`]: connections that reconnect after a Redis restart;
//! - [`lease`]: who runs the game, with fencing tokens;
//! - [`liveness`]: which instances are alive;
//! - [`commit`]: the commit script;
//! - [`load`]: what a new leader starts from;
//! - [`streams`]: forwarding requests, reading requests and batches.

pub mod commit;
pub mod connection;
pub mod keys;
pub mod lease;
pub mod liveness;
pub mod load;
pub mod streams;
pub mod timing;

pub use commit::{Commit, CommitError, Committed, Committer, RecordWrite};
pub use connection::Connector;
pub use keys::{KeyError, Keys};
pub use lease::{Acquired, Held, Lease, LeaseToken};
pub use liveness::Liveness;
pub use load::{LoadError, Loaded, load};
pub use streams::{
    Delivery, EntryId, Forwarder, InputEntry, InputReader, LostRequests, OutputBatch, OutputReader,
    Stopped,
};
pub use timing::Timing;
