//! Closing every socket when the server stops, without losing what they
//! were sent last (the answers to the commands the engine finished).
//!
//! A WebSocket's writer sends what is queued before the close it is given.
//! A long-polling session is different: what is queued waits for the
//! client's next poll, and closing the session throws it away. So each
//! poller is first sent its Socket.IO disconnect, after everything else, and
//! the server waits until every poller has taken it (and so everything
//! before it), or until [`LAST_POLL`] has passed for clients that no longer
//! poll.
//!
//! Then every session is closed. A client that is not reading would keep
//! its WebSocket's writer waiting for ever, so after another
//! [`LAST_WRITES`] the connections still open are hung up.

use std::collections::HashSet;
use std::sync::{Arc, Mutex, MutexGuard};
use std::time::Duration;

use axum::body::Body;
use axum::extract::{Request, State};
use axum::http::Method;
use axum::middleware::Next;
use axum::response::Response;
use socketioxide::adapter::Adapter;
use socketioxide::{SocketIo, TransportType};
use tokio::sync::Notify;
use tokio_util::sync::CancellationToken;

/// How long the stopping server waits for pollers to take their last
/// messages: a poller on a poor network may take a second or more between
/// polls.
pub const LAST_POLL: Duration = Duration::from_secs(2);

/// How long sockets then get to write their last messages.
pub const LAST_WRITES: Duration = Duration::from_secs(1);

/// The long-polling sessions a stopping server waits for: those whose
/// disconnect has been queued and not yet taken by a poll. Empty until the
/// server stops.
#[derive(Clone, Default)]
pub struct Polls(Arc<Waiting>);

#[derive(Default)]
struct Waiting {
    sessions: Mutex<HashSet<String>>,
    fewer: Notify,
}

impl Polls {
    fn sessions(&self) -> MutexGuard<'_, HashSet<String>> {
        self.0
            .sessions
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }

    fn wait_for(&self, session: String) {
        self.sessions().insert(session);
    }

    fn is_waited_for(&self, session: &str) -> bool {
        self.sessions().contains(session)
    }

    fn taken(&self, session: &str) {
        if self.sessions().remove(session) {
            self.0.fewer.notify_waiters();
        }
    }

    /// Waits until every session waited for has taken its disconnect.
    async fn all_taken(&self) {
        loop {
            let fewer = self.0.fewer.notified();
            if self.sessions().is_empty() {
                return;
            }
            fewer.await;
        }
    }
}

/// Middleware: while the server stops, notes each poll that takes a waited-for
/// session's disconnect (`GET /socket.io/?transport=polling&sid=...`
/// answered with a `41` packet). A poll answers with at most one payload
/// (`MAX_MESSAGE_BYTES`), so it is the disconnect, queued after everything
/// else, that says a poller has had it all.
pub async fn count_polls(State(polls): State<Polls>, request: Request, next: Next) -> Response {
    let session = polled_session(&request)
        .filter(|session| polls.is_waited_for(session))
        .map(str::to_owned);
    let response = next.run(request).await;
    let Some(session) = session else {
        return response;
    };
    let (head, body) = response.into_parts();
    let Ok(bytes) = axum::body::to_bytes(body, usize::MAX).await else {
        return Response::from_parts(head, Body::empty());
    };
    if bytes
        .split(|byte| *byte == PACKET_SEPARATOR)
        .any(|packet| packet == DISCONNECT)
    {
        polls.taken(&session);
    }
    Response::from_parts(head, Body::from(bytes))
}

/// What separates the packets of one long-polling payload.
const PACKET_SEPARATOR: u8 = 0x1e;

/// The Socket.IO disconnect of the `/` namespace, as an Engine.IO message.
const DISCONNECT: &[u8] = b"41";

fn polled_session(request: &Request) -> Option<&str> {
    if request.method() != Method::GET || !request.uri().path().starts_with("/socket.io/") {
        return None;
    }
    let query = request.uri().query()?;
    let mut pairs = query.split('&');
    if !pairs.clone().any(|pair| pair == "transport=polling") {
        return None;
    }
    pairs.find_map(|pair| pair.strip_prefix("sid="))
}

/// Closes every socket once it has written (or its poller taken) what it
/// holds; see the module documentation. `hang_up` hangs up every HTTP
/// connection still open.
pub async fn close_all<A: Adapter>(io: &SocketIo<A>, polls: &Polls, hang_up: &CancellationToken) {
    for socket in io.sockets() {
        if socket.transport_type() == TransportType::Polling {
            let session = socket.id.to_string();
            polls.wait_for(session.clone());
            if socket.disconnect().is_err() {
                polls.taken(&session);
            }
        }
    }
    if tokio::time::timeout(LAST_POLL, polls.all_taken())
        .await
        .is_err()
    {
        tracing::info!("some long-polling clients did not poll for their last messages");
    }
    let mut closing = std::pin::pin!(io.close());
    if tokio::time::timeout(LAST_WRITES, closing.as_mut())
        .await
        .is_err()
    {
        tracing::info!("hanging up the connections of clients that are not reading");
        hang_up.cancel();
        closing.await;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn session(method: Method, uri: &str) -> Option<String> {
        let request = Request::builder()
            .method(method)
            .uri(uri)
            .body(axum::body::Body::empty());
        polled_session(&request.unwrap()).map(str::to_owned)
    }

    #[test]
    fn only_a_sessions_polling_gets_are_polls() {
        assert_eq!(
            session(Method::GET, "/socket.io/?EIO=4&transport=polling&sid=abc"),
            Some("abc".to_owned())
        );
        assert_eq!(
            session(Method::POST, "/socket.io/?EIO=4&transport=polling&sid=abc"),
            None
        );
        assert_eq!(
            session(Method::GET, "/socket.io/?EIO=4&transport=polling"),
            None
        );
        assert_eq!(
            session(Method::GET, "/socket.io/?EIO=4&transport=websocket&sid=abc"),
            None
        );
    }
}
