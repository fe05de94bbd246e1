//! Where a request's session token comes from, and the cookie that carries
//! it: the one place both transports (and the account API) read them.
//!
//! A browser sends the `session` cookie the login set; programs send
//! `Authorization: Bearer <token>` to HTTP and `auth.token` to Socket.IO.

use http::HeaderMap;
use http::header::{AUTHORIZATION, COOKIE};

use crate::accounts::session::LIFETIME_SECS;

/// The cookie the login response sets.
pub const SESSION_COOKIE: &str = "session";

/// The token a request carries: its bearer token, else its session cookie.
pub fn token_of(headers: &HeaderMap) -> Option<String> {
    bearer_token(headers).or_else(|| session_cookie(headers))
}

/// The `session` cookie of a request, if it has one.
pub fn session_cookie(headers: &HeaderMap) -> Option<String> {
    headers
        .get_all(COOKIE)
        .iter()
        .filter_map(|header| header.to_str().ok())
        .flat_map(cookie::Cookie::split_parse)
        .filter_map(Result::ok)
        .find(|cookie| cookie.name() == SESSION_COOKIE)
        .map(|cookie| cookie.value().to_owned())
}

fn bearer_token(headers: &HeaderMap) -> Option<String> {
    let value = headers.get(AUTHORIZATION)?.to_str().ok()?;
    let (scheme, token) = value.split_once(' ')?;
    scheme
        .eq_ignore_ascii_case("bearer")
        .then(|| token.trim().to_owned())
}

/// The `Set-Cookie` value that hands a browser its session.
pub fn login_cookie(token: &str) -> String {
    format!("{SESSION_COOKIE}={token}; HttpOnly; SameSite=Lax; Path=/; Max-Age={LIFETIME_SECS}")
}

/// The `Set-Cookie` value that makes a browser forget its session.
pub fn logout_cookie() -> String {
    format!("{SESSION_COOKIE}=; HttpOnly; SameSite=Lax; Path=/; Max-Age=0")
}

#[cfg(test)]
mod tests {
    use super::*;
    use http::HeaderValue;

    fn headers(pairs: &[(http::HeaderName, &str)]) -> HeaderMap {
        pairs
            .iter()
            .map(|(name, value)| (name.clone(), HeaderValue::from_str(value).unwrap()))
            .collect()
    }

    #[test]
    fn a_bearer_token_wins_over_the_cookie() {
        let both = headers(&[
            (AUTHORIZATION, "Bearer abc"),
            (COOKIE, "theme=dark; session=xyz"),
        ]);
        assert_eq!(token_of(&both).as_deref(), Some("abc"));
        let cookie_only = headers(&[(COOKIE, "theme=dark; session=xyz")]);
        assert_eq!(token_of(&cookie_only).as_deref(), Some("xyz"));
        assert_eq!(token_of(&HeaderMap::new()), None);
    }

    #[test]
    fn other_schemes_are_not_tokens() {
        assert_eq!(token_of(&headers(&[(AUTHORIZATION, "Basic abc")])), None);
    }
}
