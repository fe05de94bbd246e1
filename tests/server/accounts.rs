//! Accounts under abuse, against the real server with the contract's
//! limits: one address registering without end, a guesser hammering one
//! account from elsewhere, and names that would pass for the server.
//!
//! The abuser connects from 127.0.0.2 and 127.0.0.3 (all of 127.0.0.0/8 is
//! loopback on Linux); the owner and everyone else from 127.0.0.1.

use hearth::limits::Limits;
use serde_json::{Value, json};

use crate::support::{PASSWORD, TestServer, client_from};

/// A server with the limits a host gets by default.
async fn limited() -> TestServer {
    TestServer::configured(|config| config.limits = Limits::default()).await
}

/// `POST path` with `body` through `client`: the status, the Retry-After
/// header if any, and the body.
async fn post(
    client: &reqwest::Client,
    server: &TestServer,
    path: &str,
    body: Value,
) -> (u16, Option<u64>, Value) {
    let response = client
        .post(server.url(path))
        .json(&body)
        .send()
        .await
        .expect("the server answers");
    let status = response.status().as_u16();
    let retry_after = response
        .headers()
        .get("retry-after")
        .map(|value| value.to_str().unwrap().parse().unwrap());
    (
        status,
        retry_after,
        response.json().await.unwrap_or(Value::Null),
    )
}

fn credentials(name: &str, password: &str) -> Value {
    json!({ "username": name, "password": password })
}

#[tokio::test]
async fn one_address_registers_five_accounts_then_waits_and_others_still_register() {
    let server = limited().await;
    let abuser = client_from("127.0.0.2");
    for n in 0..5 {
        let name = format!("Spam{n}");
        let (status, _, _) = post(
            &abuser,
            &server,
            "/api/register",
            credentials(&name, PASSWORD),
        )
        .await;
        assert_eq!(status, 201, "{name}");
    }
    let (status, retry_after, body) = post(
        &abuser,
        &server,
        "/api/register",
        credentials("Spam5", PASSWORD),
    )
    .await;
    assert_eq!(status, 429);
    assert!(
        retry_after.is_some_and(|seconds| (1..=600).contains(&seconds)),
        "{retry_after:?}"
    );
    assert_eq!(
        body["error"].as_str().unwrap().split(';').next(),
        Some("too many new accounts from your address"),
        "{body}"
    );
    let (status, _, _) = post(
        &reqwest::Client::new(),
        &server,
        "/api/register",
        credentials("Alice", PASSWORD),
    )
    .await;
    assert_eq!(status, 201, "another address is not limited");
    let (status, _, _) = post(
        &abuser,
        &server,
        "/api/login",
        credentials("Spam5", PASSWORD),
    )
    .await;
    assert_eq!(status, 401, "the refused account was not created");
}

#[tokio::test]
async fn a_guessing_flood_from_other_addresses_never_locks_the_owner_out() {
    let server = limited().await;
    assert_eq!(server.register("Alice").await.status(), 201);
    for guesser in ["127.0.0.2", "127.0.0.3"] {
        let client = client_from(guesser);
        let mut statuses = Vec::new();
        for n in 0..12 {
            let guess = credentials("Alice", &format!("guess number {n}"));
            statuses.push(post(&client, &server, "/api/login", guess).await.0);
        }
        assert!(
            statuses[..10].iter().all(|&status| status == 401),
            "{statuses:?}"
        );
        assert_eq!(statuses[10..], [429, 429], "{guesser}");
        let (status, retry_after, _) = post(
            &client,
            &server,
            "/api/login",
            credentials("Alice", PASSWORD),
        )
        .await;
        assert_eq!(status, 429, "the guesser is stopped even with the password");
        assert!(retry_after.is_some(), "and told when to try again");
    }
    server.login("Alice").await;
}

#[tokio::test]
async fn names_passing_for_the_server_staff_or_everyone_are_refused_at_registration() {
    let server = TestServer::start().await;
    for name in [
        "System",
        "admin",
        "Moderator",
        "root",
        "server",
        "S-Y-S-T-E-M",
        "admin_2",
    ] {
        let response = server.register(name).await;
        assert_eq!(response.status(), 400, "{name}");
        let body: Value = response.json().await.unwrap();
        assert!(
            body["error"]
                .as_str()
                .unwrap()
                .contains("could pass for the server or its staff"),
            "{name}: {body}"
        );
    }
    for name in ["you", "Someone", "EVERYONE"] {
        let response = server.register(name).await;
        assert_eq!(response.status(), 400, "{name}");
        let body: Value = response.json().await.unwrap();
        assert!(
            body["error"]
                .as_str()
                .unwrap()
                .contains("a word the game uses"),
            "{name}: {body}"
        );
    }
    assert_eq!(server.register("Sysop_Sam").await.status(), 201);
}
