//! A session's whole life against the real server: it works from the login
//! on, and once it is past its lifetime (30 days from its last use) it is
//! refused everywhere a token is taken, and forgotten.
//!
//! Thirty days cannot pass in a test, so the server is stopped and the
//! session's expiry in the database is set to what 30 days without use
//! leave it at: a moment already past.

use hearth::accounts::{session, token};
use hearth::store::{RedbStore, Store};
use serde_json::{Value, json};

use crate::support::{Player, TestServer, Transport};

/// Whose session `token` is, as `GET /api/session` says.
async fn session_of(server: &TestServer, token: &str) -> Value {
    let response = reqwest::Client::new()
        .get(server.url("/api/session"))
        .bearer_auth(token)
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 200);
    response.json::<Value>().await.unwrap()["username"].clone()
}

#[tokio::test]
async fn a_session_past_its_lifetime_is_refused_on_the_api_and_the_socket_and_deleted() {
    let mut server = TestServer::start().await;
    let token = server.account("Alice").await;
    assert_eq!(session_of(&server, &token).await, "Alice");

    server
        .restart_after(async |data_dir| {
            let store = RedbStore::open(data_dir).expect("the database opens");
            let digest = token::digest(&token);
            let mut kept = store
                .session(digest)
                .await
                .unwrap()
                .expect("the login's session is kept");
            let lifetime = kept.expires_at - session::now();
            assert!(
                (session::LIFETIME_SECS - 60..=session::LIFETIME_SECS).contains(&lifetime),
                "a new session lasts the whole lifetime: {lifetime} s"
            );
            kept.expires_at = session::now() - 1;
            store.put_session(digest, kept).await.unwrap();
            store.close().await.unwrap();
        })
        .await;

    assert_eq!(session_of(&server, &token).await, Value::Null);
    let refused = Player::connect(&server.url("/"), "Alice", &token, Transport::WebSocket).await;
    assert_eq!(
        refused.err(),
        Some(json!({ "message": "unauthorized" })),
        "the socket is refused"
    );
    let mut alice = server
        .connect("Alice", &server.login("Alice").await, Transport::WebSocket)
        .await;
    assert!(alice.command("look").await.contains("Great Hall"));

    server
        .restart_after(async |data_dir| {
            let store = RedbStore::open(data_dir).expect("the database opens");
            let forgotten = store.session(token::digest(&token)).await.unwrap();
            assert!(forgotten.is_none(), "the expired session was deleted");
            store.close().await.unwrap();
        })
        .await;
}
