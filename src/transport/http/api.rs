//! `/api/*`: registering, logging in and out, and what the login page shows.

use axum::Json;
use axum::extract::State;
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use serde::Deserialize;
use serde_json::json;

use super::AppState;
use super::body::JsonBody;
use super::error::ApiError;
use crate::accounts::AccountError;
use crate::transport::{ClientAddress, credentials, game_link};

#[derive(Deserialize)]
pub struct Credentials {
    username: String,
    password: String,
}

pub async fn register(
    State(state): State<AppState>,
    ClientAddress(from): ClientAddress,
    JsonBody(credentials): JsonBody<Credentials>,
) -> Result<Response, ApiError> {
    let username = state
        .accounts
        .register(&credentials.username, &credentials.password, from)
        .await?;
    Ok((StatusCode::CREATED, Json(json!({ "username": username }))).into_response())
}

pub async fn login(
    State(state): State<AppState>,
    ClientAddress(from): ClientAddress,
    JsonBody(credentials): JsonBody<Credentials>,
) -> Result<Response, ApiError> {
    let login = state
        .accounts
        .login(&credentials.username, &credentials.password, from)
        .await?;
    let cookie = credentials::login_cookie(&login.token);
    let mut response =
        Json(json!({ "username": login.name, "token": login.token })).into_response();
    response
        .headers_mut()
        .insert(header::SET_COOKIE, header_value(&cookie));
    Ok(response)
}

/// Revokes the session named by the cookie or the bearer token, and closes
/// the connections that were opened with it.
pub async fn logout(
    State(state): State<AppState>,
    headers: HeaderMap,
) -> Result<Response, ApiError> {
    if let Some(token) = credentials::token_of(&headers) {
        game_link::log_out(&state.accounts, &state.hub, &token).await?;
    }
    let mut response = StatusCode::NO_CONTENT.into_response();
    response.headers_mut().insert(
        header::SET_COOKIE,
        header_value(&credentials::logout_cookie()),
    );
    Ok(response)
}

/// Additive: whose session the request carries (cookie or bearer token), or
/// `null`; always 200, so a page can ask before opening a socket without
/// logging an error.
pub async fn session(
    State(state): State<AppState>,
    headers: HeaderMap,
) -> Result<Response, ApiError> {
    let username = match credentials::token_of(&headers) {
        Some(token) => match state.accounts.authenticate(&token).await {
            Ok(actor) => actor.map(|actor| actor.name),
            // A banned account has no session to speak of; its socket is
            // refused with "banned".
            Err(AccountError::Banned(_)) => None,
            Err(error) => return Err(error.into()),
        },
        None => None,
    };
    Ok(Json(json!({ "username": username })).into_response())
}

/// Additive: the world's name and message of the day, for the login page.
pub async fn world(State(state): State<AppState>) -> Response {
    Json(json!({ "name": state.world.name(), "motd": state.world.motd() })).into_response()
}

fn header_value(text: &str) -> HeaderValue {
    HeaderValue::from_str(text).expect("tokens are URL-safe base64")
}
