//! The browser-origin policy.
//!
//! A page on another site can make a player's browser open a WebSocket or
//! post a login form to this server, with the player's cookie attached
//! (cross-site WebSocket hijacking, login CSRF). Browsers say where such a
//! request comes from in `Origin`, so a request that carries one is served
//! only when it is this server's own origin (the host the request was sent
//! to) or one the host allowed with `--allow-origin`. Requests without
//! `Origin` (bots, scripts, tests) are not from a browser page and pass.

use std::sync::Arc;

use axum::extract::{Request, State};
use axum::http::{HeaderMap, StatusCode, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};

use super::error::ApiError;

/// Origins allowed besides the server's own, as `scheme://host[:port]`.
#[derive(Debug, Clone, Default)]
pub struct OriginPolicy {
    allowed: Arc<[String]>,
}

impl OriginPolicy {
    pub fn new(allowed: &[String]) -> OriginPolicy {
        let allowed = allowed
            .iter()
            .map(|origin| origin.trim_end_matches('/').to_ascii_lowercase())
            .collect();
        OriginPolicy { allowed }
    }

    pub fn extra_origins(&self) -> &[String] {
        &self.allowed
    }

    /// Whether a request with these headers may be served.
    pub fn admits(&self, headers: &HeaderMap) -> bool {
        let Some(origin) = headers.get(header::ORIGIN) else {
            return true;
        };
        let Ok(origin) = origin.to_str() else {
            return false;
        };
        let origin = origin.to_ascii_lowercase();
        self.allowed.contains(&origin) || is_same_origin(&origin, headers)
    }
}

/// Whether `origin` names the host the request was sent to.
fn is_same_origin(origin: &str, headers: &HeaderMap) -> bool {
    let Some(host) = headers
        .get(header::HOST)
        .and_then(|host| host.to_str().ok())
    else {
        return false;
    };
    let authority = origin
        .strip_prefix("http://")
        .or_else(|| origin.strip_prefix("https://"));
    authority.is_some_and(|authority| authority.eq_ignore_ascii_case(host))
}

pub async fn check(State(policy): State<OriginPolicy>, request: Request, next: Next) -> Response {
    if policy.admits(request.headers()) {
        return next.run(request).await;
    }
    let origin = request
        .headers()
        .get(header::ORIGIN)
        .and_then(|o| o.to_str().ok())
        .unwrap_or("?");
    tracing::info!(origin, path = %request.uri().path(), "refused a cross-origin request");
    ApiError::new(
        StatusCode::FORBIDDEN,
        format!("requests from {origin} are not allowed; the host can allow them with --allow-origin {origin}"),
    )
    .into_response()
}

#[cfg(test)]
mod tests {
    use super::*;
    use axum::http::HeaderValue;

    fn headers(origin: Option<&str>, host: &str) -> HeaderMap {
        let mut headers = HeaderMap::new();
        headers.insert(header::HOST, HeaderValue::from_str(host).unwrap());
        if let Some(origin) = origin {
            headers.insert(header::ORIGIN, HeaderValue::from_str(origin).unwrap());
        }
        headers
    }

    #[test]
    fn requests_without_an_origin_pass() {
        assert!(OriginPolicy::default().admits(&headers(None, "localhost:4000")));
    }

    #[test]
    fn the_servers_own_origin_passes() {
        assert!(
            OriginPolicy::default()
                .admits(&headers(Some("http://LOCALHOST:4000"), "localhost:4000"))
        );
    }

    #[test]
    fn another_origin_is_refused_unless_allowed() {
        let evil = headers(Some("http://evil.example"), "localhost:4000");
        assert!(!OriginPolicy::default().admits(&evil));
        assert!(OriginPolicy::new(&["http://evil.example/".to_owned()]).admits(&evil));
    }

    #[test]
    fn a_different_port_is_a_different_origin() {
        assert!(
            !OriginPolicy::default()
                .admits(&headers(Some("http://localhost:5000"), "localhost:4000"))
        );
    }

    #[test]
    fn the_null_origin_is_refused() {
        assert!(!OriginPolicy::default().admits(&headers(Some("null"), "localhost:4000")));
    }
}
