//! Graceful shutdown: players are told, sockets close, state is saved, and
//! the health check says the server is going.

use serde_json::{Value, json};

use crate::support::process::{HearthProcess, Scratch, sign_up};
use crate::support::{Player, TestServer, Transport};

#[tokio::test]
async fn players_are_told_and_disconnected_when_the_server_stops() {
    let server = TestServer::start().await;
    let mut alice = server.player("Alice").await;
    alice.event("system").await; // the message of the day
    server.server().stopper().cancel();
    let notice = alice.event("system").await;
    assert!(
        notice["text"].as_str().unwrap().contains("shutting down"),
        "{notice}"
    );
    alice.closed().await;
}

#[tokio::test]
async fn healthz_answers_503_while_shutting_down() {
    let server = TestServer::start().await;
    let _alice = server.player("Alice").await;
    server.server().stopper().cancel();
    let response = server.get("/healthz").await;
    assert_eq!(response.status(), 503);
    assert_eq!(
        response.json::<Value>().await.unwrap()["status"],
        "shutting_down"
    );
}

#[tokio::test]
async fn new_connections_and_registrations_are_refused_while_shutting_down() {
    let server = TestServer::start().await;
    let token = server.account("Alice").await;
    let _bob = server.player("Bob").await;
    server.server().stopper().cancel();
    assert_eq!(server.register("Carol").await.status(), 503);
    let refused = Player::connect(&server.url("/"), "Alice", &token, Transport::Polling)
        .await
        .err();
    assert_eq!(
        refused,
        Some(json!({ "transport_error": "EngineIO Error" }))
    );
    let handshake = server.get("/socket.io/?EIO=4&transport=polling").await;
    assert_eq!(handshake.status(), 503, "the handshake itself");
    assert_eq!(
        handshake.json::<Value>().await.unwrap(),
        json!({ "error": "the server is shutting down; try again shortly" })
    );
}

#[tokio::test]
async fn what_players_did_before_shutdown_is_there_after_restart() {
    let mut server = TestServer::start().await;
    let token = server.account("Alice").await;
    let mut alice = server.connect("Alice", &token, Transport::WebSocket).await;
    alice.command("take silver key").await;
    alice.command("north").await;
    alice.disconnect().await;

    server.restart().await;

    let mut alice = Player::connect(&server.url("/"), "Alice", &token, Transport::WebSocket)
        .await
        .unwrap();
    assert_eq!(alice.welcome["location"], "library");
    assert!(alice.command("inventory").await.contains("silver key"));
    server.stop().await;
}

#[tokio::test]
async fn sigterm_stops_the_process_cleanly_within_a_few_seconds() {
    let scratch = Scratch::new();
    let process = HearthProcess::start(&scratch.data_dir, &scratch.world, 0);
    let token = sign_up(&process.url(), "Alice").await;
    let _alice = Player::connect(&process.url(), "Alice", &token, Transport::WebSocket)
        .await
        .unwrap();

    let (took, clean) = process.terminate();
    assert!(clean, "exit status 0");
    assert!(took < std::time::Duration::from_secs(5), "took {took:?}");
}
