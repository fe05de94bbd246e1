//! A limit on new Socket.IO connections per client address.
//!
//! Every Engine.IO handshake (`GET /socket.io/?EIO=4&transport=...` without
//! a `sid`) makes the server keep a session until the client connects a
//! namespace or the connect timeout passes, before any login is checked:
//! 10,000 of them from one address in 3 s grew the server from 7 to 115 MB.
//! So each address gets [`crate::limits::Limits::handshakes_per_minute`]
//! (all at once if it likes, then one at an even pace); beyond that the
//! handshake gets `429` with `Retry-After`, and the Socket.IO client tries
//! again later. Requests of sessions already open (with `sid`) are not
//! counted, so a player who is connected never meets this limit.

use std::net::IpAddr;
use std::sync::Arc;
use std::time::Duration;

use axum::extract::{Request, State};
use axum::http::Uri;
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};

use super::error::ApiError;
use crate::limits::{KeyedLimiter, Limits};
use crate::transport::ClientAddress;

/// Handshakes counted per client address.
#[derive(Clone)]
pub struct HandshakeLimit(Arc<KeyedLimiter<IpAddr>>);

impl HandshakeLimit {
    pub fn new(limits: &Limits) -> HandshakeLimit {
        HandshakeLimit(Arc::new(KeyedLimiter::new(
            limits.handshakes_per_minute,
            Duration::from_secs(60),
            limits,
        )))
    }
}

/// Middleware: refuses handshakes beyond the address's allowance.
pub async fn limit(
    State(HandshakeLimit(limiter)): State<HandshakeLimit>,
    address: ClientAddress,
    request: Request,
    next: Next,
) -> Response {
    if socket_io_request(request.uri()) == Some(SocketIoRequest::Handshake)
        && let Err(wait) = limiter.check(&address.limit_key())
    {
        tracing::debug!(address = %address.0, "refused a Socket.IO handshake: too many");
        return ApiError::too_many_requests(
            "too many new connections from your address; try again shortly",
            wait,
        )
        .into_response();
    }
    next.run(request).await
}

/// What a request to Socket.IO is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SocketIoRequest {
    /// It opens a new Engine.IO session (it has no `sid`).
    Handshake,
    /// It belongs to a session already open.
    OfOpenSession,
}

/// What the request is to Socket.IO, or `None` when it is not for Socket.IO.
pub fn socket_io_request(uri: &Uri) -> Option<SocketIoRequest> {
    if !uri.path().starts_with("/socket.io/") {
        return None;
    }
    let has_session = uri
        .query()
        .is_some_and(|query| query.split('&').any(|pair| pair.starts_with("sid=")));
    Some(if has_session {
        SocketIoRequest::OfOpenSession
    } else {
        SocketIoRequest::Handshake
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_requests_without_a_session_id_are_handshakes() {
        let kind = |uri: &str| socket_io_request(&uri.parse().unwrap());
        let handshake = Some(SocketIoRequest::Handshake);
        assert_eq!(kind("/socket.io/?EIO=4&transport=polling&t=abc"), handshake);
        assert_eq!(kind("/socket.io/?EIO=4&transport=websocket"), handshake);
        assert_eq!(
            kind("/socket.io/?EIO=4&transport=polling&sid=xyz"),
            Some(SocketIoRequest::OfOpenSession)
        );
        assert_eq!(kind("/api/login"), None);
    }
}
