//! `/healthz`: is the server up, and how busy.

use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use serde_json::json;

use super::AppState;

pub async fn health(State(state): State<AppState>) -> Response {
    let connections = state.connections.get();
    let version = env!("CARGO_PKG_VERSION");
    if state.stopping.is_cancelled() {
        let body =
            json!({ "status": "shutting_down", "version": version, "connections": connections });
        (StatusCode::SERVICE_UNAVAILABLE, Json(body)).into_response()
    } else {
        Json(json!({ "status": "ok", "version": version, "connections": connections }))
            .into_response()
    }
}
