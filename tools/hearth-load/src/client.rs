//! One player's Socket.IO connection over a plain WebSocket.
//!
//! [`Client::next`] hands the caller every message that matters to a player
//! (events and refusals) and answers the server's pings itself, so an idle
//! player stays connected as long as it keeps reading.

use std::time::Duration;

use anyhow::{Context as _, anyhow, bail};
use futures_util::{SinkExt as _, StreamExt as _};
use tokio::net::TcpStream;
use tokio_tungstenite::tungstenite::Message;
use tokio_tungstenite::tungstenite::protocol::WebSocketConfig;
use tokio_tungstenite::{MaybeTlsStream, WebSocketStream};

use crate::protocol::{self, Event, Packet};

/// How long opening a connection may take, handshakes included.
const CONNECT_TIMEOUT: Duration = Duration::from_secs(30);

/// A text frame as received; parse it with [`Frame::packet`].
pub struct Frame(tokio_tungstenite::tungstenite::Utf8Bytes);

impl Frame {
    pub fn packet(&self) -> Result<Packet<'_>, String> {
        protocol::parse(self.0.as_str())
    }
}

/// The server refused the session (an unknown or expired token).
#[derive(Debug)]
pub struct Refused(pub String);

impl std::fmt::Display for Refused {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "the server refused the connection: {}", self.0)
    }
}

impl std::error::Error for Refused {}

pub struct Client {
    socket: WebSocketStream<MaybeTlsStream<TcpStream>>,
}

impl Client {
    /// Opens a WebSocket to `server` (`host:port`), joins the `/` namespace
    /// with `token` and waits for the game's `connected` event; returns the
    /// client and the room the character is in.
    pub async fn connect(server: &str, token: &str) -> anyhow::Result<(Client, String)> {
        tokio::time::timeout(CONNECT_TIMEOUT, Self::open(server, token))
            .await
            .map_err(|_| anyhow!("connecting took over {CONNECT_TIMEOUT:?}"))?
    }

    async fn open(server: &str, token: &str) -> anyhow::Result<(Client, String)> {
        let url = format!("ws://{server}/socket.io/?EIO=4&transport=websocket");
        // Hearth's messages are small; a small read buffer keeps 10,000
        // idle players cheap for the load generator too.
        let config = WebSocketConfig::default().read_buffer_size(4096);
        let (socket, _) =
            tokio_tungstenite::connect_async_with_config(url.as_str(), Some(config), true)
                .await
                .with_context(|| format!("opening {url}"))?;
        let mut client = Client { socket };
        client
            .expect("open", |packet| {
                matches!(packet, Packet::Open).then_some(())
            })
            .await?;
        client.send(&protocol::connect(token)).await?;
        client
            .expect("connect", |packet| {
                matches!(packet, Packet::Connected).then_some(())
            })
            .await?;
        let location = client
            .expect("connected", |packet| match packet {
                Packet::Event(Event::Connected(location)) => Some(location.into_owned()),
                _ => None,
            })
            .await?;
        Ok((client, location))
    }

    /// Reads until a packet `wanted` picks; a refusal or close is an error.
    async fn expect<T>(
        &mut self,
        what: &str,
        wanted: impl Fn(Packet) -> Option<T>,
    ) -> anyhow::Result<T> {
        loop {
            let frame = self.next().await?;
            match frame.packet() {
                Ok(Packet::Refused(why)) => return Err(Refused(why.to_owned()).into()),
                Ok(Packet::Closed) => bail!("the server closed the connection before {what}"),
                Ok(packet) => {
                    if let Some(found) = wanted(packet) {
                        return Ok(found);
                    }
                }
                Err(problem) => bail!("malformed packet before {what}: {problem}"),
            }
        }
    }

    /// Sends one text frame.
    pub async fn send(&mut self, text: &str) -> anyhow::Result<()> {
        self.socket
            .send(Message::text(text))
            .await
            .context("sending to the server")
    }

    /// Sends a `command` event.
    pub async fn command(&mut self, text: &str) -> anyhow::Result<()> {
        self.send(&protocol::command(text)).await
    }

    /// The next text frame, answering pings on the way. An error means the
    /// connection is gone.
    pub async fn next(&mut self) -> anyhow::Result<Frame> {
        loop {
            let message = self
                .socket
                .next()
                .await
                .ok_or_else(|| anyhow!("the server closed the connection"))?
                .context("reading from the server")?;
            match message {
                Message::Text(text) if text.as_str() == "2" => self.send(protocol::PONG).await?,
                Message::Text(text) => return Ok(Frame(text)),
                Message::Close(_) => bail!("the server closed the connection"),
                _ => {}
            }
        }
    }

    /// Closes the connection politely.
    pub async fn close(mut self) {
        let _ = self.socket.close(None).await;
    }
}
