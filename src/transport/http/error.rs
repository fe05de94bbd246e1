//! Errors as the contract writes them: a status code and `{"error": "..."}`,
//! with `Retry-After` on the errors that pass with time.

use std::time::Duration;

use axum::Json;
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};

use crate::accounts::AccountError;

#[derive(Debug)]
pub struct ApiError {
    status: StatusCode,
    message: String,
    retry_after: Option<Duration>,
}

impl ApiError {
    pub fn new(status: StatusCode, message: impl Into<String>) -> ApiError {
        ApiError {
            status,
            message: message.into(),
            retry_after: None,
        }
    }

    pub fn bad_request(message: impl Into<String>) -> ApiError {
        ApiError::new(StatusCode::BAD_REQUEST, message)
    }

    /// `429` with `Retry-After`: a limit that passes with time.
    pub fn too_many_requests(message: impl Into<String>, retry_after: Duration) -> ApiError {
        ApiError {
            retry_after: Some(retry_after),
            ..ApiError::new(StatusCode::TOO_MANY_REQUESTS, message)
        }
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let body = Json(serde_json::json!({ "error": self.message }));
        let mut response = (self.status, body).into_response();
        if let Some(wait) = self.retry_after {
            let seconds = wait.as_secs().max(1);
            response
                .headers_mut()
                .insert(header::RETRY_AFTER, HeaderValue::from(seconds));
        }
        response
    }
}

impl From<AccountError> for ApiError {
    fn from(error: AccountError) -> Self {
        let status = match &error {
            AccountError::Invalid(_) => StatusCode::BAD_REQUEST,
            AccountError::NameTaken => StatusCode::CONFLICT,
            AccountError::WrongCredentials => StatusCode::UNAUTHORIZED,
            AccountError::Banned(_) => StatusCode::FORBIDDEN,
            AccountError::NoSuchAccount => StatusCode::NOT_FOUND,
            AccountError::TooManyAttempts(_)
            | AccountError::TooManyFromAddress(_)
            | AccountError::TooManyRegistrations(_)
            | AccountError::Busy(_) => StatusCode::TOO_MANY_REQUESTS,
            AccountError::CannotSave(reason) => {
                tracing::error!(%reason, "an account change could not be saved");
                StatusCode::SERVICE_UNAVAILABLE
            }
            AccountError::Unavailable(_) => StatusCode::SERVICE_UNAVAILABLE,
            AccountError::Internal(reason) => {
                tracing::error!(%reason, "an account request failed");
                return ApiError::new(
                    StatusCode::INTERNAL_SERVER_ERROR,
                    "something went wrong on the server",
                );
            }
        };
        ApiError {
            retry_after: error.retry_after(),
            ..ApiError::new(status, error.to_string())
        }
    }
}
