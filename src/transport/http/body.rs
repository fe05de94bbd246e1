//! Reading JSON request bodies with the contract's errors, each with a
//! `{"error"}` body saying what is wrong: a body not declared as
//! `Content-Type: application/json` is a 415, one that is too large a 413,
//! and one that is not the expected JSON a 400.
//!
//! Requiring the type matters for more than tidiness: a page on another
//! site can post `text/plain` or a form to this server without asking the
//! browser first, but not `application/json`, for which the browser first
//! asks (a CORS preflight) and this server allows only the origins the host
//! chose. So the API's bodies cannot be forged cross-site even by a browser
//! that sends no `Origin`.

use axum::body::Bytes;
use axum::extract::{FromRequest, Request};
use axum::http::{HeaderMap, StatusCode, header};
use serde::de::DeserializeOwned;

use super::error::ApiError;

/// Largest request body the API reads.
pub const MAX_BODY_BYTES: usize = 16 * 1024;

pub struct JsonBody<T>(pub T);

impl<S: Send + Sync, T: DeserializeOwned> FromRequest<S> for JsonBody<T> {
    type Rejection = ApiError;

    async fn from_request(request: Request, state: &S) -> Result<Self, ApiError> {
        if !declares_json(request.headers()) {
            return Err(ApiError::new(
                StatusCode::UNSUPPORTED_MEDIA_TYPE,
                "send the request body as JSON, with Content-Type: application/json",
            ));
        }
        let bytes = Bytes::from_request(request, state)
            .await
            .map_err(|rejection| {
                if rejection.status() == StatusCode::PAYLOAD_TOO_LARGE {
                    ApiError::new(
                        StatusCode::PAYLOAD_TOO_LARGE,
                        format!("the request body is over {MAX_BODY_BYTES} bytes"),
                    )
                } else {
                    ApiError::bad_request("the request body could not be read")
                }
            })?;
        serde_json::from_slice(&bytes)
            .map(JsonBody)
            .map_err(|error| {
                ApiError::bad_request(format!(
                    "the request body is not the expected JSON: {error}"
                ))
            })
    }
}

/// Whether the request says its body is JSON (`application/json`, with any
/// parameters such as `charset`).
fn declares_json(headers: &HeaderMap) -> bool {
    headers
        .get(header::CONTENT_TYPE)
        .and_then(|value| value.to_str().ok())
        .and_then(|value| value.split(';').next())
        .is_some_and(|essence| essence.trim().eq_ignore_ascii_case("application/json"))
}

#[cfg(test)]
mod tests {
    use super::*;
    use axum::http::HeaderValue;

    fn with_type(content_type: &str) -> HeaderMap {
        let mut headers = HeaderMap::new();
        headers.insert(
            header::CONTENT_TYPE,
            HeaderValue::from_str(content_type).unwrap(),
        );
        headers
    }

    #[test]
    fn only_a_json_content_type_declares_json() {
        assert!(declares_json(&with_type("application/json")));
        assert!(declares_json(&with_type("Application/JSON; charset=utf-8")));
        for other in [
            "text/plain",
            "application/x-www-form-urlencoded",
            "application/jsonp",
        ] {
            assert!(!declares_json(&with_type(other)), "{other}");
        }
        assert!(!declares_json(&HeaderMap::new()));
    }
}
