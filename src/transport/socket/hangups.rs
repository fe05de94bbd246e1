//! Finding the TCP connection a socket runs on, to hang it up when its
//! client has stopped reading.
//!
//! socketioxide keeps the head of the request that opened each session
//! (`socket.req_parts()`), so a socket opened straight over WebSocket finds
//! its connection's [`Hangup`] there. A browser opens its session with
//! long-polling and then upgrades it on another connection, whose request
//! socketioxide does not keep; [`record_upgrades`] notes that connection's
//! hangup under the session id instead. A session that polls has no
//! connection of its own to hang up.

use std::collections::HashMap;
use std::sync::{Arc, Mutex, MutexGuard};

use axum::extract::{Request, State};
use axum::middleware::Next;
use axum::response::Response;
use socketioxide::TransportType;
use socketioxide::adapter::Adapter;
use socketioxide::extract::SocketRef;

use crate::transport::listener::Hangup;

/// The connections that sessions upgraded to WebSocket run on, by session id.
#[derive(Clone, Default)]
pub struct Hangups(Arc<Mutex<HashMap<String, Hangup>>>);

impl Hangups {
    /// The hangup of the connection `socket`'s WebSocket runs on, if it
    /// runs on one.
    pub fn of<A: Adapter>(&self, socket: &SocketRef<A>) -> Option<Hangup> {
        if socket.transport_type() != TransportType::Websocket {
            return None;
        }
        let upgraded = self.upgrades().get(&socket.id.to_string()).cloned();
        upgraded.or_else(|| socket.req_parts().extensions.get::<Hangup>().cloned())
    }

    /// Forgets a session that has ended.
    pub fn forget(&self, session: &str) {
        self.upgrades().remove(session);
    }

    fn record(&self, session: &str, hangup: Hangup) {
        let mut upgrades = self.upgrades();
        // Sessions that ended without a socket (refused, or never connected
        // a namespace) are forgotten here, so none is kept for long.
        upgrades.retain(|_, hangup| !hangup.is_over());
        upgrades.insert(session.to_owned(), hangup);
    }

    fn upgrades(&self) -> MutexGuard<'_, HashMap<String, Hangup>> {
        self.0
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }
}

/// Middleware: notes the connection of every request that upgrades a
/// session to WebSocket (`/socket.io/?transport=websocket&sid=...`).
pub async fn record_upgrades(
    State(hangups): State<Hangups>,
    request: Request,
    next: Next,
) -> Response {
    if let Some(session) = upgraded_session(&request)
        && let Some(hangup) = request.extensions().get::<Hangup>()
    {
        hangups.record(session, hangup.clone());
    }
    next.run(request).await
}

/// The session a request upgrades to WebSocket, if it does.
fn upgraded_session(request: &Request) -> Option<&str> {
    if !request.uri().path().starts_with("/socket.io/") {
        return None;
    }
    let query = request.uri().query()?;
    let mut pairs = query.split('&');
    if !pairs.clone().any(|pair| pair == "transport=websocket") {
        return None;
    }
    pairs.find_map(|pair| pair.strip_prefix("sid="))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn session(uri: &str) -> Option<String> {
        let request = Request::builder().uri(uri).body(axum::body::Body::empty());
        upgraded_session(&request.unwrap()).map(str::to_owned)
    }

    #[test]
    fn only_websocket_requests_of_a_session_are_upgrades() {
        assert_eq!(
            session("/socket.io/?EIO=4&transport=websocket&sid=abc"),
            Some("abc".to_owned())
        );
        assert_eq!(session("/socket.io/?EIO=4&transport=websocket"), None);
        assert_eq!(session("/socket.io/?EIO=4&transport=polling&sid=abc"), None);
        assert_eq!(session("/api/login?transport=websocket&sid=abc"), None);
    }
}
