//! The browser-origin policy.
//!
//! A page on another site can make a player's browser open a WebSocket or
//! post a login form to this server, with the player's cookie attached
//! (cross-site WebSocket hijacking, login CSRF). Browsers say where such a
//! request comes from in `Origin`, so a request that carries one is served
//! only when it is one of this server's own origins (see [`own`]: the
//! `--public-url`s, or else the addresses it listens on) or one the host
//! allowed with `--allow-origin`, scheme and port included. Requests without
//! `Origin` (bots, scripts, tests) are not from a browser page and pass.
//!
//! The `Host` header plays no part: a page on `evil.example` whose name was
//! pointed at this server (DNS rebinding) sends `Host: evil.example` and
//! `Origin: http://evil.example`, which match each other but neither of
//! this server's origins.

mod own;

use std::fmt;
use std::sync::Arc;

use axum::extract::{Request, State};
use axum::http::{HeaderMap, StatusCode, Uri, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};

use super::error::ApiError;

pub use own::own_origins;

/// A browser origin, `scheme://host[:port]`: lower case, with the scheme's
/// default port left out, as browsers write it in `Origin`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Origin(String);

impl Origin {
    /// Reads an origin, or the origin of a URL (`https://mud.example/play/`
    /// is `https://mud.example`); `None` unless it is `http` or `https` with
    /// a host and nothing else before the path.
    pub fn parse(text: &str) -> Option<Origin> {
        let uri: Uri = text.trim().parse().ok()?;
        let scheme = uri.scheme_str()?.to_ascii_lowercase();
        let default_port = match scheme.as_str() {
            "http" => 80,
            "https" => 443,
            _ => return None,
        };
        let authority = uri.authority()?;
        if authority.as_str().contains('@') {
            return None;
        }
        let host = authority.host().to_ascii_lowercase();
        if host.is_empty() {
            return None;
        }
        let port = match &authority.as_str()[host.len()..] {
            "" => default_port,
            after_host => after_host.strip_prefix(':')?.parse::<u16>().ok()?,
        };
        let port = if port == default_port {
            String::new()
        } else {
            format!(":{port}")
        };
        Some(Origin(format!("{scheme}://{host}{port}")))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The host, without scheme or port (an IPv6 address keeps its brackets).
    pub fn host(&self) -> &str {
        let authority = self.0.split_once("://").map_or(&*self.0, |(_, rest)| rest);
        match authority.rsplit_once(':') {
            Some((host, port))
                if port.bytes().all(|b| b.is_ascii_digit())
                    && (host.ends_with(']') || !host.contains(':')) =>
            {
                host
            }
            _ => authority,
        }
    }
}

impl fmt::Display for Origin {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// Which origins may send requests: the server's own, and extra ones.
#[derive(Debug, Clone)]
pub struct OriginPolicy {
    own: Arc<[Origin]>,
    extra: Arc<[Origin]>,
}

impl OriginPolicy {
    pub fn new(own: Vec<Origin>, extra: Vec<Origin>) -> OriginPolicy {
        OriginPolicy {
            own: own.into(),
            extra: extra.into(),
        }
    }

    /// The server's own origins, where players open the game.
    pub fn own_origins(&self) -> &[Origin] {
        &self.own
    }

    /// The origins allowed with `--allow-origin`.
    pub fn extra_origins(&self) -> &[Origin] {
        &self.extra
    }

    /// Whether a request with these headers may be served.
    pub fn admits(&self, headers: &HeaderMap) -> bool {
        let Some(origin) = headers.get(header::ORIGIN) else {
            return true;
        };
        let Some(origin) = origin.to_str().ok().and_then(Origin::parse) else {
            return false;
        };
        self.own.contains(&origin) || self.extra.contains(&origin)
    }
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

    #[test]
    fn an_origins_host_comes_without_scheme_or_port() {
        let host = |text: &str| Origin::parse(text).unwrap().host().to_owned();
        assert_eq!(host("http://localhost:4000"), "localhost");
        assert_eq!(host("https://mud.example.com"), "mud.example.com");
        assert_eq!(host("http://[::1]:4000"), "[::1]");
        assert_eq!(host("http://[::1]"), "[::1]");
    }
    use axum::http::HeaderValue;

    fn origins(texts: &[&str]) -> Vec<Origin> {
        texts
            .iter()
            .map(|text| Origin::parse(text).unwrap())
            .collect()
    }

    fn policy() -> OriginPolicy {
        OriginPolicy::new(
            origins(&["http://127.0.0.1:4000", "http://localhost:4000"]),
            Vec::new(),
        )
    }

    fn headers(origin: Option<&str>, host: &str) -> HeaderMap {
        let mut headers = HeaderMap::new();
        headers.insert(header::HOST, HeaderValue::from_str(host).unwrap());
        if let Some(origin) = origin {
            headers.insert(header::ORIGIN, HeaderValue::from_str(origin).unwrap());
        }
        headers
    }

    #[test]
    fn origins_are_read_as_browsers_write_them() {
        let read = |text| Origin::parse(text).map(|origin| origin.to_string());
        assert_eq!(
            read("HTTP://LocalHost:4000").as_deref(),
            Some("http://localhost:4000")
        );
        assert_eq!(
            read("https://mud.example:443/play/").as_deref(),
            Some("https://mud.example")
        );
        assert_eq!(
            read("http://[::1]:4000").as_deref(),
            Some("http://[::1]:4000")
        );
        for refused in [
            "null",
            "localhost:4000",
            "ftp://mud.example",
            "http://a@b",
            "http://b:99999",
        ] {
            assert_eq!(read(refused), None, "{refused}");
        }
    }

    #[test]
    fn requests_without_an_origin_pass() {
        assert!(policy().admits(&headers(None, "localhost:4000")));
    }

    #[test]
    fn the_servers_own_origins_pass() {
        assert!(policy().admits(&headers(Some("http://LOCALHOST:4000"), "localhost:4000")));
        assert!(policy().admits(&headers(Some("http://127.0.0.1:4000"), "anything")));
    }

    #[test]
    fn an_origin_that_matches_only_the_host_header_is_refused() {
        let rebound = headers(Some("http://evil.example"), "evil.example");
        assert!(!policy().admits(&rebound));
    }

    #[test]
    fn another_origin_is_refused_unless_allowed() {
        let evil = headers(Some("http://evil.example"), "localhost:4000");
        assert!(!policy().admits(&evil));
        let allowing = OriginPolicy::new(Vec::new(), origins(&["http://evil.example/"]));
        assert!(allowing.admits(&evil));
    }

    #[test]
    fn a_different_port_or_scheme_is_a_different_origin() {
        for other in ["http://localhost:5000", "https://localhost:4000"] {
            assert!(
                !policy().admits(&headers(Some(other), "localhost:4000")),
                "{other}"
            );
        }
    }

    #[test]
    fn the_null_origin_is_refused() {
        assert!(!policy().admits(&headers(Some("null"), "localhost:4000")));
    }
}
