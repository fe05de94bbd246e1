//! `/healthz`: is the server up, and how busy (connections, and the engine's
//! counters, which load tests read to see how commands were grouped into
//! commits). An instance of a cluster also says which node it is, whether it
//! runs the game, how many instances are alive, and answers 503 while it
//! cannot reach Redis.

use std::sync::Arc;

use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use serde_json::json;

use super::AppState;

/// What an instance of a cluster tells `/healthz` about it.
pub trait ClusterHealth: Send + Sync + 'static {
    /// Whether the cluster's store (Redis) answers now, and this instance
    /// is one of the cluster's live members.
    fn reachable(&self) -> bool;

    /// The `cluster` object: `node`, `leader`, `nodes`, and what else the
    /// cluster counts.
    fn describe(&self) -> serde_json::Value;
}

/// The cluster of an instance, if it belongs to one.
pub type Cluster = Option<Arc<dyn ClusterHealth>>;

pub async fn health(State(state): State<AppState>) -> Response {
    let stopping = state.stopping.is_cancelled();
    let saving = state.engine.saving();
    let reachable = state
        .cluster
        .as_ref()
        .is_none_or(|cluster| cluster.reachable());
    let status = match (stopping, reachable, saving) {
        (true, _, _) => "shutting_down",
        (false, false, _) => "redis_unreachable",
        (false, true, false) => "cannot_save",
        (false, true, true) => "ok",
    };
    let mut body = json!({
        "status": status,
        "version": env!("CARGO_PKG_VERSION"),
        "connections": state.hub.connections(),
        "inputs": state.engine.inputs(),
        "groups": state.engine.groups(),
        "commits": state.engine.commits(),
        "failed_commits": state.engine.failed_commits(),
        "slow_clients_dropped": state.hub.dropped(),
    });
    if let Some(cluster) = &state.cluster {
        body["cluster"] = cluster.describe();
    }
    if status != "ok" {
        (StatusCode::SERVICE_UNAVAILABLE, Json(body)).into_response()
    } else {
        Json(body).into_response()
    }
}
