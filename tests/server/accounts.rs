//! Accounts under abuse, against the real server with the contract's
//! limits: one address registering without end, a guesser hammering one
//! account from elsewhere, names that would pass for the server, one name
//! registered many times at once, and more logins at once than the server
//! can check passwords for.
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

#[tokio::test]
async fn one_name_registered_many_times_at_once_makes_exactly_one_account() {
    let server = TestServer::start().await;
    let spellings = [
        "Racer", "racer", "RACER", "rAcEr", "RaCeR", "raCER", "RACer", "racEr",
    ];
    let password = |attempt: usize| format!("password number {attempt}");
    let server = &server;
    let answers = futures_util::future::join_all(spellings.iter().enumerate().map(
        |(attempt, spelling)| async move {
            // A client each, so every attempt has its own connection.
            let client = reqwest::Client::new();
            let body = credentials(spelling, &password(attempt));
            post(&client, server, "/api/register", body).await
        },
    ))
    .await;

    let created: Vec<usize> = (0..spellings.len())
        .filter(|&attempt| answers[attempt].0 == 201)
        .collect();
    let [winner] = created[..] else {
        panic!("exactly one registration succeeds: {answers:?}");
    };
    assert_eq!(answers[winner].2, json!({ "username": spellings[winner] }));
    for (attempt, (status, _, body)) in answers.iter().enumerate() {
        if attempt != winner {
            assert_eq!(
                (*status, body),
                (409, &json!({ "error": "that name is taken" })),
                "{}",
                spellings[attempt]
            );
        }
    }
    // One account, the winner's: only its password opens it.
    let client = reqwest::Client::new();
    for attempt in 0..spellings.len() {
        let login = credentials("racer", &password(attempt));
        let (status, _, body) = post(&client, server, "/api/login", login).await;
        if attempt == winner {
            assert_eq!(
                (status, &body["username"]),
                (200, &json!(spellings[winner]))
            );
        } else {
            assert_eq!(status, 401, "{body}");
        }
    }
}

#[tokio::test]
async fn logins_beyond_the_password_queue_are_refused_as_busy_with_retry_after() {
    let server = TestServer::configured(|config| {
        config.password_queue = 0;
        config.limits.connections_per_address = 10_000;
    })
    .await;
    // The server checks one password per core at once and, with no queue,
    // refuses any more: a burst of several per core finds them all busy.
    // Each login names another account (none exists; an unknown name costs
    // a check like any other), as one account takes at most ten at once.
    let hashers = std::thread::available_parallelism().map_or(1, usize::from);
    let burst = 4 * hashers + 4;
    let server = &server;
    for round in 0..10 {
        let answers = futures_util::future::join_all((0..burst).map(|n| async move {
            let client = reqwest::Client::new();
            let login = credentials(&format!("Nobody{round}x{n}"), PASSWORD);
            post(&client, server, "/api/login", login).await
        }))
        .await;
        let mut busy = 0;
        for (status, retry_after, body) in &answers {
            match status {
                401 => assert_eq!(body, &json!({ "error": "wrong username or password" })),
                429 => {
                    busy += 1;
                    assert_eq!(*retry_after, Some(1), "try again in a second");
                    assert_eq!(
                        body,
                        &json!({
                            "error":
                                "the server is busy checking other passwords; try again in a moment"
                        })
                    );
                }
                other => panic!("a login answered {other}: {body}"),
            }
        }
        assert!(busy < burst, "the first logins are checked: {answers:?}");
        if busy > 0 {
            return;
        }
    }
    panic!("ten bursts of {burst} logins at once never found every hasher busy");
}
