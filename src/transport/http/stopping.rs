//! While the server shuts down it starts nothing new: fresh requests and new
//! Socket.IO connections get 503, while the health check keeps answering and
//! existing long-polling connections can still receive their goodbye.

use axum::extract::{Request, State};
use axum::http::StatusCode;
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use tokio_util::sync::CancellationToken;

use super::error::ApiError;
use super::handshake::{SocketIoRequest, socket_io_request};

pub async fn refuse_new_work(
    State(stopping): State<CancellationToken>,
    request: Request,
    next: Next,
) -> Response {
    if stopping.is_cancelled() && !still_served(&request) {
        return ApiError::new(
            StatusCode::SERVICE_UNAVAILABLE,
            "the server is shutting down; try again shortly",
        )
        .into_response();
    }
    next.run(request).await
}

fn still_served(request: &Request) -> bool {
    let uri = request.uri();
    uri.path() == "/healthz" || socket_io_request(uri) == Some(SocketIoRequest::OfOpenSession)
}
