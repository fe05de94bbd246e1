//! A player's Socket.IO connection, driven the way a client program would:
//! emit, then wait for what the server sends back.

use std::collections::VecDeque;
use std::time::{Duration, Instant};

use futures_util::FutureExt;
use rust_socketio::asynchronous::{Client, ClientBuilder};
use rust_socketio::{Event, Payload, TransportType};
use serde_json::{Value, json};
use tokio::sync::mpsc;

use super::PATIENCE;

#[derive(Debug, Clone, Copy)]
pub enum Transport {
    WebSocket,
    Polling,
}

/// How to open a connection: which credentials and headers to send.
#[derive(Debug, Clone, Default)]
pub struct Opening {
    pub token: Option<String>,
    pub cookie: Option<String>,
    pub origin: Option<String>,
    pub polling: bool,
    /// The last `seq` seen, for a client coming back.
    pub since: Option<u64>,
}

/// Something the server sent: an event name and its first argument.
#[derive(Debug, Clone)]
pub struct Received {
    pub event: String,
    pub data: Value,
    /// When the client read it off the connection.
    pub at: Instant,
}

pub struct Player {
    pub name: String,
    client: Client,
    inbox: mpsc::UnboundedReceiver<Received>,
    /// Messages passed over while waiting for another, kept in order.
    backlog: VecDeque<Received>,
    /// Barrier commands sent so far, so each has its own name.
    barriers: u32,
    /// The `connected` payload.
    pub welcome: Value,
}

impl Player {
    pub async fn connect(
        url: &str,
        name: &str,
        token: &str,
        transport: Transport,
    ) -> Result<Player, Value> {
        let opening = Opening {
            token: Some(token.to_owned()),
            polling: matches!(transport, Transport::Polling),
            ..Opening::default()
        };
        Player::open(url, name, opening).await
    }

    /// Opens a connection; `Err` holds the `connect_error` data when refused.
    pub async fn open(url: &str, name: &str, opening: Opening) -> Result<Player, Value> {
        let (sender, mut inbox) = mpsc::unbounded_channel();
        let mut builder =
            ClientBuilder::new(url)
                .reconnect(false)
                .transport_type(if opening.polling {
                    TransportType::Polling
                } else {
                    TransportType::Websocket
                });
        match (&opening.token, opening.since) {
            (Some(token), Some(since)) => {
                builder = builder.auth(json!({ "token": token, "since": since }));
            }
            (Some(token), None) => builder = builder.auth(json!({ "token": token })),
            (None, _) => {}
        }
        if let Some(cookie) = &opening.cookie {
            builder = builder.opening_header("Cookie", cookie.as_str());
        }
        if let Some(origin) = &opening.origin {
            builder = builder.opening_header("Origin", origin.as_str());
        }
        let forward = sender.clone();
        builder = builder
            .on_any(move |event, payload, _| {
                let _ = forward.send(Received {
                    event: event.as_str().to_owned(),
                    data: first_value(payload),
                    at: Instant::now(),
                });
                async {}.boxed()
            })
            .on(Event::Error, move |payload, _| {
                let _ = sender.send(classify_error(first_value(payload)));
                async {}.boxed()
            });
        let client = match builder.connect().await {
            Ok(client) => client,
            Err(error) => return Err(json!({ "transport_error": error.to_string() })),
        };
        let first = tokio::time::timeout(PATIENCE, async {
            loop {
                match inbox.recv().await {
                    Some(received)
                        if received.event == "connected" || received.event == "connect_error" =>
                    {
                        return Some(received);
                    }
                    Some(_) => continue,
                    None => return None,
                }
            }
        })
        .await
        .expect("the server answers the connection")
        .expect("the connection stays open until answered");
        if first.event == "connect_error" {
            let _ = client.disconnect().await;
            return Err(first.data);
        }
        Ok(Player {
            name: name.to_owned(),
            client,
            inbox,
            backlog: VecDeque::new(),
            barriers: 0,
            welcome: first.data,
        })
    }

    pub async fn emit(&self, event: &str, data: Value) {
        self.client
            .emit(event, data)
            .await
            .expect("the message is sent");
    }

    /// Sends an event whose only argument is binary data.
    pub async fn emit_binary(&self, event: &str, bytes: Vec<u8>) {
        self.client
            .emit(event, Payload::Binary(bytes.into()))
            .await
            .expect("the message is sent");
    }

    /// Sends a command and returns its `command_response` payload.
    pub async fn command_payload(&mut self, text: &str) -> Value {
        self.emit("command", json!({ "command": text })).await;
        let text = text.to_owned();
        self.wait_for(&format!("the answer to {text:?}"), |received| {
            received.event == "command_response" && received.data["command"] == text.as_str()
        })
        .await
        .data
    }

    /// Sends a command and returns its answer, or `None` if none comes within
    /// `patience` (the server died, say).
    pub async fn try_command(&mut self, text: &str, patience: Duration) -> Option<String> {
        self.client
            .emit("command", json!({ "command": text }))
            .await
            .ok()?;
        let deadline = tokio::time::Instant::now() + patience;
        while let Ok(Some(received)) = tokio::time::timeout_at(deadline, self.inbox.recv()).await {
            if received.event == "command_response" && received.data["command"] == text {
                return received.data["response"].as_str().map(str::to_owned);
            }
            self.backlog.push_back(received);
        }
        None
    }

    /// Waits up to `patience` for the answer to `text`, a command already
    /// sent with [`Player::emit`]; `None` if none comes (or the connection
    /// closes first). The cluster tests use it, which share this file.
    #[allow(dead_code)]
    pub async fn answer(&mut self, text: &str, patience: Duration) -> Option<String> {
        let answers = |received: &Received| {
            received.event == "command_response" && received.data["command"] == text
        };
        if let Some(index) = self.backlog.iter().position(answers) {
            let received = self.backlog.remove(index).expect("the index is in range");
            return received.data["response"].as_str().map(str::to_owned);
        }
        let deadline = tokio::time::Instant::now() + patience;
        while let Ok(Some(received)) = tokio::time::timeout_at(deadline, self.inbox.recv()).await {
            if answers(&received) {
                return received.data["response"].as_str().map(str::to_owned);
            }
            self.backlog.push_back(received);
        }
        None
    }

    /// Sends a command and returns the text of its answer.
    pub async fn command(&mut self, text: &str) -> String {
        let payload = self.command_payload(text).await;
        payload["response"]
            .as_str()
            .expect("a response text")
            .to_owned()
    }

    /// Sends a command and returns the text of its answer, or the `error`
    /// it was refused with. An `error` names no command, so send one at a
    /// time.
    pub async fn command_or_refusal(&mut self, text: &str) -> Result<String, String> {
        self.emit("command", json!({ "command": text })).await;
        let answer = self
            .wait_for(&format!("the answer to {text:?}"), |received| {
                received.event == "error"
                    || (received.event == "command_response" && received.data["command"] == text)
            })
            .await;
        let field = if answer.event == "error" {
            "error"
        } else {
            "response"
        };
        let said = answer.data[field].as_str().expect("a text").to_owned();
        if answer.event == "error" {
            Err(said)
        } else {
            Ok(said)
        }
    }

    /// Sends a command asking for an acknowledgement; returns the ack's data.
    pub async fn command_with_ack(&mut self, text: &str) -> Value {
        let (sender, mut answer) = mpsc::unbounded_channel();
        let callback = move |payload: Payload, _: Client| {
            // rust_socketio hands over an ack's whole argument list as one value.
            let arguments = first_value(payload);
            let _ = sender.send(arguments.get(0).cloned().unwrap_or(arguments));
            async {}.boxed()
        };
        self.client
            .emit_with_ack("command", json!({ "command": text }), PATIENCE, callback)
            .await
            .expect("the command is sent");
        tokio::time::timeout(PATIENCE, answer.recv())
            .await
            .expect("the ack arrives")
            .expect("an ack")
    }

    /// The next message, whatever it is, or `None` if none comes before
    /// `deadline`.
    pub async fn receive_before(&mut self, deadline: tokio::time::Instant) -> Option<Received> {
        if let Some(received) = self.backlog.pop_front() {
            return Some(received);
        }
        tokio::time::timeout_at(deadline, self.inbox.recv())
            .await
            .ok()
            .flatten()
    }

    /// The next `event` of the given type.
    pub async fn event(&mut self, kind: &str) -> Value {
        let kind = kind.to_owned();
        self.wait_for(&format!("an event of type {kind}"), |received| {
            received.event == "event" && received.data["type"] == kind.as_str()
        })
        .await
        .data
    }

    /// The next message named `event`.
    pub async fn next(&mut self, event: &str) -> Value {
        self.next_received(event).await.data
    }

    /// The next message named `event`, with when it came.
    pub async fn next_received(&mut self, event: &str) -> Received {
        self.wait_for(event, |received| received.event == event)
            .await
    }

    /// The next message `wanted` picks, throwing away everything before it
    /// (for a player listening to a flood).
    pub async fn skip_until(&mut self, what: &str, wanted: impl Fn(&Received) -> bool) -> Received {
        while let Some(received) = self.backlog.pop_front() {
            if wanted(&received) {
                return received;
            }
        }
        let found = tokio::time::timeout(PATIENCE, async {
            while let Some(received) = self.inbox.recv().await {
                if wanted(&received) {
                    return Some(received);
                }
            }
            None
        })
        .await;
        match found {
            Ok(Some(received)) => received,
            Ok(None) => panic!("{}'s connection closed while waiting for {what}", self.name),
            Err(_) => panic!("{} waited in vain for {what}", self.name),
        }
    }

    /// Checks that no `event` of type `kind` has come, up to a barrier:
    /// this player sends a command of its own and waits for its answer.
    /// The game handles inputs in order and each connection gets what it is
    /// sent in order, so whatever an input handled earlier (one whose answer
    /// or effect the test has seen) told this player arrives before that
    /// answer.
    pub async fn assert_no_event_so_far(&mut self, kind: &str) {
        self.barriers += 1;
        let barrier = format!("barrier{}", self.barriers);
        let answer = self.command(&barrier).await;
        assert!(
            answer.starts_with(&format!("There is no \"{barrier}\" command.")),
            "{answer}"
        );
        self.assert_no_event(kind, Duration::ZERO).await;
    }

    /// Checks that no `event` of type `kind` arrives within `window`, for
    /// what no barrier can follow. Prefer [`Player::assert_no_event_so_far`]
    /// (after [`super::TestServer::until_connections`], for a socket closing).
    pub async fn assert_no_event(&mut self, kind: &str, window: Duration) {
        let what = format!("event of type {kind}");
        self.assert_none(&what, window, |received| {
            received.event == "event" && received.data["type"] == kind
        })
        .await;
    }

    async fn assert_none(
        &mut self,
        what: &str,
        window: Duration,
        unwanted: impl Fn(&Received) -> bool,
    ) {
        if let Some(found) = self.backlog.iter().find(|received| unwanted(received)) {
            panic!("{} got an unexpected {what}: {}", self.name, found.data);
        }
        let deadline = tokio::time::Instant::now() + window;
        while let Ok(Some(received)) = tokio::time::timeout_at(deadline, self.inbox.recv()).await {
            assert!(
                !unwanted(&received),
                "{} got an unexpected {what}: {}",
                self.name,
                received.data
            );
            self.backlog.push_back(received);
        }
    }

    /// Everything received so far and not yet waited for, in order: after
    /// waiting for a message, what came before it.
    pub fn passed_over(&self) -> impl Iterator<Item = &Received> {
        self.backlog.iter()
    }

    /// Waits until the server closes this connection. rust_socketio reports
    /// a closed transport only by failing to send, so this keeps sending.
    pub async fn closed(&mut self) {
        tokio::time::timeout(PATIENCE, async {
            while self
                .client
                .emit("command", json!({ "command": "look" }))
                .await
                .is_ok()
            {
                tokio::time::sleep(Duration::from_millis(50)).await;
            }
        })
        .await
        .expect("the server closes the connection");
    }

    pub async fn disconnect(self) {
        let _ = self.client.disconnect().await;
    }

    async fn wait_for(&mut self, what: &str, wanted: impl Fn(&Received) -> bool) -> Received {
        if let Some(index) = self.backlog.iter().position(&wanted) {
            return self.backlog.remove(index).expect("the index is in range");
        }
        let name = self.name.clone();
        let found = tokio::time::timeout(PATIENCE, async {
            while let Some(received) = self.inbox.recv().await {
                if wanted(&received) {
                    return Some(received);
                }
                self.backlog.push_back(received);
            }
            None
        })
        .await;
        match found {
            Ok(Some(received)) => received,
            Ok(None) => panic!("{name}'s connection closed while waiting for {what}"),
            Err(_) => panic!(
                "{name} waited in vain for {what}; meanwhile got {:?}",
                self.backlog
            ),
        }
    }
}

fn first_value(payload: Payload) -> Value {
    #[allow(deprecated)]
    match payload {
        Payload::Text(mut values) if !values.is_empty() => values.swap_remove(0),
        Payload::Text(_) => Value::Null,
        Payload::String(text) => serde_json::from_str(&text).unwrap_or(Value::String(text)),
        Payload::Binary(bytes) => json!({ "binary": bytes.len() }),
    }
}

/// rust_socketio reports three things as its `Error` event: the server's
/// `error` event, a refused connection, and a broken transport.
fn classify_error(data: Value) -> Received {
    const REFUSED: &str = "Received an ConnectError frame: ";
    let at = Instant::now();
    match data {
        Value::String(text) if text.starts_with(REFUSED) => Received {
            event: "connect_error".to_owned(),
            data: serde_json::from_str(&text[REFUSED.len()..]).unwrap_or(Value::String(text)),
            at,
        },
        Value::Object(_) => Received {
            event: "error".to_owned(),
            data,
            at,
        },
        other => Received {
            event: "transport_error".to_owned(),
            data: other,
            at,
        },
    }
}
