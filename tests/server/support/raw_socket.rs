//! Socket.IO clients made of raw bytes, for what a real client library never
//! does: stop reading (a WebSocket whose program froze) or stop polling.
//!
//! [`StalledWebSocket`] speaks just enough WebSocket and Socket.IO to get its
//! character into the game (straight over WebSocket, or as a browser does:
//! long-polling first, then upgrading), then reads nothing more, with a small
//! receive buffer so the server's writes back up quickly. [`StalledPoller`]
//! gets in over long-polling and then never polls again.

use std::net::SocketAddr;
use std::time::Duration;

use serde_json::{Value, json};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpSocket, TcpStream};
use tokio::time::Instant;

use super::PATIENCE;

/// The receive buffer a stalled client asks for: the kernel's minimum, near
/// enough, so that what it does not read fills up after a few kilobytes.
const SMALL_RECEIVE_BUFFER: u32 = 4096;

/// A WebSocket client that stops reading once its character is in the game.
pub struct StalledWebSocket {
    stream: TcpStream,
}

impl StalledWebSocket {
    /// Connects with `token` straight over WebSocket and reads until the
    /// `connected` event; from then on nothing is read.
    pub async fn connect(server: SocketAddr, token: &str) -> StalledWebSocket {
        let (mut client, mut frames) =
            StalledWebSocket::open(server, "/socket.io/?EIO=4&transport=websocket").await;
        let open = client.next_text(&mut frames).await;
        assert!(open.starts_with('0'), "the Engine.IO open packet: {open}");
        client
            .send_text(&format!("40{}", json!({ "token": token })))
            .await
            .expect("the connect packet is sent");
        loop {
            let text = client.next_text(&mut frames).await;
            if text.starts_with("42[\"connected\"") {
                return client;
            }
            assert!(
                !text.starts_with("44"),
                "the server refused the connection: {text}"
            );
        }
    }

    /// Gets into the game over long-polling, upgrades the session to a
    /// WebSocket on a connection of its own, and from then on reads nothing.
    pub async fn upgrade(server: SocketAddr, token: &str) -> StalledWebSocket {
        let poller = StalledPoller::connect(server, token).await;
        let path = format!(
            "/socket.io/?EIO=4&transport=websocket&sid={}",
            poller.session
        );
        let (mut client, mut frames) = StalledWebSocket::open(server, &path).await;
        client.send_text("2probe").await.expect("the probe is sent");
        let answer = client.next_text(&mut frames).await;
        assert_eq!(answer, "3probe", "the server answers the probe");
        client.send_text("5").await.expect("the upgrade is sent");
        client
    }

    /// A WebSocket to `path`, upgraded; what was read past the response head.
    async fn open(server: SocketAddr, path: &str) -> (StalledWebSocket, FrameReader) {
        let socket = TcpSocket::new_v4().unwrap();
        socket.set_recv_buffer_size(SMALL_RECEIVE_BUFFER).unwrap();
        let mut stream = socket.connect(server).await.expect("the server accepts");
        let upgrade = format!(
            "GET {path} HTTP/1.1\r\nHost: {server}\r\n\
             Upgrade: websocket\r\nConnection: Upgrade\r\n\
             Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n"
        );
        stream.write_all(upgrade.as_bytes()).await.unwrap();
        let mut client = StalledWebSocket { stream };
        let mut frames = FrameReader::default();
        let head = client.read_head(&mut frames).await;
        assert!(head.starts_with("HTTP/1.1 101"), "upgraded: {head}");
        (client, frames)
    }

    /// Waits until the server has hung up: a write to the connection fails
    /// (the server's socket is gone, so the kernel answers with a reset).
    /// Each probe is an Engine.IO pong, which a live server ignores.
    pub async fn hung_up_within(&mut self, patience: Duration) -> Result<Duration, String> {
        let started = Instant::now();
        while started.elapsed() < patience {
            if self.send_text("3").await.is_err() {
                return Ok(started.elapsed());
            }
            tokio::time::sleep(Duration::from_millis(20)).await;
        }
        Err(format!("the server kept the connection for {patience:?}"))
    }

    async fn read_head(&mut self, frames: &mut FrameReader) -> String {
        loop {
            if let Some(end) = find(&frames.bytes, b"\r\n\r\n") {
                let head = String::from_utf8_lossy(&frames.bytes[..end]).into_owned();
                frames.bytes.drain(..end + 4);
                return head;
            }
            self.fill(frames).await;
        }
    }

    async fn next_text(&mut self, frames: &mut FrameReader) -> String {
        loop {
            if let Some(text) = frames.next_text() {
                return text;
            }
            self.fill(frames).await;
        }
    }

    async fn fill(&mut self, frames: &mut FrameReader) {
        let mut buffer = [0u8; 4096];
        let read = tokio::time::timeout(PATIENCE, self.stream.read(&mut buffer))
            .await
            .expect("the server answers in time")
            .expect("the connection stays open");
        assert!(
            read > 0,
            "the server closed the connection while connecting"
        );
        frames.bytes.extend_from_slice(&buffer[..read]);
    }

    /// Sends one masked text frame (the mask is zero, so the bytes are the text).
    async fn send_text(&mut self, text: &str) -> std::io::Result<()> {
        let mut frame = vec![0x81];
        match text.len() {
            short @ 0..=125 => frame.push(0x80 | short as u8),
            long => {
                frame.push(0x80 | 126);
                frame.extend(u16::try_from(long).unwrap().to_be_bytes());
            }
        }
        frame.extend([0, 0, 0, 0]);
        frame.extend(text.as_bytes());
        self.stream.write_all(&frame).await
    }
}

/// What has been read from a WebSocket and not yet taken apart.
#[derive(Default)]
struct FrameReader {
    bytes: Vec<u8>,
}

impl FrameReader {
    /// The next whole text frame's text, if all of it has been read. The
    /// server sends each message as one unmasked frame.
    fn next_text(&mut self) -> Option<String> {
        let header = self.bytes.get(..2)?;
        let (opcode, length) = (header[0] & 0x0f, usize::from(header[1] & 0x7f));
        let (start, length) = match length {
            126 => (
                4,
                usize::from(u16::from_be_bytes([*self.bytes.get(2)?, self.bytes[3]])),
            ),
            127 => {
                let bytes: [u8; 8] = self.bytes.get(2..10)?.try_into().unwrap();
                (10, usize::try_from(u64::from_be_bytes(bytes)).unwrap())
            }
            short => (2, short),
        };
        let payload = self.bytes.get(start..start + length)?.to_vec();
        self.bytes.drain(..start + length);
        if opcode == 1 {
            Some(String::from_utf8(payload).expect("text frames are UTF-8"))
        } else {
            self.next_text()
        }
    }
}

fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack
        .windows(needle.len())
        .position(|window| window == needle)
}

/// A long-polling client that stops polling once its character is in the game.
pub struct StalledPoller {
    /// The Engine.IO session id.
    session: String,
}

impl StalledPoller {
    /// Opens a session, connects with `token`, and polls until the
    /// `connected` event; it never polls again.
    pub async fn connect(server: SocketAddr, token: &str) -> StalledPoller {
        let poller = RawPoller::connect(server, token).await;
        StalledPoller {
            session: poller.session,
        }
    }
}

/// A long-polling client of raw Engine.IO packets, which polls exactly when
/// told to.
pub struct RawPoller {
    http: reqwest::Client,
    session: String,
    url: String,
}

impl RawPoller {
    /// Opens a session, connects with `token`, and polls until the
    /// `connected` event.
    pub async fn connect(server: SocketAddr, token: &str) -> RawPoller {
        let http = reqwest::Client::builder()
            .timeout(PATIENCE)
            .build()
            .unwrap();
        let base = format!("http://{server}/socket.io/?EIO=4&transport=polling");
        let open = http.get(&base).send().await.unwrap().text().await.unwrap();
        let open: Value = serde_json::from_str(open.strip_prefix('0').expect("an open packet"))
            .expect("the open packet is JSON");
        let session = open["sid"].as_str().expect("a session id").to_owned();
        let url = format!("{base}&sid={session}");
        let posted = http
            .post(&url)
            .body(format!("40{}", json!({ "token": token })))
            .send()
            .await
            .unwrap();
        assert!(posted.status().is_success(), "the connect packet is taken");
        for _ in 0..10 {
            let packets = http.get(&url).send().await.unwrap().text().await.unwrap();
            if packets
                .split('\u{1e}')
                .any(|packet| packet.starts_with("42[\"connected\""))
            {
                return RawPoller { http, session, url };
            }
            assert!(!packets.contains("44"), "refused: {packets}");
        }
        panic!("ten polls brought no connected event");
    }

    /// Sends one Engine.IO packet; whether the server took it.
    pub async fn send(&self, packet: String) -> bool {
        let posted = self.http.post(&self.url).body(packet).send().await;
        posted.is_ok_and(|response| response.status().is_success())
    }

    /// Polls once: the packets the server had queued, or `None` when the
    /// session is over.
    pub async fn poll(&self) -> Option<Vec<String>> {
        let response = self.http.get(&self.url).send().await.ok()?;
        if !response.status().is_success() {
            return None;
        }
        let packets = response.text().await.ok()?;
        Some(packets.split('\u{1e}').map(str::to_owned).collect())
    }
}
