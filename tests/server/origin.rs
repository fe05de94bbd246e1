//! The browser-origin policy: cross-site pages cannot open sockets or post to
//! the API with a player's cookie; the server's own pages and allowed origins can.

use serde_json::{Value, json};

use crate::support::{Opening, PASSWORD, Player, TestServer};

fn opening(token: &str, origin: &str, polling: bool) -> Opening {
    Opening {
        token: Some(token.to_owned()),
        origin: Some(origin.to_owned()),
        polling,
        ..Opening::default()
    }
}

#[tokio::test]
async fn a_socket_from_a_foreign_origin_is_refused_on_both_transports() {
    let server = TestServer::start().await;
    let token = server.account("Alice").await;
    for polling in [false, true] {
        let attempt = Player::open(
            &server.url("/"),
            "Alice",
            opening(&token, "http://evil.example", polling),
        )
        .await;
        assert!(attempt.is_err(), "polling: {polling}");
    }
}

#[tokio::test]
async fn a_socket_from_the_servers_own_origin_is_accepted_on_both_transports() {
    let server = TestServer::start().await;
    let token = server.account("Alice").await;
    let own = format!("http://{}", server.server().address());
    for polling in [false, true] {
        let alice = Player::open(&server.url("/"), "Alice", opening(&token, &own, polling)).await;
        assert!(alice.is_ok(), "polling: {polling}");
    }
}

#[tokio::test]
async fn an_allowed_origin_may_connect() {
    let server = TestServer::with_origins(&["http://friends.example:8080"]).await;
    let token = server.account("Alice").await;
    let alice = Player::open(
        &server.url("/"),
        "Alice",
        opening(&token, "http://friends.example:8080", false),
    )
    .await;
    assert!(alice.is_ok());
    let stranger = Player::open(
        &server.url("/"),
        "Alice",
        opening(&token, "http://strangers.example", false),
    )
    .await;
    assert!(stranger.is_err());
}

#[tokio::test]
async fn a_cross_site_login_or_registration_is_refused_with_403() {
    let server = TestServer::start().await;
    server.register("Alice").await;
    let client = reqwest::Client::new();
    for (path, name) in [("/api/login", "Alice"), ("/api/register", "Mallory")] {
        let response = client
            .post(server.url(path))
            .header("Origin", "http://evil.example")
            .json(&json!({ "username": name, "password": PASSWORD }))
            .send()
            .await
            .unwrap();
        assert_eq!(response.status(), 403, "{path}");
        assert!(
            response.json::<Value>().await.unwrap()["error"]
                .as_str()
                .unwrap()
                .contains("--allow-origin")
        );
    }
    assert_eq!(
        server.register("Mallory").await.status(),
        201,
        "the refused registration created nothing"
    );
}

#[tokio::test]
async fn a_same_origin_login_is_accepted() {
    let server = TestServer::start().await;
    server.register("Alice").await;
    let response = reqwest::Client::new()
        .post(server.url("/api/login"))
        .header("Origin", format!("http://{}", server.server().address()))
        .json(&json!({ "username": "Alice", "password": PASSWORD }))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 200);
}
