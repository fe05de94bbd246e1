//! A raw telnet client for the tests: it sends exactly the bytes a test
//! gives it and keeps every byte the server sends, with its own small
//! reading of the telnet framing (not the server's), so a test can look at
//! the text, the negotiations and the subnegotiations separately.

use std::net::SocketAddr;

use tokio::io::{AsyncReadExt as _, AsyncWriteExt as _};
use tokio::net::TcpStream;

use super::PATIENCE;

pub const IAC: u8 = 255;
pub const DONT: u8 = 254;
pub const DO: u8 = 253;
pub const WONT: u8 = 252;
pub const WILL: u8 = 251;
pub const SB: u8 = 250;
pub const GA: u8 = 249;
pub const SE: u8 = 240;

pub const ECHO: u8 = 1;
pub const TTYPE: u8 = 24;
pub const EOR: u8 = 25;
pub const NAWS: u8 = 31;
pub const CHARSET: u8 = 42;
pub const MSSP: u8 = 70;
pub const GMCP: u8 = 201;

/// What the server sent, read apart as it arrives.
#[derive(Debug, Default, Clone)]
pub struct Transcript {
    /// The text, with telnet sequences taken out.
    pub text: String,
    /// `(verb, option)` for every negotiation, in order.
    pub negotiations: Vec<(u8, u8)>,
    /// `(option, body)` for every subnegotiation, in order.
    pub subnegotiations: Vec<(u8, Vec<u8>)>,
    /// Two-byte commands (GA, EOR), in order.
    pub commands: Vec<u8>,
    /// Text bytes that do not yet end a UTF-8 character.
    partial_text: Vec<u8>,
}

impl Transcript {
    /// Checks that each of `answers` appears exactly once, in that order.
    pub fn assert_each_once_in_order(&self, answers: impl IntoIterator<Item = String>) {
        let positions: Vec<usize> = answers
            .into_iter()
            .map(|answer| {
                assert_eq!(
                    self.text.matches(&answer).count(),
                    1,
                    "{answer} exactly once"
                );
                self.text.find(&answer).expect("answered")
            })
            .collect();
        assert!(positions.is_sorted(), "answered in the order sent");
    }

    /// Reads `raw` from `from`; returns where it stopped, at the start of a
    /// sequence that has not fully arrived.
    fn read(&mut self, raw: &[u8], from: usize) -> usize {
        let mut text = Vec::new();
        let mut index = from;
        while index < raw.len() {
            let byte = raw[index];
            if byte != IAC {
                text.push(byte);
                index += 1;
                continue;
            }
            match raw.get(index + 1) {
                Some(&IAC) => {
                    text.push(IAC);
                    index += 2;
                }
                Some(&verb @ (WILL | WONT | DO | DONT)) => match raw.get(index + 2) {
                    Some(&option) => {
                        self.negotiations.push((verb, option));
                        index += 3;
                    }
                    None => break,
                },
                Some(&SB) => {
                    let Some(end) = raw[index..].windows(2).position(|pair| pair == [IAC, SE])
                    else {
                        break;
                    };
                    let body = &raw[index + 2..index + end];
                    if let Some((&option, rest)) = body.split_first() {
                        let mut unescaped = Vec::new();
                        let mut bytes = rest.iter();
                        while let Some(&byte) = bytes.next() {
                            unescaped.push(byte);
                            if byte == IAC {
                                bytes.next();
                            }
                        }
                        self.subnegotiations.push((option, unescaped));
                    }
                    index += end + 2;
                }
                Some(&command) => {
                    self.commands.push(command);
                    index += 2;
                }
                None => break,
            }
        }
        self.push_text(&text);
        index
    }

    fn push_text(&mut self, bytes: &[u8]) {
        self.partial_text.extend_from_slice(bytes);
        loop {
            match std::str::from_utf8(&self.partial_text) {
                Ok(text) => {
                    self.text.push_str(text);
                    self.partial_text.clear();
                    return;
                }
                Err(error) => {
                    let valid = error.valid_up_to();
                    let text = std::str::from_utf8(&self.partial_text[..valid]).expect("valid");
                    self.text.push_str(text);
                    match error.error_len() {
                        Some(bad) => {
                            self.text.push(char::REPLACEMENT_CHARACTER);
                            self.partial_text.drain(..valid + bad);
                        }
                        None => {
                            self.partial_text.drain(..valid);
                            return;
                        }
                    }
                }
            }
        }
    }

    /// The GMCP messages, as `(package, json text)`.
    pub fn gmcp(&self) -> Vec<(String, String)> {
        self.subnegotiations
            .iter()
            .filter(|(option, _)| *option == GMCP)
            .map(|(_, body)| {
                let message = String::from_utf8_lossy(body).into_owned();
                match message.split_once(' ') {
                    Some((package, json)) => (package.to_owned(), json.to_owned()),
                    None => (message, String::new()),
                }
            })
            .collect()
    }
}

pub struct TelnetClient {
    stream: TcpStream,
    raw: Vec<u8>,
    transcript: Transcript,
    /// How much of `raw` the transcript has read.
    read_up_to: usize,
    /// Where in the text the next [`TelnetClient::expect`] looks from.
    cursor: usize,
    closed: bool,
}

impl TelnetClient {
    pub async fn connect(address: SocketAddr) -> TelnetClient {
        let stream = tokio::time::timeout(PATIENCE, TcpStream::connect(address))
            .await
            .expect("connecting in time")
            .expect("the telnet port accepts");
        TelnetClient::over(stream)
    }

    fn over(stream: TcpStream) -> TelnetClient {
        TelnetClient {
            stream,
            raw: Vec::new(),
            transcript: Transcript::default(),
            read_up_to: 0,
            cursor: 0,
            closed: false,
        }
    }

    /// Connects with a receive buffer of a few kilobytes, so that a client
    /// that stops reading is soon behind.
    pub async fn connect_small_window(address: SocketAddr) -> TelnetClient {
        let socket = tokio::net::TcpSocket::new_v4().expect("a socket");
        socket.set_recv_buffer_size(4096).expect("a small buffer");
        let stream = tokio::time::timeout(PATIENCE, socket.connect(address))
            .await
            .expect("connecting in time")
            .expect("the telnet port accepts");
        TelnetClient::over(stream)
    }

    /// Connects and refuses every option, as the plainest client would,
    /// then waits for the name prompt.
    pub async fn plain(address: SocketAddr) -> TelnetClient {
        let mut client = TelnetClient::connect(address).await;
        client.refuse_offers().await;
        client.expect("Name: ").await;
        client
    }

    /// Waits for the server's opening offers and refuses them all.
    pub async fn refuse_offers(&mut self) {
        self.respond(&[]).await;
    }

    /// Waits for the server's opening offers, agrees to those for the
    /// options in `agreed` and refuses the rest; returns the offers.
    pub async fn respond(&mut self, agreed: &[u8]) -> Vec<(u8, u8)> {
        let offers = self
            .until("the opening offers", |transcript| {
                transcript.negotiations.len() >= 6
            })
            .await
            .negotiations
            .clone();
        let mut answer = Vec::new();
        for &(verb, option) in &offers {
            let reply = match (verb, agreed.contains(&option)) {
                (DO, true) => WILL,
                (DO, false) => WONT,
                (_, true) => DO,
                (_, false) => DONT,
            };
            answer.extend_from_slice(&[IAC, reply, option]);
        }
        self.send(&answer).await;
        offers
    }

    pub async fn send(&mut self, bytes: &[u8]) {
        self.stream
            .write_all(bytes)
            .await
            .expect("the server takes input");
    }

    /// Sends `bytes`; `false` if the server has closed the connection.
    pub async fn try_send(&mut self, bytes: &[u8]) -> bool {
        self.stream.write_all(bytes).await.is_ok()
    }

    /// Types a line, ended by CR LF.
    pub async fn line(&mut self, text: &str) {
        self.send(format!("{text}\r\n").as_bytes()).await;
    }

    /// Every byte the server has sent so far.
    pub fn raw(&self) -> &[u8] {
        &self.raw
    }

    /// What the server has sent so far.
    pub fn transcript(&self) -> &Transcript {
        &self.transcript
    }

    fn received(&mut self, bytes: &[u8]) {
        self.raw.extend_from_slice(bytes);
        self.read_up_to = self.transcript.read(&self.raw, self.read_up_to);
    }

    /// Reads until `done` holds for what was sent, or fails the test.
    pub async fn until(&mut self, what: &str, done: impl Fn(&Transcript) -> bool) -> &Transcript {
        let deadline = tokio::time::Instant::now() + PATIENCE;
        while !done(&self.transcript) {
            assert!(
                !self.closed,
                "the connection closed before {what}; it had sent:\n{}",
                self.transcript.text
            );
            let mut buffer = [0; 16 * 1024];
            match tokio::time::timeout_at(deadline, self.stream.read(&mut buffer)).await {
                Ok(Ok(0)) | Ok(Err(_)) => self.closed = true,
                Ok(Ok(read)) => self.received(&buffer[..read]),
                Err(_) => panic!(
                    "waited {PATIENCE:?} for {what}; the server had sent:\n{}",
                    self.transcript.text
                ),
            }
        }
        &self.transcript
    }

    /// Waits for `text` after what earlier calls found; returns the text
    /// from there up to and including it.
    pub async fn expect(&mut self, text: &str) -> String {
        let from = self.cursor;
        let transcript = self
            .until(&format!("{text:?}"), |transcript| {
                transcript
                    .text
                    .get(from..)
                    .is_some_and(|rest| rest.contains(text))
            })
            .await;
        let at = from + transcript.text[from..].find(text).expect("found");
        let found = transcript.text[from..at + text.len()].to_owned();
        self.cursor = at + text.len();
        found
    }

    /// Waits until the server closes the connection.
    pub async fn closed(&mut self) {
        let deadline = tokio::time::Instant::now() + PATIENCE;
        while !self.closed {
            let mut buffer = [0; 16 * 1024];
            match tokio::time::timeout_at(deadline, self.stream.read(&mut buffer)).await {
                Ok(Ok(0)) | Ok(Err(_)) => self.closed = true,
                Ok(Ok(read)) => self.received(&buffer[..read]),
                Err(_) => panic!(
                    "the connection stayed open {PATIENCE:?}; the server had sent:\n{}",
                    self.transcript.text
                ),
            }
        }
    }

    /// Logs in as an existing account.
    pub async fn log_in(&mut self, name: &str, password: &str) {
        self.line(name).await;
        self.expect("Password: ").await;
        self.line(password).await;
        self.expect(&format!("Welcome back, {name}.")).await;
    }
}

/// `IAC SB <option> <body> IAC SE`.
pub fn subnegotiation(option: u8, body: &[u8]) -> Vec<u8> {
    let mut bytes = vec![IAC, SB, option];
    for &byte in body {
        bytes.push(byte);
        if byte == IAC {
            bytes.push(IAC);
        }
    }
    bytes.extend_from_slice(&[IAC, SE]);
    bytes
}
