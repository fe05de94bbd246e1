//! Giving each connection's request head allocations of its own.
//!
//! hyper parses a request's header values and URI as slices of its 8-16 KiB
//! read buffer (axum keeps another slice of it, the URI in the `OriginalUri`
//! extension), and engineioxide keeps the request head of every Socket.IO
//! connection, extensions included, for as long as the connection lives (it
//! is `socket.req_parts()`). So each open WebSocket pinned its whole HTTP
//! read buffer, about 16 KiB of a connection's 55 KiB. Copying the few bytes
//! the head holds before the request reaches Socket.IO lets that buffer go.

use axum::extract::{OriginalUri, Request};
use axum::http::{HeaderMap, HeaderValue, Uri};
use axum::middleware::Next;
use axum::response::Response;

/// Middleware: replaces the request's header values and URIs with owned
/// copies, then passes it on.
pub async fn own_request_head(mut request: Request, next: Next) -> Response {
    let headers: HeaderMap = request
        .headers()
        .iter()
        .map(|(name, value)| (name.clone(), copied(value)))
        .collect();
    *request.headers_mut() = headers;
    *request.uri_mut() = copied_uri(request.uri());
    if let Some(OriginalUri(original)) = request.extensions_mut().get_mut::<OriginalUri>() {
        *original = copied_uri(original);
    }
    next.run(request).await
}

fn copied_uri(uri: &Uri) -> Uri {
    Uri::try_from(uri.to_string()).unwrap_or_else(|_| uri.clone())
}

fn copied(value: &HeaderValue) -> HeaderValue {
    let mut copy = HeaderValue::from_bytes(value.as_bytes()).unwrap_or_else(|_| value.clone());
    copy.set_sensitive(value.is_sensitive());
    copy
}
