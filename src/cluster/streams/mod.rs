//! The two streams that carry the game between instances.
//!
//! `<prefix>:in` holds every instance's forwarded requests, one entry per
//! flush of an edge's forwarder (the requests it had gathered), in the
//! order they will be applied; the leader reads it from the committed
//! cursor and the commit trims it. `<prefix>:out` holds one entry per
//! committed group: its number, the leader's epoch and the batch of replies
//! and events; every instance reads it and delivers to its own sockets.
//! Both are read with blocking `XREAD`s on connections of their own
//! ([`super::Connector::blocking`]).
//!
//! The entries are opaque bytes here: what a request or a batch contains is
//! the engine's business, serialised by the caller.

mod entry;
mod forward;
mod input;
mod output;

pub use entry::EntryId;
pub use forward::{Forwarder, LostRequests, Stopped};
pub use input::{InputEntry, InputReader};
pub use output::{Delivery, OutputBatch, OutputReader};
