//! Errors as the contract writes them: a status code and `{"error": "..."}`.

use axum::Json;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};

use crate::accounts::AccountError;

#[derive(Debug)]
pub struct ApiError {
    status: StatusCode,
    message: String,
}

impl ApiError {
    pub fn new(status: StatusCode, message: impl Into<String>) -> ApiError {
        ApiError {
            status,
            message: message.into(),
        }
    }

    pub fn bad_request(message: impl Into<String>) -> ApiError {
        ApiError::new(StatusCode::BAD_REQUEST, message)
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let body = Json(serde_json::json!({ "error": self.message }));
        let mut response = (self.status, body).into_response();
        if self.status == StatusCode::TOO_MANY_REQUESTS {
            response.headers_mut().insert(
                axum::http::header::RETRY_AFTER,
                axum::http::HeaderValue::from_static("5"),
            );
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
            AccountError::TooManyAttempts | AccountError::Busy(_) => StatusCode::TOO_MANY_REQUESTS,
            AccountError::Internal(reason) => {
                tracing::error!(%reason, "an account request failed");
                return ApiError::new(
                    StatusCode::INTERNAL_SERVER_ERROR,
                    "something went wrong on the server",
                );
            }
        };
        ApiError::new(status, error.to_string())
    }
}
