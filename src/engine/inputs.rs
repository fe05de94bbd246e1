//! The engine's one queue: every connection's inputs, in arrival order.

use serde::{Deserialize, Serialize};
use tokio::sync::mpsc;

use crate::bus::Route;
use crate::game::{Actor, Input};

/// One input from one connection.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Request {
    pub actor: Actor,
    pub input: Input,
    /// Where the answer goes; `None` for inputs nobody waits on (a closing
    /// connection).
    pub route: Option<Route>,
}

/// The sending side of the engine's queue; cheap to clone, never blocks.
#[derive(Clone)]
pub struct Inputs(mpsc::UnboundedSender<Request>);

/// The receiving side, which the engine reads.
pub struct Queue(pub(super) mpsc::UnboundedReceiver<Request>);

/// The game has stopped; holds the request it could not take.
#[derive(Debug)]
pub struct Stopped(pub Box<Request>);

pub fn queue() -> (Inputs, Queue) {
    let (sender, receiver) = mpsc::unbounded_channel();
    (Inputs(sender), Queue(receiver))
}

impl Inputs {
    /// Queues a request. Synchronous on purpose: called inline as a
    /// connection's messages are read, it keeps each connection's inputs in
    /// order. Once the engine has stopped taking inputs, the request comes
    /// back, so its sender can still be answered.
    pub fn submit(&self, request: Request) -> Result<(), Stopped> {
        self.0
            .send(request)
            .map_err(|refused| Stopped(Box::new(refused.0)))
    }
}
