//! The transport's handle for "the connection that asked", carried through
//! the engine and back over the bus with each request.

use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};

use socketioxide::adapter::Adapter;
use socketioxide::extract::{AckSender, SocketRef};

pub struct ReplyTo<A: Adapter> {
    pub socket: SocketRef<A>,
    /// Present when the client asked for an acknowledgement; the answer then
    /// goes in the ack instead of a `command_response` event.
    pub ack: Option<AckSender<A>>,
    /// The command as the client sent it, echoed in `command_response`.
    pub command: String,
    /// Holds one of the connection's in-flight slots until the reply is sent.
    _slot: Option<InFlightSlot>,
}

impl<A: Adapter> ReplyTo<A> {
    pub fn new(
        socket: SocketRef<A>,
        ack: Option<AckSender<A>>,
        command: String,
        slot: Option<InFlightSlot>,
    ) -> Self {
        ReplyTo {
            socket,
            ack,
            command,
            _slot: slot,
        }
    }
}

impl<A: Adapter> std::fmt::Debug for ReplyTo<A> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ReplyTo")
            .field("socket", &self.socket.id)
            .field("command", &self.command)
            .finish()
    }
}

/// Counts a connection's inputs that are queued or being applied, so one
/// client cannot queue without limit: past the limit its commands are refused
/// with an `error` until answers catch up.
#[derive(Debug, Default)]
pub struct InFlight(Arc<AtomicUsize>);

/// One taken slot; frees itself when dropped (when the reply has been sent,
/// or dropped because the connection is gone).
#[derive(Debug)]
pub struct InFlightSlot(Arc<AtomicUsize>);

impl InFlight {
    pub fn try_take(&self, limit: usize) -> Option<InFlightSlot> {
        let taken = self
            .0
            .fetch_update(Ordering::AcqRel, Ordering::Acquire, |count| {
                (count < limit).then_some(count + 1)
            })
            .is_ok();
        taken.then(|| InFlightSlot(self.0.clone()))
    }
}

impl Drop for InFlightSlot {
    fn drop(&mut self) {
        self.0.fetch_sub(1, Ordering::AcqRel);
    }
}
