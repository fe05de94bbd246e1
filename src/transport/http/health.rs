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
    let body = json!({
        "status": if stopping { "shutting_down" } else { "ok" },
        "version": env!("CARGO_PKG_VERSION"),
        "connections": state.connections.get(),
        "inputs": state.engine.inputs(),
        "groups": state.engine.groups(),
        "commits": state.engine.commits(),
    });
    if stopping {
        (StatusCode::SERVICE_UNAVAILABLE, Json(body)).into_response()
    } else {
        Json(body).into_response()
    }
}
