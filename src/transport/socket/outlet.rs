//! One socket as the delivery hub sees it: messages become emits, in the
//! contract's wire format, and answers find the acknowledgement (if the
//! client asked for one) of the request they answer.

use socketioxide::adapter::Adapter;
use socketioxide::extract::{AckSender, SocketRef};

use super::wire::{
    CommandResponse, Connected, ErrorPayload, EventPayload, GapNotice, Numbered, Presence, Status,
};
use crate::delivery::{Outgoing, Outlet, Unwritable};
use crate::game::EventKind;
use crate::transport::game_link::{ENTER_REQUEST, Waiting};

pub struct SocketOutlet<A: Adapter> {
    socket: SocketRef<A>,
    /// The socket's requests waiting for their answers, each with its
    /// acknowledgement when the client asked for one: the answer then goes
    /// in the ack instead of an event.
    waiting: Waiting<Option<AckSender<A>>>,
}

impl<A: Adapter> SocketOutlet<A> {
    pub fn new(socket: SocketRef<A>) -> SocketOutlet<A> {
        SocketOutlet {
            socket,
            waiting: Waiting::default(),
        }
    }

    pub fn waiting(&self) -> &Waiting<Option<AckSender<A>>> {
        &self.waiting
    }

    /// The acknowledgement of request `request`, now answered, if it asked for one.
    fn answered(&self, request: u64) -> Option<AckSender<A>> {
        self.waiting.answered(request).flatten()
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
                self.answered(ENTER_REQUEST);
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
