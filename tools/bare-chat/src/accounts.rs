//! Accounts as the load generator needs them, and nothing more: every name
//! may register and log in with any password, and the session token is the
//! name with a prefix. No hashing, no storage, no expiry; Hearth's
//! `accounts` module is what does that work for real.

use std::sync::Arc;

use axum::Json;
use axum::http::StatusCode;
use serde::Deserialize;
use serde_json::{Value, json};
use socketioxide::extract::{SocketRef, TryData};

use crate::Name;

/// What every token starts with; the rest is the account's name.
const TOKEN_PREFIX: &str = "bare-chat:";

#[derive(Deserialize)]
pub struct Credentials {
    username: String,
}

/// `auth` sent with a Socket.IO connection.
#[derive(Deserialize, Default)]
pub struct Auth {
    token: Option<String>,
}

/// `POST /api/register`: every name is free (201).
pub async fn register(Json(credentials): Json<Credentials>) -> (StatusCode, Json<Value>) {
    (
        StatusCode::CREATED,
        Json(json!({ "username": credentials.username })),
    )
}

/// `POST /api/login`: any password will do.
pub async fn login(Json(credentials): Json<Credentials>) -> Json<Value> {
    Json(json!({
        "username": credentials.username,
        "token": token_of(&credentials.username),
    }))
}

fn token_of(name: &str) -> String {
    format!("{TOKEN_PREFIX}{name}")
}

/// The name a token stands for, if it is one of this server's.
pub fn name_of(token: &str) -> Option<&str> {
    token
        .strip_prefix(TOKEN_PREFIX)
        .filter(|name| !name.is_empty())
}

/// Socket.IO connect middleware: `auth.token` names the player, or the
/// connection is refused with `unauthorized`.
pub async fn authenticate(
    socket: SocketRef,
    TryData(auth): TryData<Auth>,
) -> Result<(), &'static str> {
    let auth = auth.unwrap_or_default();
    let name = auth
        .token
        .as_deref()
        .and_then(name_of)
        .ok_or("unauthorized")?;
    socket.extensions.insert(Name(Arc::from(name)));
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_token_names_its_player_and_nothing_else_is_a_token() {
        assert_eq!(name_of(&token_of("load00042")), Some("load00042"));
        assert_eq!(name_of(TOKEN_PREFIX), None);
        assert_eq!(name_of("load00042"), None);
    }
}
