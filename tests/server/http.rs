//! The HTTP contract: every row of the table in docs/contract-protocol.md, and the limits.

use serde_json::{Value, json};

use crate::support::{PASSWORD, TestServer};

#[tokio::test]
async fn the_web_client_is_served_at_the_root() {
    let server = TestServer::start().await;
    let response = server.get("/").await;
    assert_eq!(response.status(), 200);
    assert!(
        response.headers()["content-type"]
            .to_str()
            .unwrap()
            .starts_with("text/html")
    );
    assert!(response.text().await.unwrap().contains("<html"));
}

#[tokio::test]
async fn the_web_client_gets_socket_io_from_the_server_itself() {
    let server = TestServer::start().await;
    let response = server.get("/vendor/socket.io.esm.min.js").await;
    assert_eq!(response.status(), 200);
    assert!(
        response.headers()["content-type"]
            .to_str()
            .unwrap()
            .starts_with("text/javascript")
    );
    assert!(response.text().await.unwrap().contains("Socket.IO v4"));
}

#[tokio::test]
async fn registering_answers_201_with_the_name_as_spelled() {
    let server = TestServer::start().await;
    let response = server.register("AliCe").await;
    assert_eq!(response.status(), 201);
    assert_eq!(
        response.json::<Value>().await.unwrap(),
        json!({ "username": "AliCe" })
    );
}

#[tokio::test]
async fn registering_an_invalid_name_or_password_answers_400_saying_why() {
    let server = TestServer::start().await;
    for (username, password) in [
        ("al", PASSWORD),
        ("al ice", PASSWORD),
        ("alicé", PASSWORD),
        ("alice", "short"),
    ] {
        let response = server
            .post(
                "/api/register",
                json!({ "username": username, "password": password }),
            )
            .await;
        assert_eq!(response.status(), 400, "{username:?} / {password:?}");
        let body: Value = response.json().await.unwrap();
        assert!(
            body["error"].as_str().unwrap().contains("characters"),
            "{body}"
        );
    }
}

#[tokio::test]
async fn a_name_taken_in_any_case_answers_409() {
    let server = TestServer::start().await;
    assert_eq!(server.register("Alice").await.status(), 201);
    let response = server.register("ALICE").await;
    assert_eq!(response.status(), 409);
    assert!(response.json::<Value>().await.unwrap()["error"].is_string());
}

#[tokio::test]
async fn logging_in_answers_the_name_a_token_and_a_session_cookie() {
    let server = TestServer::start().await;
    server.register("Alice").await;
    let response = server
        .post(
            "/api/login",
            json!({ "username": "alice", "password": PASSWORD }),
        )
        .await;
    assert_eq!(response.status(), 200);
    let cookie = response.headers()["set-cookie"]
        .to_str()
        .unwrap()
        .to_owned();
    let body: Value = response.json().await.unwrap();
    assert_eq!(body["username"], "Alice");
    let token = body["token"].as_str().unwrap();
    assert!(token.len() >= 43, "256 bits of token");
    assert!(cookie.starts_with(&format!("session={token};")), "{cookie}");
    for attribute in ["HttpOnly", "SameSite=Lax", "Path=/"] {
        assert!(cookie.contains(attribute), "{cookie} lacks {attribute}");
    }
}

#[tokio::test]
async fn an_unknown_name_and_a_wrong_password_get_the_same_401() {
    let server = TestServer::start().await;
    server.register("Alice").await;
    let wrong_password = server
        .post(
            "/api/login",
            json!({ "username": "Alice", "password": "not the password" }),
        )
        .await;
    let unknown_user = server
        .post(
            "/api/login",
            json!({ "username": "Nobody", "password": PASSWORD }),
        )
        .await;
    assert_eq!(wrong_password.status(), 401);
    assert_eq!(unknown_user.status(), 401);
    assert_eq!(
        wrong_password.json::<Value>().await.unwrap(),
        unknown_user.json::<Value>().await.unwrap()
    );
}

#[tokio::test]
async fn repeated_failed_logins_answer_429() {
    let server = TestServer::start().await;
    server.register("Alice").await;
    let mut statuses = Vec::new();
    for _ in 0..12 {
        let response = server
            .post(
                "/api/login",
                json!({ "username": "Alice", "password": "guess guess" }),
            )
            .await;
        statuses.push(response.status().as_u16());
    }
    assert!(
        statuses[..10].iter().all(|&status| status == 401),
        "{statuses:?}"
    );
    assert_eq!(statuses[10..], [429, 429]);
    let correct = server
        .post(
            "/api/login",
            json!({ "username": "Alice", "password": PASSWORD }),
        )
        .await;
    assert_eq!(
        correct.status(),
        429,
        "the lock holds even for the right password"
    );
}

#[tokio::test]
async fn logout_answers_204_and_the_token_stops_working() {
    let server = TestServer::start().await;
    let token = server.account("Alice").await;
    let response = reqwest::Client::new()
        .post(server.url("/api/logout"))
        .bearer_auth(&token)
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 204);
    let refused = crate::support::Player::connect(
        &server.url("/"),
        "Alice",
        &token,
        crate::support::Transport::WebSocket,
    )
    .await
    .err()
    .expect("the revoked token is refused");
    assert_eq!(refused, json!({ "message": "unauthorized" }));
}

#[tokio::test]
async fn logout_by_cookie_revokes_the_session() {
    let server = TestServer::start().await;
    let token = server.account("Alice").await;
    let response = reqwest::Client::new()
        .post(server.url("/api/logout"))
        .header("Cookie", format!("session={token}"))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 204);
    assert!(
        response.headers()["set-cookie"]
            .to_str()
            .unwrap()
            .contains("Max-Age=0")
    );
    let refused = crate::support::Player::connect(
        &server.url("/"),
        "Alice",
        &token,
        crate::support::Transport::WebSocket,
    )
    .await;
    assert_eq!(refused.err(), Some(json!({ "message": "unauthorized" })));
}

#[tokio::test]
async fn healthz_reports_status_version_and_connections() {
    let server = TestServer::start().await;
    let _alice = server.player("Alice").await;
    let response = server.get("/healthz").await;
    assert_eq!(response.status(), 200);
    let body: Value = response.json().await.unwrap();
    assert_eq!(body["status"], "ok");
    assert_eq!(body["version"], env!("CARGO_PKG_VERSION"));
    assert_eq!(body["connections"], 1);
    let inputs = body["inputs"].as_u64().expect("the engine's input count");
    assert!(inputs >= 1, "Alice's entering is an input");
    assert!(body["groups"].as_u64().expect("a group count") <= inputs);
    assert!(body["commits"].as_u64().is_some());
}

#[tokio::test]
async fn a_body_that_is_not_json_answers_400_with_an_error() {
    let server = TestServer::start().await;
    for path in ["/api/register", "/api/login"] {
        let response = reqwest::Client::new()
            .post(server.url(path))
            .header("Content-Type", "application/json")
            .body("{not json")
            .send()
            .await
            .unwrap();
        assert_eq!(response.status(), 400, "{path}");
        assert!(response.json::<Value>().await.unwrap()["error"].is_string());
    }
}

#[tokio::test]
async fn a_body_missing_a_field_answers_400() {
    let server = TestServer::start().await;
    let response = server
        .post("/api/register", json!({ "username": "Alice" }))
        .await;
    assert_eq!(response.status(), 400);
    assert!(
        response.json::<Value>().await.unwrap()["error"]
            .as_str()
            .unwrap()
            .contains("password")
    );
}

#[tokio::test]
async fn a_two_megabyte_post_answers_413_and_the_server_keeps_serving() {
    let server = TestServer::start().await;
    let huge = format!(
        "{{\"username\":\"{}\",\"password\":\"x\"}}",
        "a".repeat(2 * 1024 * 1024)
    );
    let response = reqwest::Client::new()
        .post(server.url("/api/register"))
        .header("Content-Type", "application/json")
        .body(huge)
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 413);
    assert!(response.json::<Value>().await.unwrap()["error"].is_string());
    assert_eq!(server.get("/healthz").await.status(), 200);
}

#[tokio::test]
async fn the_world_endpoint_names_the_world() {
    let server = TestServer::start().await;
    let body: Value = server.get("/api/world").await.json().await.unwrap();
    assert_eq!(body["name"], "The Test Keep");
    assert_eq!(body["motd"], "Welcome to the Test Keep.");
}

#[tokio::test]
async fn the_database_never_holds_a_session_token_or_a_password() {
    let server = TestServer::start().await;
    let token = server.account("Alice").await;
    let file = std::fs::read(server.data_dir.join("hearth.redb")).unwrap();
    let contains = |needle: &[u8]| file.windows(needle.len()).any(|window| window == needle);
    assert!(contains(b"Alice"), "the account is in this file");
    assert!(
        !contains(token.as_bytes()),
        "the token is stored only as a digest"
    );
    assert!(
        !contains(PASSWORD.as_bytes()),
        "the password is stored only as a hash"
    );
}

#[tokio::test]
async fn logout_closes_the_connections_opened_with_that_session() {
    let server = TestServer::start().await;
    let token = server.account("Alice").await;
    let mut alice = server
        .connect("Alice", &token, crate::support::Transport::WebSocket)
        .await;
    let mut bob = server.player("Bob").await;
    let response = reqwest::Client::new()
        .post(server.url("/api/logout"))
        .bearer_auth(&token)
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 204);
    alice.closed().await;
    assert_eq!(
        bob.event("disconnect").await["text"],
        "Alice has left the world."
    );
}

#[tokio::test]
async fn the_session_endpoint_names_the_player_of_a_live_session_and_null_otherwise() {
    let server = TestServer::start().await;
    let token = server.account("Alice").await;
    let client = reqwest::Client::new();
    let ask = |request: reqwest::RequestBuilder| async move {
        let response = request.send().await.unwrap();
        assert_eq!(response.status(), 200);
        response.json::<Value>().await.unwrap()["username"].clone()
    };
    let url = server.url("/api/session");
    assert_eq!(
        ask(client
            .get(&url)
            .header("Cookie", format!("session={token}")))
        .await,
        "Alice"
    );
    assert_eq!(ask(client.get(&url).bearer_auth(&token)).await, "Alice");
    assert_eq!(ask(client.get(&url)).await, Value::Null);
    assert_eq!(
        ask(client.get(&url).bearer_auth("forged")).await,
        Value::Null
    );
}

#[tokio::test]
async fn a_login_or_registration_not_declared_as_json_answers_415() {
    let server = TestServer::start().await;
    server.register("Alice").await;
    let body = json!({ "username": "Mallory", "password": PASSWORD }).to_string();
    for (path, content_type) in [
        ("/api/login", Some("text/plain")),
        ("/api/register", Some("application/x-www-form-urlencoded")),
        ("/api/register", None),
    ] {
        let mut request = reqwest::Client::new()
            .post(server.url(path))
            .body(body.clone());
        if let Some(content_type) = content_type {
            request = request.header("Content-Type", content_type);
        }
        let response = request.send().await.unwrap();
        assert_eq!(response.status(), 415, "{path} {content_type:?}");
        assert!(
            response.json::<Value>().await.unwrap()["error"]
                .as_str()
                .unwrap()
                .contains("application/json")
        );
    }
    assert_eq!(
        server.register("Mallory").await.status(),
        201,
        "nothing was created"
    );
}

#[tokio::test]
async fn logout_reads_no_body_and_needs_no_content_type() {
    let server = TestServer::start().await;
    let token = server.account("Alice").await;
    let response = reqwest::Client::new()
        .post(server.url("/api/logout"))
        .bearer_auth(&token)
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 204);
    let session: Value = reqwest::Client::new()
        .get(server.url("/api/session"))
        .bearer_auth(&token)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert!(session["username"].is_null(), "the session ended");
}
