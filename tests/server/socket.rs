//! Socket.IO: connecting, commands and what others see.

use std::time::Duration;

use hearth::transport::game_link::MAX_IN_FLIGHT;
use serde_json::{Value, json};

use crate::support::raw_socket::RawPoller;
use crate::support::{Opening, Player, SHORT_GRACE, TestServer, Transport};

#[tokio::test]
async fn a_connected_player_is_welcomed_with_name_and_location() {
    let server = TestServer::start().await;
    let alice = server.player("Alice").await;
    assert_eq!(alice.welcome["username"], "Alice");
    assert_eq!(alice.welcome["location"], "hall");
    assert_eq!(alice.welcome["world"], "The Test Keep");
}

#[tokio::test]
async fn say_reaches_others_in_the_room_but_not_the_speaker() {
    let server = TestServer::start().await;
    let mut alice = server.player("Alice").await;
    let mut bob = server.player("Bob").await;

    assert_eq!(
        alice.command("say hello there").await,
        "You say, \"hello there\""
    );

    let heard = bob.event("say").await;
    assert_eq!(heard["text"], "Alice says, \"hello there\"");
    assert_eq!(heard["from"], "Alice");
    alice.assert_no_event_so_far("say").await;
}

#[tokio::test]
async fn a_connection_without_a_token_is_refused_as_unauthorized() {
    let server = TestServer::start().await;
    let refused = Player::open(&server.url("/"), "anonymous", Opening::default())
        .await
        .err()
        .expect("refused");
    assert_eq!(refused, json!({ "message": "unauthorized" }));
}

#[tokio::test]
async fn a_connection_with_a_made_up_token_is_refused_as_unauthorized() {
    let server = TestServer::start().await;
    let opening = Opening {
        token: Some("not-a-real-token".to_owned()),
        ..Opening::default()
    };
    let refused = Player::open(&server.url("/"), "forger", opening)
        .await
        .err()
        .expect("refused");
    assert_eq!(refused, json!({ "message": "unauthorized" }));
}

#[tokio::test]
async fn the_session_cookie_authenticates_a_connection() {
    let server = TestServer::start().await;
    let token = server.account("Alice").await;
    let opening = Opening {
        cookie: Some(format!("theme=dark; session={token}")),
        ..Opening::default()
    };
    let alice = Player::open(&server.url("/"), "Alice", opening)
        .await
        .expect("the cookie is accepted");
    assert_eq!(alice.welcome["username"], "Alice");
}

#[tokio::test]
async fn long_polling_carries_commands_and_events_like_websocket() {
    let server = TestServer::start().await;
    let token = server.account("Alice").await;
    let mut alice = server.connect("Alice", &token, Transport::Polling).await;
    let mut bob = server.player("Bob").await;

    assert!(alice.command("look").await.starts_with("Great Hall"));
    bob.command("say over the wire").await;
    assert_eq!(
        alice.event("say").await["text"],
        "Bob says, \"over the wire\""
    );
}

#[tokio::test]
async fn a_command_asking_for_an_ack_gets_the_response_in_the_ack() {
    let server = TestServer::start().await;
    let mut alice = server.player("Alice").await;
    let ack = alice.command_with_ack("say by ack").await;
    assert_eq!(ack["command"], "say by ack");
    assert_eq!(ack["response"], "You say, \"by ack\"");
}

#[tokio::test]
async fn commands_are_answered_in_the_order_sent() {
    let server = TestServer::start().await;
    let mut alice = server.player("Alice").await;
    // As many as may wait for answers at once, then one more as each is
    // answered: always a full window, never beyond it.
    let say = |n: usize| json!({ "command": format!("say {n}") });
    for n in 0..MAX_IN_FLIGHT {
        alice.emit("command", say(n)).await;
    }
    for n in 0..100 {
        let answer = alice.next("command_response").await;
        assert_eq!(answer["command"], format!("say {n}"));
        if n + MAX_IN_FLIGHT < 100 {
            alice.emit("command", say(n + MAX_IN_FLIGHT)).await;
        }
    }
}

#[tokio::test]
async fn commands_beyond_64_waiting_for_their_answers_are_refused_and_the_rest_answered() {
    let server = TestServer::start().await;
    let token = server.account("Alice").await;
    let alice = RawPoller::connect(server.server().address(), &token).await;
    // A hundred commands in one long-polling post: the server takes them
    // all from it before the game can answer any.
    let flood: Vec<String> = (0..100)
        .map(|n| {
            format!(
                "42{}",
                json!(["command", { "command": format!("say {n}") }])
            )
        })
        .collect();
    assert!(alice.send(flood.join("\u{1e}")).await, "the post is taken");

    let (mut answered, mut refused) = (Vec::new(), Vec::new());
    for _ in 0..100 {
        if answered.len() + refused.len() == 100 {
            break;
        }
        for packet in alice.poll().await.expect("the session lasts") {
            let Some(event) = packet.strip_prefix("42") else {
                continue;
            };
            let event: Value = serde_json::from_str(event).unwrap();
            match event[0].as_str() {
                Some("command_response") => answered.push(event[1]["command"].clone()),
                Some("error") => refused.push(event[1]["error"].clone()),
                _ => {}
            }
        }
    }
    let first: Vec<Value> = (0..MAX_IN_FLIGHT)
        .map(|n| json!(format!("say {n}")))
        .collect();
    assert_eq!(answered, first, "the first 64 are answered, in order");
    assert_eq!(
        refused,
        vec![
            json!("Too many commands at once; wait for the answers to catch up.");
            100 - MAX_IN_FLIGHT
        ],
        "each of the rest is refused"
    );
}

#[tokio::test]
async fn joining_a_channel_tells_everyone_in_it() {
    let server = TestServer::start().await;
    let mut alice = server.player("Alice").await;
    let mut bob = server.player("Bob").await;
    alice.emit("join", json!({ "room": "ooc" })).await;
    assert_eq!(alice.next("status").await["msg"], "Alice joined ooc.");
    bob.emit("join", json!({ "room": "ooc" })).await;
    assert_eq!(alice.next("status").await["msg"], "Bob joined ooc.");
    assert_eq!(bob.next("status").await["msg"], "Bob joined ooc.");

    bob.command("chat ooc anyone here?").await;
    assert_eq!(
        alice.event("channel").await["text"],
        "[ooc] Bob: anyone here?"
    );
}

#[tokio::test]
async fn leaving_a_channel_tells_those_left_and_stops_its_messages() {
    let server = TestServer::start().await;
    let mut alice = server.player("Alice").await;
    let mut bob = server.player("Bob").await;
    for player in [&mut alice, &mut bob] {
        player.emit("join", json!({ "room": "ooc" })).await;
    }
    alice.next("status").await;
    alice.next("status").await;
    bob.next("status").await;

    bob.emit("leave", json!({ "room": "ooc" })).await;
    assert_eq!(alice.next("status").await["msg"], "Bob left ooc.");
    assert_eq!(bob.next("status").await["msg"], "Bob left ooc.");
    alice.command("chat ooc still there?").await;
    bob.assert_no_event_so_far("channel").await;
}

#[tokio::test]
async fn malformed_events_get_an_error_and_the_connection_stays() {
    let server = TestServer::start().await;
    let mut alice = server.player("Alice").await;
    let malformed = [
        ("command", json!({})),
        ("command", json!({ "command": 42 })),
        ("command", json!("look")),
        (
            "command",
            json!({ "command": "say ".to_owned() + &"x".repeat(1200) }),
        ),
        ("join", json!({ "channel": "ooc" })),
        ("join", json!({ "room": "not a valid name!" })),
        ("dance", json!({ "steps": 3 })),
    ];
    for (event, data) in malformed {
        alice.emit(event, data.clone()).await;
        let error = alice.next("error").await;
        assert!(
            error["error"].as_str().is_some_and(|text| !text.is_empty()),
            "{event} {data}: {error}"
        );
    }
    assert!(
        alice.command("look").await.starts_with("Great Hall"),
        "still connected and playing"
    );
}

#[tokio::test]
async fn binary_attachments_are_refused_with_an_error() {
    let server = TestServer::start().await;
    let mut alice = server.player("Alice").await;
    alice.emit_binary("command", vec![1, 2, 3]).await;
    assert!(alice.next("error").await["error"].is_string());
    assert!(alice.command("look").await.starts_with("Great Hall"));
}

#[tokio::test]
async fn two_tabs_share_one_character_and_announce_it_once() {
    let server = TestServer::with_link_dead_grace(SHORT_GRACE).await;
    let mut bob = server.player("Bob").await;
    let token = server.account("Alice").await;
    let mut first_tab = server.connect("Alice", &token, Transport::WebSocket).await;
    assert_eq!(
        bob.event("connect").await["text"],
        "Alice has entered the world."
    );
    let mut second_tab = server.connect("Alice", &token, Transport::WebSocket).await;
    bob.assert_no_event_so_far("connect").await;

    first_tab.command("north").await;
    bob.command("north").await;
    let arrival = bob.event("say");
    second_tab.command("say both tabs moved").await;
    assert_eq!(arrival.await["text"], "Alice says, \"both tabs moved\"");
    let _ = second_tab.event("arrive").await;

    first_tab.disconnect().await;
    server.until_connections(2).await;
    bob.assert_no_event_so_far("disconnect").await;
    second_tab.disconnect().await;
    assert_eq!(
        bob.event("disconnect").await["text"],
        "Alice has left the world."
    );
}

#[tokio::test]
async fn an_oversized_message_closes_only_that_connection() {
    let server = TestServer::start().await;
    let mut alice = server.player("Alice").await;
    let mut bob = server.player("Bob").await;
    alice
        .emit("command", json!({ "command": "x".repeat(64 * 1024) }))
        .await;
    alice.closed().await;
    assert!(bob.command("look").await.starts_with("Great Hall"));
    assert_eq!(server.get("/healthz").await.status(), 200);
}

#[tokio::test]
async fn connections_that_come_and_go_quickly_leave_no_ghost_behind() {
    let server = TestServer::with_link_dead_grace(SHORT_GRACE).await;
    let token = server.account("Alice").await;
    let mut bob = server.player("Bob").await;
    for round in 0..20 {
        let transport = if round % 2 == 0 {
            Transport::WebSocket
        } else {
            Transport::Polling
        };
        server
            .connect("Alice", &token, transport)
            .await
            .disconnect()
            .await;
    }
    let deadline = tokio::time::Instant::now() + crate::support::PATIENCE;
    loop {
        let who = bob.command_payload("who").await;
        if who["data"]["players"] == json!(["Bob"]) {
            break;
        }
        assert!(
            tokio::time::Instant::now() < deadline,
            "Alice is still online: {who}"
        );
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    let health: serde_json::Value = server.get("/healthz").await.json().await.unwrap();
    assert_eq!(health["connections"], 1);
}
