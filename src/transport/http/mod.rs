//! HTTP: the account API, the health check and the embedded web client, with
//! the client's address, the origin policy, the handshake limit and size
//! limits in front of everything (Socket.IO's handshake included).

mod api;
mod body;
mod client;
mod error;
mod handshake;
mod health;
mod metrics;
mod origin;
mod stopping;

use std::sync::Arc;

use axum::Router;
use axum::extract::DefaultBodyLimit;
use axum::http::{HeaderValue, Method, header};
use axum::routing::{get, post};
use tokio_util::sync::CancellationToken;
use tower_http::cors::{AllowOrigin, CorsLayer};

use crate::accounts::Accounts;
use crate::delivery::Hub;
use crate::engine::Stats;
use crate::game::World;
use crate::transport::address::{self, AddressPolicy};
use crate::transport::socket;

pub use handshake::HandshakeLimit;
pub use metrics::MetricsAccess;
pub use origin::{Origin, OriginPolicy, own_origins};

/// What the HTTP handlers share.
#[derive(Clone)]
pub struct AppState {
    pub accounts: Arc<Accounts>,
    pub world: Arc<World>,
    /// This node's connections, to count them and to close a revoked session's.
    pub hub: Arc<Hub>,
    /// Cancelled when the server starts shutting down.
    pub stopping: CancellationToken,
    /// The engine's counters, for `/healthz`.
    pub engine: Arc<Stats>,
    /// `/metrics`, when a token is set.
    pub metrics: Option<MetricsAccess>,
}

/// What stands in front of every route.
pub struct Guards {
    pub addresses: AddressPolicy,
    pub origins: OriginPolicy,
    pub handshakes: HandshakeLimit,
}

pub fn router<A: socketioxide::adapter::Adapter>(
    state: AppState,
    guards: Guards,
    socket_io: socket::Layer<A>,
) -> Router {
    let Guards {
        addresses,
        origins,
        handshakes,
    } = guards;
    let api = Router::new()
        .route("/api/register", post(api::register))
        .route("/api/login", post(api::login))
        .route("/api/logout", post(api::logout))
        .route("/api/world", get(api::world))
        .route("/api/session", get(api::session))
        .layer(DefaultBodyLimit::max(body::MAX_BODY_BYTES));
    let stopping = state.stopping.clone();
    let router = Router::new()
        .merge(api)
        .route("/healthz", get(health::health))
        .route("/metrics", get(metrics::metrics))
        .fallback(client::serve)
        .with_state(state)
        .layer(socket_io.socket_io)
        .layer(axum::middleware::from_fn_with_state(
            socket_io.hangups,
            socket::record_upgrades,
        ))
        .layer(axum::middleware::from_fn_with_state(
            socket_io.polls,
            socket::count_polls,
        ))
        .layer(axum::middleware::from_fn(socket::own_request_head))
        .layer(axum::middleware::from_fn_with_state(
            handshakes,
            handshake::limit,
        ))
        .layer(axum::middleware::from_fn_with_state(
            stopping,
            stopping::refuse_new_work,
        ))
        .layer(axum::middleware::from_fn_with_state(
            origins.clone(),
            origin::check,
        ))
        .layer(axum::middleware::from_fn_with_state(
            addresses,
            address::resolve,
        ));
    match cors(&origins) {
        Some(cors) => router.layer(cors),
        None => router,
    }
}

/// CORS headers for the extra origins a host allowed, so pages there can use
/// the API and long-polling; none when only the server's own origin is used.
fn cors(origins: &OriginPolicy) -> Option<CorsLayer> {
    let allowed: Vec<HeaderValue> = origins
        .extra_origins()
        .iter()
        .filter_map(|origin| HeaderValue::from_str(origin.as_str()).ok())
        .collect();
    if allowed.is_empty() {
        return None;
    }
    Some(
        CorsLayer::new()
            .allow_origin(AllowOrigin::list(allowed))
            .allow_credentials(true)
            .allow_methods([Method::GET, Method::POST])
            .allow_headers([header::CONTENT_TYPE, header::AUTHORIZATION]),
    )
}

#[cfg(test)]
mod tests;
