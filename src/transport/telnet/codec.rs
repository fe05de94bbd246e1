//! The telnet byte stream (RFC 854): splitting what a client sends into data,
//! commands, option negotiations and subnegotiations, and framing what the
//! server sends.
//!
//! Written here rather than taken from a crate; [`super`] says why. The
//! decoder is a byte-at-a-time state machine that never fails and never
//! panics: whatever arrives, each byte moves it to a defined state, so a
//! broken sequence costs at most the sequence itself.
//!
//! - `IAC IAC` is a data byte 255.
//! - `IAC x` inside a subnegotiation, for any `x` but `SE` and `IAC`, is a
//!   broken subnegotiation: it is dropped and `IAC x` is read as a command,
//!   so a client that forgot `IAC SE` does not swallow what follows.
//! - A subnegotiation longer than [`MAX_SUBNEGOTIATION_BYTES`] is dropped and
//!   the bytes after the limit are read as data again, so memory stays
//!   bounded and an unterminated `IAC SB` loses at most that many bytes.
//! - A sequence split across reads is finished by the next read.

/// Longest subnegotiation body kept. GMCP messages from clients (a
/// `Core.Supports.Set` list, a `Core.Hello`) are a few hundred bytes.
pub const MAX_SUBNEGOTIATION_BYTES: usize = 8 * 1024;

/// Telnet commands (RFC 854, and 885 for EOR).
pub mod command {
    pub const IAC: u8 = 255;
    pub const DONT: u8 = 254;
    pub const DO: u8 = 253;
    pub const WONT: u8 = 252;
    pub const WILL: u8 = 251;
    pub const SB: u8 = 250;
    pub const GA: u8 = 249;
    pub const EL: u8 = 248;
    pub const EC: u8 = 247;
    pub const SE: u8 = 240;
    pub const EOR: u8 = 239;
}

/// The telnet options Hearth negotiates.
pub mod option {
    pub const ECHO: u8 = 1;
    pub const SGA: u8 = 3;
    pub const TTYPE: u8 = 24;
    pub const EOR: u8 = 25;
    pub const NAWS: u8 = 31;
    pub const CHARSET: u8 = 42;
    pub const MSSP: u8 = 70;
    pub const GMCP: u8 = 201;
}

use command::{DO, DONT, IAC, SB, SE, WILL, WONT};

/// The four negotiation verbs.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Verb {
    Will,
    Wont,
    Do,
    Dont,
}

impl Verb {
    fn from_byte(byte: u8) -> Option<Verb> {
        match byte {
            WILL => Some(Verb::Will),
            WONT => Some(Verb::Wont),
            DO => Some(Verb::Do),
            DONT => Some(Verb::Dont),
            _ => None,
        }
    }

    fn byte(self) -> u8 {
        match self {
            Verb::Will => WILL,
            Verb::Wont => WONT,
            Verb::Do => DO,
            Verb::Dont => DONT,
        }
    }
}

/// One thing a client sent.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Received {
    /// Ordinary bytes, with `IAC IAC` already undone.
    Data(Vec<u8>),
    /// A two-byte command, such as `IAC NOP` or `IAC EC`.
    Command(u8),
    /// `IAC WILL|WONT|DO|DONT <option>`.
    Negotiation(Verb, u8),
    /// `IAC SB <option> <body> IAC SE`, with `IAC IAC` in the body undone.
    Subnegotiation(u8, Vec<u8>),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum State {
    Data,
    Iac,
    Verb(Verb),
    SubOption,
    Sub,
    SubIac,
}

/// Reads a client's byte stream, one read at a time.
#[derive(Debug)]
pub struct Decoder {
    state: State,
    data: Vec<u8>,
    sub_option: u8,
    sub_body: Vec<u8>,
}

impl Default for Decoder {
    fn default() -> Self {
        Decoder {
            state: State::Data,
            data: Vec::new(),
            sub_option: 0,
            sub_body: Vec::new(),
        }
    }
}

impl Decoder {
    /// Decodes one read's bytes into `out`, in order. Data is handed out at
    /// the end of each read, so a line split across reads arrives in pieces.
    pub fn decode(&mut self, bytes: &[u8], out: &mut Vec<Received>) {
        for &byte in bytes {
            self.step(byte, out);
        }
        self.flush_data(out);
    }

    fn step(&mut self, byte: u8, out: &mut Vec<Received>) {
        self.state = match self.state {
            State::Data if byte == IAC => State::Iac,
            State::Data => {
                self.data.push(byte);
                State::Data
            }
            State::Iac => self.command(byte, out),
            State::Verb(verb) => {
                self.flush_data(out);
                out.push(Received::Negotiation(verb, byte));
                State::Data
            }
            // `IAC SB IAC ...`: no option at all; read the IAC afresh.
            State::SubOption if byte == IAC => State::Iac,
            State::SubOption => {
                self.sub_option = byte;
                self.sub_body.clear();
                State::Sub
            }
            State::Sub if byte == IAC => State::SubIac,
            State::Sub => self.sub_byte(byte),
            State::SubIac => match byte {
                SE => {
                    self.flush_data(out);
                    let body = std::mem::take(&mut self.sub_body);
                    out.push(Received::Subnegotiation(self.sub_option, body));
                    State::Data
                }
                IAC => self.sub_byte(IAC),
                other => {
                    self.sub_body.clear();
                    self.command(other, out)
                }
            },
        };
    }

    /// The byte after an `IAC` outside a subnegotiation.
    fn command(&mut self, byte: u8, out: &mut Vec<Received>) -> State {
        if byte == IAC {
            self.data.push(IAC);
            return State::Data;
        }
        if let Some(verb) = Verb::from_byte(byte) {
            return State::Verb(verb);
        }
        if byte == SB {
            return State::SubOption;
        }
        self.flush_data(out);
        out.push(Received::Command(byte));
        State::Data
    }

    /// One body byte of a subnegotiation, unless it has grown too long.
    fn sub_byte(&mut self, byte: u8) -> State {
        if self.sub_body.len() < MAX_SUBNEGOTIATION_BYTES {
            self.sub_body.push(byte);
            State::Sub
        } else {
            self.sub_body = Vec::new();
            self.data.push(byte);
            State::Data
        }
    }

    fn flush_data(&mut self, out: &mut Vec<Received>) {
        if !self.data.is_empty() {
            out.push(Received::Data(std::mem::take(&mut self.data)));
        }
    }
}

/// `IAC <verb> <option>`.
pub fn negotiation(verb: Verb, option: u8) -> [u8; 3] {
    [IAC, verb.byte(), option]
}

/// `IAC SB <option> <body> IAC SE`, with any 255 in the body doubled.
pub fn subnegotiation(option: u8, body: &[u8]) -> Vec<u8> {
    let mut framed = Vec::with_capacity(body.len() + 6);
    framed.extend_from_slice(&[IAC, SB, option]);
    push_escaped(&mut framed, body);
    framed.extend_from_slice(&[IAC, SE]);
    framed
}

/// Appends data bytes with any 255 doubled. UTF-8 text never contains the
/// byte 255, so for text this is a copy.
pub fn push_escaped(out: &mut Vec<u8>, data: &[u8]) {
    for &byte in data {
        out.push(byte);
        if byte == IAC {
            out.push(IAC);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::command::*;
    use super::option::*;
    use super::*;

    fn decode_all(reads: &[&[u8]]) -> Vec<Received> {
        let mut decoder = Decoder::default();
        let mut out = Vec::new();
        for read in reads {
            decoder.decode(read, &mut out);
        }
        out
    }

    fn data(text: &[u8]) -> Received {
        Received::Data(text.to_vec())
    }

    #[test]
    fn text_and_negotiations_come_out_in_order() {
        let out = decode_all(&[b"look\r\n\xff\xfb\x18say hi"]);
        assert_eq!(
            out,
            [
                data(b"look\r\n"),
                Received::Negotiation(Verb::Will, TTYPE),
                data(b"say hi")
            ]
        );
    }

    #[test]
    fn a_doubled_iac_is_one_data_byte_and_the_rest_of_the_line_is_kept() {
        let out = decode_all(&[b"say hi\xff\xffthere\r\nlook\r\n"]);
        assert_eq!(out, [data(b"say hi\xffthere\r\nlook\r\n")]);
    }

    #[test]
    fn a_subnegotiation_body_is_unescaped() {
        // NAWS with a width of 255 columns, which the client must double.
        let out = decode_all(&[&[IAC, SB, NAWS, 0, IAC, IAC, 0, 24, IAC, SE]]);
        assert_eq!(out, [Received::Subnegotiation(NAWS, vec![0, 255, 0, 24])]);
    }

    #[test]
    fn sequences_split_across_reads_are_finished_by_the_next_read() {
        let out = decode_all(&[&[IAC], &[SB, GMCP], b"Core.Ping", &[IAC], &[SE], b"ok"]);
        assert_eq!(
            out,
            [
                Received::Subnegotiation(GMCP, b"Core.Ping".to_vec()),
                data(b"ok")
            ]
        );
        let out = decode_all(&[&[IAC], &[DO], &[ECHO]]);
        assert_eq!(out, [Received::Negotiation(Verb::Do, ECHO)]);
    }

    #[test]
    fn a_subnegotiation_broken_by_a_command_gives_way_to_the_command() {
        let out = decode_all(&[&[IAC, SB, TTYPE, 0, b'x', IAC, WILL, NAWS], b"look\r\n"]);
        assert_eq!(
            out,
            [Received::Negotiation(Verb::Will, NAWS), data(b"look\r\n")]
        );
    }

    #[test]
    fn a_subnegotiation_without_an_option_is_dropped() {
        let out = decode_all(&[&[IAC, SB, IAC, SE], b"look\r\n"]);
        assert_eq!(out, [Received::Command(SE), data(b"look\r\n")]);
    }

    #[test]
    fn an_endless_subnegotiation_is_dropped_at_the_limit() {
        let mut junk = vec![IAC, SB, GMCP];
        junk.extend(std::iter::repeat_n(b'x', MAX_SUBNEGOTIATION_BYTES));
        junk.extend_from_slice(b"look\r\n");
        let out = decode_all(&[&junk]);
        assert_eq!(out, [data(b"look\r\n")]);
    }

    #[test]
    fn other_commands_are_reported_alone() {
        let out = decode_all(&[&[b'a', IAC, EC, b'b', IAC, 241]]);
        assert_eq!(
            out,
            [
                data(b"a"),
                Received::Command(EC),
                data(b"b"),
                Received::Command(241)
            ]
        );
    }

    #[test]
    fn any_bytes_at_all_decode_without_panicking() {
        // Every pair and triple of the interesting bytes, then a long
        // pseudo-random stream: the decoder must simply keep going.
        let interesting = [IAC, SB, SE, WILL, WONT, DO, DONT, 0, b'\r', b'\n', b'a'];
        for &a in &interesting {
            for &b in &interesting {
                for &c in &interesting {
                    decode_all(&[&[a, b, c], b"x"]);
                }
            }
        }
        let mut seed: u32 = 0x1234_5678;
        let stream: Vec<u8> = (0..100_000)
            .map(|_| {
                seed ^= seed << 13;
                seed ^= seed >> 17;
                seed ^= seed << 5;
                seed.to_le_bytes()[0]
            })
            .collect();
        let mut decoder = Decoder::default();
        let mut out = Vec::new();
        for chunk in stream.chunks(97) {
            decoder.decode(chunk, &mut out);
        }
        assert!(!out.is_empty());
    }

    #[test]
    fn framing_doubles_iac_in_subnegotiations() {
        assert_eq!(
            subnegotiation(NAWS, &[0, 255]),
            [IAC, SB, NAWS, 0, 255, 255, IAC, SE]
        );
        assert_eq!(negotiation(Verb::Will, ECHO), [IAC, WILL, ECHO]);
    }
}
