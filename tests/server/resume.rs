//! Never missing a line: every message is numbered in its account's
//! sequence, and a client that comes back with the last number it saw is
//! sent what it missed, once, in order; a player whose connection drops is
//! link-dead for a grace period nobody in the room sees; every tab of an
//! account is told what the character did; and everyone's list of who is
//! online follows logins and logouts anywhere.

use std::time::{Duration, Instant};

use serde_json::{Value, json};

use crate::support::{Opening, PATIENCE, Player, SHORT_GRACE, TestServer};

fn seq(message: &Value) -> u64 {
    message["seq"].as_u64().expect("a seq")
}

/// What the player in the room can see of another's coming and going.
const COMINGS_AND_GOINGS: [&str; 4] = ["connect", "disconnect", "arrive", "leave"];

/// Opens another connection for an existing account.
async fn reconnect(server: &TestServer, name: &str, token: &str, since: Option<u64>) -> Player {
    let opening = Opening {
        token: Some(token.to_owned()),
        since,
        ..Opening::default()
    };
    Player::open(&server.url("/"), name, opening)
        .await
        .expect("the player connects")
}

#[tokio::test]
async fn every_message_an_account_is_sent_is_numbered_one_after_another() {
    let server = TestServer::start().await;
    let mut alice = server.player("Alice").await;
    let welcomed = seq(&alice.welcome);
    let motd = alice.event("system").await;
    assert_eq!(seq(&motd), welcomed + 1);
    let look = alice.command_payload("look").await;
    assert_eq!(seq(&look), welcomed + 2);
    let mut bob = server.player("Bob").await;
    bob.command("say hi").await;
    assert_eq!(seq(&alice.event("connect").await), welcomed + 3);
    assert_eq!(seq(&alice.event("say").await), welcomed + 4);
}

#[tokio::test]
async fn a_tab_that_comes_back_is_sent_what_the_account_heard_meanwhile() {
    let server = TestServer::start().await;
    let token = server.account("Alice").await;
    let mut staying = reconnect(&server, "Alice", &token, None).await;
    let mut leaving = reconnect(&server, "Alice", &token, None).await;
    let last_seen = seq(&leaving.command_payload("look").await);
    leaving.disconnect().await;

    let mut bob = server.player("Bob").await;
    bob.command("say one").await;
    bob.command("say two").await;
    staying.event("say").await;
    staying.event("say").await;

    let mut back = reconnect(&server, "Alice", &token, Some(last_seen)).await;
    let first = back.event("say").await;
    let second = back.event("say").await;
    assert_eq!(first["text"], "Bob says, \"one\"");
    assert_eq!(second["text"], "Bob says, \"two\"");
    assert_eq!(first["replayed"], true);
    assert!(seq(&second) > seq(&first));
    bob.command("say three").await;
    let live = back.event("say").await;
    assert_eq!(live["text"], "Bob says, \"three\"");
    assert!(live.get("replayed").is_none(), "{live}");
}

#[tokio::test]
async fn a_client_whose_missed_lines_are_gone_is_told_of_the_gap_first() {
    let server = TestServer::start().await;
    let token = server.account("Alice").await;
    let first = reconnect(&server, "Alice", &token, None).await;
    first.disconnect().await;
    let mut back = reconnect(&server, "Alice", &token, Some(1)).await;
    let notice = back.event("system").await;
    assert_eq!(notice["gap"], true, "{notice}");
}

/// Asks `who` until `name` is listed as link-dead: the server has seen the
/// connection drop. Each answer reflects everything applied before it.
async fn until_link_dead(watcher: &mut Player, name: &str) {
    let marked = format!("{name} (link-dead)");
    let deadline = Instant::now() + PATIENCE;
    while !watcher.command("who").await.contains(&marked) {
        assert!(Instant::now() < deadline, "{name} never went link-dead");
    }
}

/// The `say` events of `received`, as (text, replayed).
fn says(received: &[Value]) -> Vec<(String, bool)> {
    received
        .iter()
        .filter(|event| event["type"] == "say")
        .map(|event| {
            let text = event["text"].as_str().unwrap_or_default().to_owned();
            (text, event["replayed"] == true)
        })
        .collect()
}

#[tokio::test]
async fn a_dropped_player_who_comes_back_within_the_grace_misses_nothing_and_nobody_sees_it() {
    let server = TestServer::start().await;
    let token = server.account("Alice").await;
    let mut alice = reconnect(&server, "Alice", &token, None).await;
    let mut bob = server.player("Bob").await;
    let last_seen = seq(&alice.event("connect").await);
    alice.disconnect().await;
    until_link_dead(&mut bob, "Alice").await;
    assert!(
        bob.command("look").await.contains("Alice is here."),
        "a link-dead character stays where it was"
    );

    bob.command("say one").await;
    bob.command("say two").await;
    let mut back = reconnect(&server, "Alice", &token, Some(last_seen)).await;
    // The answer to a command comes after everything replayed.
    back.command("look").await;
    let received: Vec<Value> = back
        .passed_over()
        .filter(|received| received.event == "event")
        .map(|received| received.data.clone())
        .collect();
    assert_eq!(
        says(&received),
        [
            ("Bob says, \"one\"".to_owned(), true),
            ("Bob says, \"two\"".to_owned(), true)
        ],
        "once each, in order: {received:?}"
    );
    assert!(!received.iter().any(|event| event["gap"] == true));

    back.command("say back again").await;
    bob.event("say").await;
    let seen: Vec<&Value> = bob
        .passed_over()
        .map(|received| &received.data)
        .filter(|event| {
            COMINGS_AND_GOINGS.iter().any(|kind| event["type"] == *kind) && event["from"] == "Alice"
        })
        .collect();
    assert!(seen.is_empty(), "Bob saw Alice come or go: {seen:?}");
    assert_eq!(
        bob.command("who").await,
        "2 players are online: Alice and Bob."
    );
}

#[tokio::test]
async fn after_the_grace_the_room_hears_the_dropped_player_leave_the_world() {
    let server = TestServer::with_link_dead_grace(SHORT_GRACE).await;
    let token = server.account("Alice").await;
    let alice = reconnect(&server, "Alice", &token, None).await;
    let mut bob = server.player("Bob").await;
    let dropped = Instant::now();
    alice.disconnect().await;
    let gone = bob.event("disconnect").await;
    assert_eq!(gone["text"], "Alice has left the world.");
    assert!(dropped.elapsed() >= SHORT_GRACE, "not before the grace");
    assert_eq!(
        bob.command("who").await,
        "You are the only one playing right now."
    );
    assert!(!bob.command("look").await.contains("Alice"));
}

#[tokio::test]
async fn logging_out_leaves_the_world_at_once() {
    let server = TestServer::start().await;
    let token = server.account("Alice").await;
    let mut alice = reconnect(&server, "Alice", &token, None).await;
    let mut bob = server.player("Bob").await;
    let answer = reqwest::Client::new()
        .post(server.url("/api/logout"))
        .bearer_auth(&token)
        .send()
        .await
        .unwrap();
    assert_eq!(answer.status(), 204);
    alice.closed().await;
    // Told at once, well within the 30 s grace a dropped connection gets.
    assert_eq!(
        bob.event("disconnect").await["text"],
        "Alice has left the world."
    );
}

#[tokio::test]
async fn a_player_link_dead_when_the_server_stops_is_offline_after_the_restart() {
    let mut server = TestServer::start().await;
    let alice_token = server.account("Alice").await;
    let bob_token = server.account("Bob").await;
    let alice = reconnect(&server, "Alice", &alice_token, None).await;
    let mut bob = reconnect(&server, "Bob", &bob_token, None).await;
    alice.disconnect().await;
    until_link_dead(&mut bob, "Alice").await;
    server.restart().await;
    let mut bob = reconnect(&server, "Bob", &bob_token, None).await;
    assert_eq!(
        bob.command("who").await,
        "You are the only one playing right now."
    );
}

#[tokio::test]
async fn every_tab_is_told_what_another_did_with_the_same_data() {
    let server = TestServer::start().await;
    let token = server.account("Alice").await;
    let mut typing = reconnect(&server, "Alice", &token, None).await;
    let mut other = reconnect(&server, "Alice", &token, None).await;

    let moved = typing.command_payload("north").await;
    let told = other.event("self").await;
    assert_eq!(told["text"], moved["response"]);
    assert_eq!(told["data"], moved["data"]);
    assert_eq!(told["data"]["room"]["name"], "Library");
    assert_eq!(
        seq(&told),
        seq(&moved) + 1,
        "numbered in the account's sequence"
    );

    let took = typing.command_payload("take brass lamp").await;
    let told = other.event("self").await;
    assert_eq!(told["text"], "You take the brass lamp.");
    assert_eq!(told["data"], took["data"]);
    assert_eq!(told["data"]["room"]["items"], json!([]));

    // A gift reaches every tab of the receiver, with what it now carries.
    let mut bob = server.player("Bob").await;
    bob.command("north").await;
    typing.command("give brass lamp to bob").await;
    let gift = bob.event("self").await;
    assert_eq!(gift["data"], json!({ "inventory": ["brass lamp"] }));
    let given = other.event("self").await;
    assert_eq!(given["text"], "You give the brass lamp to Bob.");
    assert_eq!(given["data"], json!({ "inventory": [] }));

    // The tab that typed is not told twice, even when it comes back.
    let look = typing.command_payload("look").await;
    assert!(
        !typing
            .passed_over()
            .any(|received| received.data["type"] == "self")
    );
    typing.disconnect().await;
    let mut back = reconnect(&server, "Alice", &token, Some(seq(&moved) - 1)).await;
    back.command("who").await;
    let replayed: Vec<&Value> = back.passed_over().map(|received| &received.data).collect();
    assert!(
        !replayed.iter().any(|message| message["type"] == "self"),
        "the replayed answers say it already: {replayed:?}"
    );
    assert!(
        replayed
            .iter()
            .any(|message| message["seq"] == look["seq"] && message["replayed"] == true)
    );
}

/// The next `presence` message of `watcher` naming `name` in `list`.
async fn presence_naming(watcher: &mut Player, list: &str, name: &str) -> Value {
    for _ in 0..100 {
        let presence = watcher.next("presence").await;
        if presence[list]
            .as_array()
            .is_some_and(|names| names.contains(&json!(name)))
        {
            return presence;
        }
    }
    panic!("{name} never appeared in {list}");
}

#[tokio::test]
async fn a_login_and_a_logout_anywhere_reach_everyones_online_list_within_two_seconds() {
    let server = TestServer::start().await;
    let mut watcher = server.player("Watcher").await;
    watcher.command("north").await;

    let started = Instant::now();
    let token = server.account("Newcomer").await;
    let newcomer = reconnect(&server, "Newcomer", &token, None).await;
    let came = presence_naming(&mut watcher, "online", "Newcomer").await;
    assert!(
        started.elapsed() < Duration::from_secs(2),
        "{:?}",
        started.elapsed()
    );
    assert!(
        came.get("seq").is_none(),
        "presence is not numbered: {came}"
    );

    let started = Instant::now();
    let answer = reqwest::Client::new()
        .post(server.url("/api/logout"))
        .bearer_auth(&token)
        .send()
        .await
        .unwrap();
    assert_eq!(answer.status(), 204);
    presence_naming(&mut watcher, "offline", "Newcomer").await;
    assert!(
        started.elapsed() < Duration::from_secs(2),
        "{:?}",
        started.elapsed()
    );
    drop(newcomer);
}

#[tokio::test]
async fn a_crowd_logging_in_costs_each_connection_at_most_one_presence_message_a_second() {
    let server = TestServer::start().await;
    let mut watcher = server.player("Watcher").await;
    let tokens: Vec<(String, String)> = futures_util::future::join_all((0..6).map(|n| {
        let name = format!("Crowd{n}");
        let server = &server;
        async move { (name.clone(), server.account(&name).await) }
    }))
    .await;
    let mut crowd = Vec::new();
    for (name, token) in &tokens {
        crowd.push(reconnect(&server, name, token, None).await);
    }
    let mut heard = Vec::new();
    let mut arrivals = Vec::new();
    while heard.len() < tokens.len() {
        let received = watcher.next_received("presence").await;
        arrivals.push(received.at);
        let presence = received.data;
        heard.extend(
            presence["online"]
                .as_array()
                .into_iter()
                .flatten()
                .filter_map(|name| name.as_str().map(str::to_owned))
                .filter(|name| name != "Watcher"),
        );
    }
    heard.sort();
    let mut expected: Vec<String> = tokens.iter().map(|(name, _)| name.clone()).collect();
    expected.sort();
    assert_eq!(heard, expected, "each once");
    for pair in arrivals.windows(2) {
        // A little less than a second: the client reads the messages a
        // moment after they are sent.
        assert!(
            pair[1] - pair[0] >= Duration::from_millis(900),
            "two presence messages within a second: {arrivals:?}"
        );
    }
}
