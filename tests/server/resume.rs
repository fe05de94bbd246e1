//! Never missing a line: every message is numbered in its account's
//! sequence, and a client that comes back with the last number it saw is
//! sent what it missed, once, in order.

use serde_json::Value;

use crate::support::{Opening, Player, TestServer};

fn seq(message: &Value) -> u64 {
    message["seq"].as_u64().expect("a seq")
}

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
