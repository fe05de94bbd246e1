//! The engine's one queue: every connection's inputs, in arrival order.
//!
//! On one server the transports submit requests one at a time. In a cluster
//! the engine's requests come from a shared log that every instance appends
//! to (the Redis input stream), read a [`Flush`] at a time; each flush comes
//! with its [`Position`] in the log, which the group that applies it commits
//! along with its changes, so the log and the saved game can never disagree
//! about which requests were applied. A flush is applied whole, in one group:
//! a position names everything up to the end of a flush, never half of one.

use serde::{Deserialize, Serialize};
use tokio::sync::mpsc;

use crate::bus::Route;
use crate::game::{Actor, Input};

/// One input from one connection.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Request {
    pub actor: Actor,
    pub input: Input,
    /// The connection it comes from, and where the answer goes. An `Exit`
    /// is never answered (its connection has closed), but it carries its
    /// connection's route all the same, so the engine knows which
    /// connection left. `None` only for inputs nobody waits on that name
    /// no connection.
    pub route: Option<Route>,
}

/// Where a flush ends in a shared input log: opaque to the engine, which
/// only hands it to its [`super::Ledger`] with the group that applied it.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Position(pub String);

/// Requests read together from a shared input log, in log order, and the
/// position of their end.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Flush {
    pub requests: Vec<Request>,
    pub position: Position,
}

/// What the queue carries.
enum Queued {
    One(Request),
    Flush(Flush),
}

impl Queued {
    fn len(&self) -> usize {
        match self {
            Queued::One(_) => 1,
            Queued::Flush(flush) => flush.requests.len(),
        }
    }
}

/// The sending side of the engine's queue; cheap to clone, never blocks.
#[derive(Clone)]
pub struct Inputs(mpsc::UnboundedSender<Queued>);

/// The receiving side, which the engine reads (or, on an instance of a
/// cluster, the forwarder to the shared log).
pub struct Queue {
    receiver: mpsc::UnboundedReceiver<Queued>,
    /// A flush taken from the channel that did not fit the last group.
    held: Option<Queued>,
}

/// The requests of one group, in order, and how far into a shared input
/// log they reach (`None` when none came from one).
#[derive(Debug, Default)]
pub struct Gathered {
    pub requests: Vec<Request>,
    pub position: Option<Position>,
}

/// The game has stopped; holds the request it could not take.
#[derive(Debug)]
pub struct Stopped(pub Box<Request>);

pub fn queue() -> (Inputs, Queue) {
    let (sender, receiver) = mpsc::unbounded_channel();
    (
        Inputs(sender),
        Queue {
            receiver,
            held: None,
        },
    )
}

impl Inputs {
    /// Queues a request. Synchronous on purpose: called inline as a
    /// connection's messages are read, it keeps each connection's inputs in
    /// order. Once the engine has stopped taking inputs, the request comes
    /// back, so its sender can still be answered.
    pub fn submit(&self, request: Request) -> Result<(), Stopped> {
        if let Err(mpsc::error::SendError(Queued::One(request))) = self.0.send(Queued::One(request))
        {
            return Err(Stopped(Box::new(request)));
        }
        Ok(())
    }

    /// Queues a flush read from a shared input log; `false` once the engine
    /// has stopped taking inputs.
    pub fn submit_flush(&self, flush: Flush) -> bool {
        self.0.send(Queued::Flush(flush)).is_ok()
    }
}

impl Queue {
    /// Waits for the next requests and takes everything queued behind them,
    /// up to `max` requests, never splitting a flush (one larger than `max`
    /// is a group of its own). `None` once every sender is gone and all was
    /// taken. Cancel-safe: nothing is taken until the first request is.
    pub async fn gather(&mut self, max: usize) -> Option<Gathered> {
        let first = match self.held.take() {
            Some(held) => held,
            None => self.receiver.recv().await?,
        };
        let mut gathered = Gathered::default();
        let mut next = Some(first);
        while let Some(queued) = next.take() {
            let fits =
                gathered.requests.is_empty() || gathered.requests.len() + queued.len() <= max;
            if !fits {
                self.held = Some(queued);
                break;
            }
            match queued {
                Queued::One(request) => gathered.requests.push(request),
                Queued::Flush(flush) => {
                    gathered.requests.extend(flush.requests);
                    gathered.position = Some(flush.position);
                }
            }
            if gathered.requests.len() < max {
                next = self.receiver.try_recv().ok();
            }
        }
        Some(gathered)
    }

    /// Stops taking inputs: later submissions come back as [`Stopped`];
    /// what is queued can still be gathered.
    pub fn close(&mut self) {
        self.receiver.close();
    }

    pub fn is_closed(&self) -> bool {
        self.receiver.is_closed()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::bus::{ConnectionId, NodeId};

    fn request(number: u64) -> Request {
        Request {
            actor: Actor::new("Alice"),
            input: Input::Command("look".into()),
            route: Some(Route {
                node: NodeId(1),
                connection: ConnectionId(1),
                request: number,
            }),
        }
    }

    fn numbers(gathered: &Gathered) -> Vec<u64> {
        gathered
            .requests
            .iter()
            .map(|request| request.route.unwrap().request)
            .collect()
    }

    fn flush(numbers: std::ops::Range<u64>, position: &str) -> Flush {
        Flush {
            requests: numbers.map(request).collect(),
            position: Position(position.to_owned()),
        }
    }

    #[tokio::test]
    async fn a_group_takes_whole_flushes_and_the_position_of_the_last() {
        let (inputs, mut queue) = queue();
        assert!(inputs.submit_flush(flush(1..3, "a")));
        assert!(inputs.submit_flush(flush(3..6, "b")));
        assert!(inputs.submit_flush(flush(6..9, "c")));
        let first = queue.gather(6).await.unwrap();
        assert_eq!(numbers(&first), [1, 2, 3, 4, 5]);
        assert_eq!(first.position, Some(Position("b".into())));
        let second = queue.gather(6).await.unwrap();
        assert_eq!(numbers(&second), [6, 7, 8]);
        assert_eq!(second.position, Some(Position("c".into())));
    }

    #[tokio::test]
    async fn a_flush_larger_than_a_group_is_a_group_of_its_own() {
        let (inputs, mut queue) = queue();
        inputs.submit(request(1)).unwrap();
        assert!(inputs.submit_flush(flush(2..12, "big")));
        inputs.submit(request(12)).unwrap();
        assert_eq!(numbers(&queue.gather(4).await.unwrap()), [1]);
        let big = queue.gather(4).await.unwrap();
        assert_eq!(numbers(&big), (2..12).collect::<Vec<_>>());
        assert_eq!(big.position, Some(Position("big".into())));
        let last = queue.gather(4).await.unwrap();
        assert_eq!((numbers(&last), last.position), (vec![12], None));
        drop(inputs);
        assert!(queue.gather(4).await.is_none());
    }
}
