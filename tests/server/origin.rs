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
        assert_eq!(
            attempt.err(),
            Some(refused_handshake()),
            "polling: {polling}"
        );
        let (status, body) = handshake(&server, "http://evil.example", polling).await;
        assert_eq!(status, 403, "polling: {polling}");
        assert_eq!(
            body["error"],
            "requests from http://evil.example are not allowed; \
             the host can allow them with --allow-origin http://evil.example"
        );
    }
}

/// What the Socket.IO client says of a handshake the server answered with
/// an HTTP error (the status is read with [`handshake`]).
fn refused_handshake() -> Value {
    json!({ "transport_error": "EngineIO Error" })
}

/// A Socket.IO handshake from `origin`, as a plain request: its status and body.
async fn handshake(server: &TestServer, origin: &str, polling: bool) -> (u16, Value) {
    let transport = if polling { "polling" } else { "websocket" };
    let response = reqwest::Client::new()
        .get(server.url(&format!("/socket.io/?EIO=4&transport={transport}")))
        .header("Origin", origin)
        .send()
        .await
        .unwrap();
    let status = response.status().as_u16();
    (status, response.json().await.unwrap_or(Value::Null))
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
    assert_eq!(stranger.err(), Some(refused_handshake()));
    let (status, _) = handshake(&server, "http://strangers.example", false).await;
    assert_eq!(status, 403);
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

/// A login posted with `origin` (and `host`, when given) as its headers.
async fn login_from(server: &TestServer, origin: &str, host: Option<&str>) -> u16 {
    let mut request = reqwest::Client::new()
        .post(server.url("/api/login"))
        .header("Origin", origin)
        .json(&json!({ "username": "Alice", "password": PASSWORD }));
    if let Some(host) = host {
        request = request.header("Host", host);
    }
    request.send().await.unwrap().status().as_u16()
}

#[tokio::test]
async fn a_page_whose_name_was_pointed_at_the_server_is_refused() {
    // DNS rebinding: evil.example now resolves to this server, so the
    // browser sends Host and Origin that agree with each other.
    let server = TestServer::start().await;
    server.register("Alice").await;
    let status = login_from(&server, "http://evil.example", Some("evil.example")).await;
    assert_eq!(status, 403);
}

#[tokio::test]
async fn the_scheme_and_port_are_part_of_the_origin() {
    let server = TestServer::start().await;
    server.register("Alice").await;
    let port = server.server().address().port();
    for (origin, expected) in [
        (format!("http://127.0.0.1:{port}"), 200),
        (format!("http://localhost:{port}"), 200),
        (format!("https://127.0.0.1:{port}"), 403),
        (format!("http://127.0.0.1:{}", port.wrapping_add(1)), 403),
    ] {
        assert_eq!(
            login_from(&server, &origin, None).await,
            expected,
            "{origin}"
        );
    }
}

#[tokio::test]
async fn with_a_public_url_that_is_the_servers_origin() {
    let server = TestServer::configured(|config| {
        config.public_urls = vec!["https://mud.example/".to_owned()];
    })
    .await;
    server.register("Alice").await;
    assert_eq!(login_from(&server, "https://mud.example", None).await, 200);
    let own_address = format!("http://{}", server.server().address());
    assert_eq!(login_from(&server, &own_address, None).await, 403);
    assert_eq!(server.server().origins()[0].as_str(), "https://mud.example");
}

/// The CORS headers of `response`, by name, with their values.
fn cors_headers(response: &reqwest::Response) -> Vec<(String, String)> {
    let mut headers: Vec<(String, String)> = response
        .headers()
        .iter()
        .filter(|(name, _)| name.as_str().starts_with("access-control-"))
        .map(|(name, value)| (name.to_string(), value.to_str().unwrap().to_owned()))
        .collect();
    headers.sort();
    headers
}

/// The origin `response` lets read it, if any.
fn allowed_origin(response: &reqwest::Response) -> Option<&str> {
    let allowed = response.headers().get("access-control-allow-origin")?;
    Some(allowed.to_str().unwrap())
}

#[tokio::test]
async fn an_allowed_origin_gets_cors_headers_on_the_api_and_its_preflight_and_others_are_not_named()
{
    const FRIENDS: &str = "http://friends.example:8080";
    let server = TestServer::with_origins(&[FRIENDS]).await;
    server.register("Alice").await;
    let client = reqwest::Client::new();
    let preflight = |origin: &str| {
        client
            .request(reqwest::Method::OPTIONS, server.url("/api/login"))
            .header("Origin", origin)
            .header("Access-Control-Request-Method", "POST")
            .header("Access-Control-Request-Headers", "content-type")
            .send()
    };
    let login = |origin: &str| {
        client
            .post(server.url("/api/login"))
            .header("Origin", origin)
            .json(&json!({ "username": "Alice", "password": PASSWORD }))
            .send()
    };
    let allowed = |origin: &str| {
        (
            String::from("access-control-allow-origin"),
            origin.to_owned(),
        )
    };
    let credentials = (
        String::from("access-control-allow-credentials"),
        String::from("true"),
    );

    let asked = preflight(FRIENDS).await.unwrap();
    assert_eq!(asked.status(), 200);
    assert_eq!(
        cors_headers(&asked),
        [
            credentials.clone(),
            (
                "access-control-allow-headers".into(),
                "content-type,authorization".into()
            ),
            ("access-control-allow-methods".into(), "GET,POST".into()),
            allowed(FRIENDS),
        ]
    );
    let logged_in = login(FRIENDS).await.unwrap();
    assert_eq!(logged_in.status(), 200);
    assert_eq!(
        cors_headers(&logged_in),
        [credentials.clone(), allowed(FRIENDS)]
    );
    let session = client
        .get(server.url("/api/session"))
        .header("Origin", FRIENDS)
        .send()
        .await
        .unwrap();
    assert_eq!(session.status(), 200);
    assert_eq!(cors_headers(&session), [credentials, allowed(FRIENDS)]);

    for stranger in ["http://strangers.example", "http://friends.example:8081"] {
        // Every answer carries the headers that are the same for everyone,
        // but only an allowed origin is named, and a browser needs its name.
        let asked = preflight(stranger).await.unwrap();
        assert_eq!(allowed_origin(&asked), None, "{stranger}'s preflight");
        let refused = login(stranger).await.unwrap();
        assert_eq!(refused.status(), 403, "{stranger}");
        assert_eq!(allowed_origin(&refused), None, "{stranger}'s login");
    }
}
