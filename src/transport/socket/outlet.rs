//! One socket as the delivery hub sees it: messages become emits, in the
//! contract's wire format, and answers find the acknowledgement (if the
//! client asked for one) of the request they answer.

use std::collections::VecDeque;
use std::sync::Mutex;

use socketioxide::adapter::Adapter;
use socketioxide::extract::{AckSender, SocketRef};

use super::wire::{
    CommandResponse, Connected, ErrorPayload, EventPayload, GapNotice, Numbered, Presence, Status,
};
use crate::delivery::{Outgoing, Outlet, Unwritable};
use crate::game::EventKind;

/// The number of a connection's `Enter`; its other requests count from 1.
pub const ENTER_REQUEST: u64 = 0;

/// One request of this socket still waiting for its answer.
struct Waiting<A: Adapter> {
    request: u64,
    /// Present when the client asked for an acknowledgement: the answer
    /// then goes in the ack instead of an event.
    ack: Option<AckSender<A>>,
}

pub struct SocketOutlet<A: Adapter> {
    socket: SocketRef<A>,
    waiting: Mutex<VecDeque<Waiting<A>>>,
}

impl<A: Adapter> SocketOutlet<A> {
    pub fn new(socket: SocketRef<A>) -> SocketOutlet<A> {
        SocketOutlet {
            socket,
            waiting: Mutex::new(VecDeque::new()),
        }
    }

    /// Records a request about to be submitted, unless `limit` are already
    /// waiting. Returns whether it was recorded.
    pub fn expect(
        &self,
        request: u64,
        ack: Option<AckSender<A>>,
        limit: usize,
    ) -> Result<(), Option<AckSender<A>>> {
        let mut waiting = self.waiting();
        if waiting.len() >= limit {
            return Err(ack);
        }
        waiting.push_back(Waiting { request, ack });
        Ok(())
    }

    /// Forgets a request that could not be submitted after all, handing
    /// back its acknowledgement.
    pub fn withdraw(&self, request: u64) -> Option<AckSender<A>> {
        self.answered(request)
    }

    /// Takes the waiting request `request` (answers come in the order
    /// requests were sent, so it is at the front).
    fn answered(&self, request: u64) -> Option<AckSender<A>> {
        let mut waiting = self.waiting();
        let at = waiting.iter().position(|w| w.request == request)?;
        waiting.remove(at).and_then(|w| w.ack)
    }

    fn waiting(&self) -> std::sync::MutexGuard<'_, VecDeque<Waiting<A>>> {
        self.waiting.lock().expect("the waiting lock")
    }

    fn emit(&self, event: &str, payload: &impl serde::Serialize) -> Result<(), Unwritable> {
        self.socket.emit(event, payload).map_err(|_| Unwritable)
    }

    /// Answers a request: in its ack if it asked for one, else as `event`.
    fn answer(
        &self,
        request: u64,
        event: &str,
        payload: &impl serde::Serialize,
    ) -> Result<(), Unwritable> {
        match self.answered(request) {
            Some(ack) => ack.send(payload).map_err(|_| Unwritable),
            None => self.emit(event, payload),
        }
    }
}

impl<A: Adapter> Outlet for SocketOutlet<A> {
    fn send(&self, message: Outgoing<'_>) -> Result<(), Unwritable> {
        match message {
            Outgoing::Welcome { welcome, seq } => {
                self.emit("connected", &Connected::new(welcome, seq.0))
            }
            Outgoing::Reply {
                request,
                seq,
                command,
                response,
                replayed,
            } => {
                let numbered = Numbered {
                    seq: seq.0,
                    replayed,
                };
                let payload = CommandResponse::new(command, response, numbered);
                match request {
                    Some(request) => self.answer(request, "command_response", &payload),
                    None => self.emit("command_response", &payload),
                }
            }
            Outgoing::Refusal { request, error } => {
                let payload = ErrorPayload { error };
                let answered = self.answer(request, "error", &payload);
                if request == ENTER_REQUEST {
                    // The character could not enter: the socket is no use.
                    self.close(None);
                }
                answered
            }
            Outgoing::Done { request } => {
                // Nothing to say; an ack, if asked for, still gets an answer.
                match self.answered(request) {
                    Some(ack) => ack.send(&serde_json::json!({})).map_err(|_| Unwritable),
                    None => Ok(()),
                }
            }
            Outgoing::Event {
                event,
                seq,
                replayed,
            } => {
                let numbered = Numbered {
                    seq: seq.0,
                    replayed,
                };
                if event.kind == EventKind::Status {
                    let status = Status {
                        msg: &event.text,
                        channel: event.channel.as_deref(),
                        numbered,
                    };
                    self.emit("status", &status)
                } else {
                    self.emit("event", &EventPayload::new(event, numbered))
                }
            }
            Outgoing::Gap { text } => self.emit("event", &GapNotice::new(text)),
            Outgoing::Presence { news } => self.emit("presence", &Presence::from(news)),
        }
    }

    fn close(&self, notice: Option<&str>) {
        if let Some(notice) = notice {
            let _ = self.emit("event", &super::wire::system_notice(notice));
        }
        let _ = self.socket.clone().disconnect();
    }
}
