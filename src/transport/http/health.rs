//! `/healthz`: is the server up, and how busy (connections, and the engine's
//! counters, which load tests read to see how commands were grouped into
//! commits).

use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use serde_json::json;

use super::AppState;

pub async fn health(State(state): State<AppState>) -> Response {
    let stopping = state.stopping.is_cancelled();
    let saving = state.engine.saving();
    let status = match (stopping, saving) {
        (true, _) => "shutting_down",
        (false, false) => "cannot_save",
        (false, true) => "ok",
    };
    let body = json!({
        "status": status,
        "version": env!("CARGO_PKG_VERSION"),
        "connections": state.hub.connections(),
        "inputs": state.engine.inputs(),
        "groups": state.engine.groups(),
        "commits": state.engine.commits(),
        "failed_commits": state.engine.failed_commits(),
        "slow_clients_dropped": state.hub.dropped(),
    });
    if status != "ok" {
        (StatusCode::SERVICE_UNAVAILABLE, Json(body)).into_response()
    } else {
        Json(body).into_response()
    }
}
