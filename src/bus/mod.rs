//! The in-process bus: batches of [`Delivery`]s, in order, from whoever
//! produces them (the engine, or in a cluster the reader of the shared
//! output stream) to every consumer on this node.
//!
//! After each group of inputs is applied and saved, one [`Batch`] holds
//! every reply and event the group produced, in the order they happened.
//! Each subscriber reads batches one at a time, so a player never sees an
//! event before the reply that preceded it. Replies travel here too, not on
//! a side channel, precisely to keep that order.
//!
//! Every subscriber gets every batch (shared, not copied), and a slow
//! subscriber slows the publisher down rather than losing batches: nothing
//! said in the game is ever skipped here.

mod delivery;

use std::sync::Arc;

use tokio::sync::mpsc;

pub use delivery::{Batch, ConnectionId, Connections, Delivery, NodeId, Recipient, Route, Seq};

/// Batches a subscriber may fall behind before the publisher waits for it.
const CAPACITY: usize = 1024;

/// The publishing end. Subscribers must be added before publishing starts;
/// each sees the batches published after it subscribed.
#[derive(Default)]
pub struct Publisher {
    subscribers: Vec<mpsc::Sender<Arc<Batch>>>,
}

pub struct Subscriber(mpsc::Receiver<Arc<Batch>>);

impl Publisher {
    pub fn new() -> Publisher {
        Publisher::default()
    }

    pub fn subscribe(&mut self) -> Subscriber {
        let (sender, receiver) = mpsc::channel(CAPACITY);
        self.subscribers.push(sender);
        Subscriber(receiver)
    }

    /// Publishes a batch to every subscriber still reading, waiting for any
    /// that is [`CAPACITY`] batches behind.
    pub async fn publish(&self, batch: Batch) {
        if batch.is_empty() {
            return;
        }
        let batch = Arc::new(batch);
        for subscriber in &self.subscribers {
            let _ = subscriber.send(batch.clone()).await;
        }
    }
}

impl Subscriber {
    /// The next batch, or `None` once the publisher is gone and all were read.
    pub async fn next(&mut self) -> Option<Arc<Batch>> {
        self.0.recv().await
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn done(request: u64) -> Delivery {
        Delivery::Done {
            route: Route {
                node: NodeId(1),
                connection: ConnectionId(1),
                request,
            },
        }
    }

    #[tokio::test]
    async fn every_subscriber_reads_every_batch_in_order() {
        let mut publisher = Publisher::new();
        let mut first = publisher.subscribe();
        let mut second = publisher.subscribe();
        publisher.publish(vec![done(1)]).await;
        publisher.publish(Vec::new()).await;
        publisher.publish(vec![done(2), done(3)]).await;
        drop(publisher);
        for subscriber in [&mut first, &mut second] {
            let mut seen = Vec::new();
            while let Some(batch) = subscriber.next().await {
                seen.extend(batch.iter().filter_map(|d| d.route()).map(|r| r.request));
            }
            assert_eq!(seen, [1, 2, 3]);
        }
    }
}
