//! One connection's telnet protocol state: the decoder, the options, and
//! what the client has told about itself (window width, terminal types,
//! character set). It turns a client's bytes into [`Incoming`] things for the
//! session and the answers the protocol itself requires, and it sums up how
//! to write to this client as a [`Terminal`].
//!
//! Text is always UTF-8. Clients that take part in CHARSET (RFC 2066) are
//! asked to switch to UTF-8, which Mudlet, for one, then does on its own;
//! a client that refuses is still sent UTF-8, because that is all there is.

use super::codec::command::{EC, EL};
use super::codec::option::{CHARSET, ECHO, EOR, GMCP, MSSP, NAWS, SGA, TTYPE};
use super::codec::{Decoder, Received, subnegotiation};
use super::negotiation::{Negotiation, Turned};
use super::ttype::TerminalTypes;

/// Width assumed until the client reports one with NAWS.
pub const DEFAULT_WIDTH: usize = 80;
/// Narrowest and widest widths wrapped to, whatever a client reports.
const WIDTHS: std::ops::RangeInclusive<usize> = 20..=500;

/// TTYPE's `IS` and `SEND`.
const TTYPE_IS: u8 = 0;
const TTYPE_SEND: u8 = 1;
/// CHARSET's `REQUEST`, `ACCEPTED` and `REJECTED`.
const CHARSET_REQUEST: u8 = 1;
const CHARSET_ACCEPTED: u8 = 2;
const CHARSET_REJECTED: u8 = 3;

/// How this client wants to be written to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Terminal {
    /// Columns to wrap to.
    pub width: usize,
    /// Whether ANSI colour is allowed.
    pub colour: bool,
    /// Whether the client takes GMCP.
    pub gmcp: bool,
    /// What marks the end of a prompt.
    pub prompt_end: PromptEnd,
}

impl Default for Terminal {
    fn default() -> Self {
        Terminal {
            width: DEFAULT_WIDTH,
            colour: false,
            gmcp: false,
            prompt_end: PromptEnd::GoAhead,
        }
    }
}

/// The mark after a prompt, so MUD clients know where it ends.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PromptEnd {
    /// `IAC GA`, telnet's default (RFC 854).
    GoAhead,
    /// `IAC EOR`, once the client accepts END-OF-RECORD (RFC 885).
    EndOfRecord,
    /// Nothing: the client suppressed go-ahead and declined EOR.
    Nothing,
}

/// Something a client sent that the session acts on.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Incoming {
    /// Typed bytes.
    Data(Vec<u8>),
    /// `IAC EC`: erase the last character typed.
    EraseCharacter,
    /// `IAC EL`: erase the line being typed.
    EraseLine,
    /// A GMCP message: its package and its JSON (possibly empty).
    Gmcp { package: String, json: String },
    /// The client accepted MSSP and waits for the server's status.
    MsspWanted,
}

#[derive(Debug, Default)]
pub struct Protocol {
    decoder: Decoder,
    options: Negotiation,
    types: TerminalTypes,
    width: Option<usize>,
    /// Whether the client said which width it has, or that it will not.
    width_settled: bool,
}

impl Protocol {
    /// The opening offers, sent as soon as a client connects.
    pub fn start(&mut self, out: &mut Vec<u8>) {
        self.options.offer(out);
    }

    /// Takes one read's bytes; appends the protocol's own answers to `out`.
    pub fn receive(&mut self, bytes: &[u8], out: &mut Vec<u8>) -> Vec<Incoming> {
        let mut received = Vec::new();
        self.decoder.decode(bytes, &mut received);
        let mut incoming = Vec::new();
        for item in received {
            match item {
                Received::Data(data) => incoming.push(Incoming::Data(data)),
                Received::Command(EC) => incoming.push(Incoming::EraseCharacter),
                Received::Command(EL) => incoming.push(Incoming::EraseLine),
                Received::Command(_) => {}
                Received::Negotiation(verb, option) => {
                    if let Some(turned) = self.options.receive(verb, option, out) {
                        incoming.extend(self.turned(turned, out));
                    }
                }
                Received::Subnegotiation(option, body) => {
                    incoming.extend(self.subnegotiation(option, &body, out));
                }
            }
        }
        incoming
    }

    /// Asks the client to stop (or start again) echoing what is typed.
    pub fn hide_input(&mut self, hide: bool, out: &mut Vec<u8>) {
        self.options.hide_input(hide, out);
    }

    /// Whether the client agreed not to show what is typed.
    pub fn input_hidden(&self) -> bool {
        self.options.ours(ECHO)
    }

    /// Whether the opening negotiation is over: every offer answered, the
    /// terminal types and window size told (or refused).
    pub fn settled(&self) -> bool {
        self.options.answered()
            && !self.types.waiting()
            && (self.width_settled || !self.options.theirs(NAWS))
    }

    /// How to write to this client now.
    pub fn terminal(&self) -> Terminal {
        let prompt_end = if self.options.ours(EOR) {
            PromptEnd::EndOfRecord
        } else if self.options.ours(SGA) {
            PromptEnd::Nothing
        } else {
            PromptEnd::GoAhead
        };
        Terminal {
            width: self.width.unwrap_or(DEFAULT_WIDTH),
            colour: self.types.colour(),
            gmcp: self.options.ours(GMCP),
            prompt_end,
        }
    }

    /// The client's name for itself, from its first TTYPE answer.
    pub fn client(&self) -> Option<&str> {
        self.types.client()
    }

    fn turned(&mut self, turned: Turned, out: &mut Vec<u8>) -> Option<Incoming> {
        match turned {
            Turned::TheirsOn(TTYPE) => self.request_terminal_type(out),
            Turned::TheirsOff(TTYPE) => self.types.refused(),
            Turned::TheirsOff(NAWS) => self.width_settled = true,
            Turned::OursOn(MSSP) => return Some(Incoming::MsspWanted),
            Turned::OursOn(CHARSET) => {
                let mut request = vec![CHARSET_REQUEST];
                request.extend_from_slice(b";UTF-8");
                out.extend(subnegotiation(CHARSET, &request));
            }
            _ => {}
        }
        None
    }

    fn subnegotiation(&mut self, option: u8, body: &[u8], out: &mut Vec<u8>) -> Option<Incoming> {
        match (option, body) {
            (TTYPE, [TTYPE_IS, name @ ..]) if self.options.theirs(TTYPE) => {
                let name = String::from_utf8_lossy(name);
                if self.types.answered(&name) {
                    self.request_terminal_type(out);
                }
            }
            (NAWS, &[high, low, _, _]) if self.options.theirs(NAWS) => {
                let width = usize::from(u16::from_be_bytes([high, low]));
                // Zero means the client does not know its width.
                self.width = (width > 0).then(|| width.clamp(*WIDTHS.start(), *WIDTHS.end()));
                self.width_settled = true;
            }
            (CHARSET, [CHARSET_REQUEST, offered @ ..]) => {
                out.extend(charset_answer(offered));
            }
            (GMCP, message) if self.options.ours(GMCP) => {
                let message = String::from_utf8_lossy(message);
                let (package, json) = message.split_once(' ').unwrap_or((&message, ""));
                return Some(Incoming::Gmcp {
                    package: package.to_owned(),
                    json: json.trim().to_owned(),
                });
            }
            // CHARSET ACCEPTED or REJECTED: UTF-8 it is either way.
            _ => {}
        }
        None
    }

    fn request_terminal_type(&mut self, out: &mut Vec<u8>) {
        self.types.requested();
        out.extend(subnegotiation(TTYPE, &[TTYPE_SEND]));
    }
}

/// The answer to a client's own CHARSET `REQUEST <separator> <names>`:
/// UTF-8 if it is among them, else a refusal.
fn charset_answer(offered: &[u8]) -> Vec<u8> {
    let utf8 = offered.split_first().is_some_and(|(&separator, names)| {
        names
            .split(|&byte| byte == separator)
            .any(|name| name.eq_ignore_ascii_case(b"UTF-8"))
    });
    if utf8 {
        let mut body = vec![CHARSET_ACCEPTED];
        body.extend_from_slice(b"UTF-8");
        subnegotiation(CHARSET, &body)
    } else {
        subnegotiation(CHARSET, &[CHARSET_REJECTED])
    }
}

#[cfg(test)]
mod tests {
    use super::super::codec::command::{IAC, SB, SE};
    use super::*;

    const WILL: u8 = 251;
    const DO: u8 = 253;
    const WONT: u8 = 252;

    fn connected() -> Protocol {
        let mut protocol = Protocol::default();
        protocol.start(&mut Vec::new());
        protocol
    }

    fn send(protocol: &mut Protocol, bytes: &[u8]) -> (Vec<u8>, Vec<Incoming>) {
        let mut out = Vec::new();
        let incoming = protocol.receive(bytes, &mut out);
        (out, incoming)
    }

    fn sub(option: u8, body: &[u8]) -> Vec<u8> {
        let mut bytes = vec![IAC, SB, option];
        bytes.extend_from_slice(body);
        bytes.extend_from_slice(&[IAC, SE]);
        bytes
    }

    #[test]
    fn naws_sets_the_width_within_bounds() {
        let mut protocol = connected();
        send(&mut protocol, &[IAC, WILL, NAWS]);
        assert_eq!(protocol.terminal().width, DEFAULT_WIDTH);
        send(&mut protocol, &sub(NAWS, &[0, 120, 0, 40]));
        assert_eq!(protocol.terminal().width, 120);
        send(&mut protocol, &sub(NAWS, &[0, 5, 0, 40]));
        assert_eq!(protocol.terminal().width, 20);
        send(&mut protocol, &sub(NAWS, &[0, 0, 0, 0]));
        assert_eq!(protocol.terminal().width, DEFAULT_WIDTH);
    }

    #[test]
    fn the_ttype_cycle_asks_until_mtts_and_decides_colour() {
        let mut protocol = connected();
        let (out, _) = send(&mut protocol, &[IAC, WILL, TTYPE]);
        assert_eq!(out, sub(TTYPE, &[TTYPE_SEND]));
        let (out, _) = send(&mut protocol, &sub(TTYPE, b"\0MUDLET"));
        assert_eq!(out, sub(TTYPE, &[TTYPE_SEND]));
        let (out, _) = send(&mut protocol, &sub(TTYPE, b"\0ANSI-TRUECOLOR"));
        assert_eq!(out, sub(TTYPE, &[TTYPE_SEND]));
        let (out, _) = send(&mut protocol, &sub(TTYPE, b"\0MTTS 2825"));
        assert!(out.is_empty());
        assert!(protocol.terminal().colour);
        assert_eq!(protocol.client(), Some("MUDLET"));
    }

    #[test]
    fn without_ttype_there_is_no_colour() {
        let mut protocol = connected();
        send(&mut protocol, &[IAC, WONT, TTYPE]);
        assert!(!protocol.terminal().colour);
    }

    #[test]
    fn settled_waits_for_every_answer() {
        let mut protocol = connected();
        assert!(!protocol.settled());
        send(&mut protocol, &[IAC, WILL, TTYPE, IAC, WILL, NAWS]);
        for option in [EOR, CHARSET, GMCP, MSSP] {
            send(&mut protocol, &[IAC, 254, option]);
        }
        assert!(
            !protocol.settled(),
            "the width and the terminal type are still to come"
        );
        send(&mut protocol, &sub(NAWS, &[0, 100, 0, 30]));
        send(&mut protocol, &sub(TTYPE, b"\0XTERM"));
        send(&mut protocol, &sub(TTYPE, b"\0XTERM"));
        assert!(protocol.settled());
    }

    #[test]
    fn gmcp_messages_are_split_into_package_and_json() {
        let mut protocol = connected();
        send(&mut protocol, &[IAC, DO, GMCP]);
        let (_, incoming) = send(
            &mut protocol,
            &sub(GMCP, b"Core.Hello {\"client\":\"Mudlet\"}"),
        );
        assert_eq!(
            incoming,
            [Incoming::Gmcp {
                package: "Core.Hello".into(),
                json: "{\"client\":\"Mudlet\"}".into()
            }]
        );
        let (_, incoming) = send(&mut protocol, &sub(GMCP, b"Core.Ping"));
        assert_eq!(
            incoming,
            [Incoming::Gmcp {
                package: "Core.Ping".into(),
                json: String::new()
            }]
        );
    }

    #[test]
    fn charset_asks_for_utf8_and_answers_requests() {
        let mut protocol = connected();
        let (out, _) = send(&mut protocol, &[IAC, DO, CHARSET]);
        assert_eq!(out, sub(CHARSET, b"\x01;UTF-8"));
        let (out, _) = send(&mut protocol, &sub(CHARSET, b"\x01 ISO-8859-1 utf-8"));
        assert_eq!(out, sub(CHARSET, b"\x02UTF-8"));
        let (out, _) = send(&mut protocol, &sub(CHARSET, b"\x01;KOI8-R"));
        assert_eq!(out, sub(CHARSET, b"\x03"));
    }

    #[test]
    fn accepting_eor_or_suppressing_go_ahead_changes_the_prompt_end() {
        let mut protocol = connected();
        assert_eq!(protocol.terminal().prompt_end, PromptEnd::GoAhead);
        send(&mut protocol, &[IAC, DO, SGA]);
        assert_eq!(protocol.terminal().prompt_end, PromptEnd::Nothing);
        send(&mut protocol, &[IAC, DO, EOR]);
        assert_eq!(protocol.terminal().prompt_end, PromptEnd::EndOfRecord);
    }

    #[test]
    fn mssp_is_wanted_once_accepted() {
        let mut protocol = connected();
        let (_, incoming) = send(&mut protocol, &[IAC, DO, MSSP]);
        assert_eq!(incoming, [Incoming::MsspWanted]);
    }
}
