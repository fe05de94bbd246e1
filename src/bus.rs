//! The in-process bus from the game to the transport.
//!
//! After each group of inputs is applied and saved, the engine publishes one
//! [`Batch`]: every reply, event and membership change it produced, in the
//! order they happened. The transport consumes batches one at a time, so a
//! player never sees an event before the reply that preceded it, and sockets
//! move between rooms before anything is said in the new one.
//!
//! Replies travel here too, not on a side channel, precisely to keep that
//! order. `R` is the transport's handle for "the connection that asked"; the
//! game never looks inside it.

use tokio::sync::mpsc;

use crate::game::{Event, Reply, RoomId, UserKey};

/// Batches waiting for the transport before the engine waits for it.
const CAPACITY: usize = 1024;

/// One thing the transport must do, in order.
#[derive(Debug)]
pub enum Dispatch<R> {
    /// Answer the connection that sent an input.
    Reply { to: R, reply: Reply },
    /// Tell an audience what happened.
    Event(Event),
    /// A character moved: its connections leave one room and join another.
    Moved {
        who: UserKey,
        from: RoomId,
        to: RoomId,
    },
    /// A character joined a chat channel: its connections subscribe.
    Subscribed { who: UserKey, channel: String },
    /// A character left a chat channel: its connections unsubscribe.
    Unsubscribed { who: UserKey, channel: String },
}

pub type Batch<R> = Vec<Dispatch<R>>;

pub struct Publisher<R>(mpsc::Sender<Batch<R>>);

pub struct Subscriber<R>(mpsc::Receiver<Batch<R>>);

pub fn channel<R>() -> (Publisher<R>, Subscriber<R>) {
    let (sender, receiver) = mpsc::channel(CAPACITY);
    (Publisher(sender), Subscriber(receiver))
}

impl<R> Publisher<R> {
    /// Publishes a batch, waiting while the transport is [`CAPACITY`] batches
    /// behind. Returns `false` once the subscriber is gone.
    pub async fn publish(&self, batch: Batch<R>) -> bool {
        batch.is_empty() || self.0.send(batch).await.is_ok()
    }
}

impl<R> Subscriber<R> {
    /// The next batch, or `None` once the engine has stopped and all were read.
    pub async fn next(&mut self) -> Option<Batch<R>> {
        self.0.recv().await
    }
}
