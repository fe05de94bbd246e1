//! Telnet and the web in one game: players of both in one room seeing and
//! hearing each other, one account on both at once, things given across,
//! logging out, and a shutdown that answers telnet's commands before its
//! goodbye.

use serde_json::json;

use super::game::{last_gmcp, logged_in, player};
use crate::support::{PATIENCE, TestServer, Transport};

#[tokio::test]
async fn a_web_player_and_a_telnet_player_see_and_hear_each_other() {
    let test = TestServer::start().await;
    let mut web = test.player("Alice").await;
    let mut telnet = player(&test, "Bob").await;
    let entered = web.event("connect").await;
    assert_eq!(entered["from"], "Bob");
    assert!(
        telnet.transcript().text.contains("Alice is here."),
        "Bob's first look shows Alice"
    );
    assert_eq!(
        last_gmcp(&telnet, "Room.Players"),
        Some(json!([{"name": "Alice", "fullname": "Alice"}]))
    );
    let look = web.command_payload("look").await;
    assert_eq!(look["data"]["room"]["players"], json!(["Bob"]));

    web.command("say hello from the web").await;
    telnet.expect("Alice says, \"hello from the web\"").await;
    assert_eq!(
        last_gmcp(&telnet, "Comm.Channel.Text"),
        Some(
            json!({"channel": "say", "talker": "Alice", "text": "Alice says, \"hello from the web\""})
        )
    );
    telnet.line("say hello from telnet").await;
    let said = web.event("say").await;
    assert_eq!(said["from"], "Bob");
    assert_eq!(said["text"], "Bob says, \"hello from telnet\"");

    telnet.line("north").await;
    telnet.expect("Library").await;
    let left = web.event("leave").await;
    assert_eq!(left["from"], "Bob");
    web.command("north").await;
    telnet.expect("Alice arrives from the south.").await;
    telnet.expect("> ").await;
    assert_eq!(
        last_gmcp(&telnet, "Room.AddPlayer"),
        Some(json!({"name": "Alice", "fullname": "Alice"}))
    );
    test.stop().await;
}

#[tokio::test]
async fn one_account_plays_on_the_web_and_over_telnet_at_once() {
    let test = TestServer::start().await;
    let token = test.account("Alice").await;
    let mut web = test.connect("Alice", &token, Transport::WebSocket).await;
    let mut bob = test.player("Bob").await;
    let mut telnet = logged_in(&test, "Alice").await;
    assert_eq!(test.server().hub().connections(), 3);

    telnet.line("say two ways in").await;
    assert_eq!(bob.event("say").await["from"], "Alice");
    bob.assert_no_event_so_far("connect").await;

    telnet.line("take iron key").await;
    telnet.expect("You take the iron key.").await;
    assert!(
        web.command("inventory").await.contains("iron key"),
        "one character, whichever way in"
    );
    web.command("drop iron key").await;
    telnet.line("inventory").await;
    telnet.expect("You are carrying nothing.").await;

    telnet.line("quit").await;
    telnet.expect("Goodbye.").await;
    telnet.closed().await;
    assert!(
        bob.command("who").await.contains("Alice"),
        "still in the game on the web"
    );
    assert!(web.command("look").await.contains("Great Hall"));
    test.stop().await;
}

#[tokio::test]
async fn things_are_given_between_the_web_and_telnet() {
    let test = TestServer::start().await;
    let mut web = test.player("Alice").await;
    let mut telnet = player(&test, "Bob").await;
    web.event("connect").await;

    web.command("take iron key").await;
    assert!(
        web.command("give iron key to bob")
            .await
            .contains("You give the iron key to Bob.")
    );
    telnet.expect("Alice gives you the iron key.").await;
    telnet.line("inventory").await;
    telnet.expect("iron key").await;
    telnet.expect("> ").await;
    assert_eq!(
        last_gmcp(&telnet, "Char.Items.List"),
        Some(json!({"location": "inv", "items": [{"name": "iron key"}]}))
    );

    telnet.line("give iron key to alice").await;
    telnet.expect("You give the iron key to Alice.").await;
    let given = web.event("give").await;
    assert_eq!(given["from"], "Bob");
    assert_eq!(given["text"], "Bob gives you the iron key.");
    assert!(web.command("inventory").await.contains("iron key"));
    test.stop().await;
}

#[tokio::test]
async fn a_logout_closes_the_connections_of_its_session_and_no_others() {
    let test = TestServer::start().await;
    let token = test.account("Alice").await;
    let mut web = test.connect("Alice", &token, Transport::WebSocket).await;
    let mut telnet = logged_in(&test, "Alice").await;

    // Logging out on the web ends the web's session; the telnet connection
    // logged in on its own.
    let response = reqwest::Client::new()
        .post(test.url("/api/logout"))
        .bearer_auth(&token)
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 204);
    web.closed().await;
    telnet.line("say still here").await;
    telnet.expect("You say, \"still here\"").await;

    // Logging out over telnet goes the same way: the session is revoked and
    // the hub closes the connections opened with it.
    telnet.line("logout").await;
    telnet.expect("You logged out.").await;
    telnet.closed().await;
    test.stop().await;
}

#[tokio::test]
async fn at_shutdown_telnet_hears_its_answers_then_the_goodbye_once() {
    let test = TestServer::start().await;
    let mut alice = player(&test, "Alice").await;
    let commands: String = (0..20)
        .map(|n| format!("say nearly done {n}\r\n"))
        .collect();
    alice.send(commands.as_bytes()).await;
    let stopping = tokio::spawn(test.stop());
    alice.closed().await;
    let text = alice.transcript().text.clone();
    assert_eq!(text.matches("shutting down").count(), 1, "{text}");
    let goodbye = text
        .find("The server is shutting down. Your progress is saved")
        .expect("the game's goodbye");
    for n in 0..20 {
        let answer = text
            .find(&format!("You say, \"nearly done {n}\""))
            .unwrap_or_else(|| panic!("command {n} was answered:\n{text}"));
        assert!(answer < goodbye, "answer {n} before the goodbye");
    }
    tokio::time::timeout(PATIENCE, stopping)
        .await
        .expect("the server stops in time")
        .unwrap();
}
