//! `GET /metrics`: the server's Prometheus metrics ([`crate::metrics`]),
//! only with `Authorization: Bearer <--metrics-token>`. Without a token
//! set the route is not served at all (`404`, as for any unknown path);
//! with one, a request without it, or with another, is `401`.

use std::sync::Arc;

use axum::extract::State;
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{IntoResponse, Response};
use metrics_exporter_prometheus::PrometheusHandle;
use sha2::{Digest, Sha256};

use super::AppState;
use super::error::ApiError;

/// The token and what renders the metrics.
#[derive(Clone)]
pub struct MetricsAccess {
    /// SHA-256 of the token, compared with the digest of what a request
    /// brings, so the comparison takes the same time whatever it brings.
    token_digest: [u8; 32],
    handle: Arc<PrometheusHandle>,
}

impl MetricsAccess {
    pub fn new(token: &str, handle: PrometheusHandle) -> MetricsAccess {
        MetricsAccess {
            token_digest: Sha256::digest(token.as_bytes()).into(),
            handle: Arc::new(handle),
        }
    }

    fn admits(&self, headers: &HeaderMap) -> bool {
        let Some(token) = bearer(headers) else {
            return false;
        };
        let digest: [u8; 32] = Sha256::digest(token.as_bytes()).into();
        digest == self.token_digest
    }
}

fn bearer(headers: &HeaderMap) -> Option<&str> {
    let value = headers.get(header::AUTHORIZATION)?.to_str().ok()?;
    let (scheme, token) = value.split_once(' ')?;
    scheme.eq_ignore_ascii_case("bearer").then(|| token.trim())
}

pub async fn metrics(State(state): State<AppState>, headers: HeaderMap) -> Response {
    let Some(access) = &state.metrics else {
        return ApiError::new(
            StatusCode::NOT_FOUND,
            "metrics are off; start the server with --metrics-token",
        )
        .into_response();
    };
    if !access.admits(&headers) {
        let mut response = ApiError::new(
            StatusCode::UNAUTHORIZED,
            "metrics need Authorization: Bearer <the metrics token>",
        )
        .into_response();
        response.headers_mut().insert(
            header::WWW_AUTHENTICATE,
            header::HeaderValue::from_static("Bearer"),
        );
        return response;
    }
    crate::metrics::connections(state.hub.connections());
    (
        [(header::CONTENT_TYPE, "text/plain; version=0.0.4")],
        access.handle.render(),
    )
        .into_response()
}
