//! Reading JSON request bodies with the contract's errors: a body that is too
//! large is a 413 and one that is not the expected JSON a 400, each with a
//! `{"error"}` body saying so, whatever `Content-Type` the client sent.

use axum::body::Bytes;
use axum::extract::{FromRequest, Request};
use axum::http::StatusCode;
use serde::de::DeserializeOwned;

use super::error::ApiError;

/// Largest request body the API reads.
pub const MAX_BODY_BYTES: usize = 16 * 1024;

pub struct JsonBody<T>(pub T);

impl<S: Send + Sync, T: DeserializeOwned> FromRequest<S> for JsonBody<T> {
    type Rejection = ApiError;

    async fn from_request(request: Request, state: &S) -> Result<Self, ApiError> {
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
