//! Playing over telnet, with the game's real rules behind the gateway
//! ([`super::direct`]): rooms as coloured text and GMCP, prompts after each
//! burst, speech and channels as lines and `Comm.Channel.Text`, who is in
//! the room as `Room.Players` and its updates, `quit`
//! taking the character out, a flood of commands answered in order, and a
//! player who stops reading dropped without harm to the others.

use std::time::Duration;

use hearth::transport::telnet::Timeouts;
use serde_json::{Value, json};

use super::direct::{DirectServer, no_idle};
use crate::support::PASSWORD;
use crate::support::telnet::*;

/// A client that takes GMCP and EOR, logged in as `name`.
async fn player(server: &DirectServer, name: &str) -> TelnetClient {
    let mut client = TelnetClient::connect(server.address()).await;
    client.respond(&[GMCP, EOR]).await;
    client.expect("Name: ").await;
    client.log_in(name, PASSWORD).await;
    client.expect("Exits: north, gate.").await;
    client
}

/// The last GMCP message of `package` so far, as JSON.
fn last_gmcp(client: &TelnetClient, package: &str) -> Option<Value> {
    client
        .transcript()
        .gmcp()
        .into_iter()
        .rev()
        .find(|(name, _)| name == package)
        .map(|(_, json)| serde_json::from_str(&json).expect("GMCP carries JSON"))
}

#[tokio::test]
async fn logging_in_enters_the_game_with_a_look_and_the_mappers_gmcp() {
    let server = DirectServer::start(no_idle()).await;
    server.account("Alice").await;
    let mut alice = player(&server, "Alice").await;
    alice
        .until("the prompt after the room", |transcript| {
            transcript.text.ends_with("> ")
        })
        .await;
    assert_eq!(
        last_gmcp(&alice, "Char.Name"),
        Some(json!({"name": "Alice", "fullname": "Alice"}))
    );
    assert_eq!(
        last_gmcp(&alice, "Room.Info"),
        Some(json!({
            "id": "hall",
            "name": "Great Hall",
            "exits": {"north": "library", "gate": "garden"}
        }))
    );
    let items = last_gmcp(&alice, "Char.Items.List").expect("the room's items");
    assert_eq!(items["location"], "room");
    assert!(
        items["items"]
            .as_array()
            .unwrap()
            .contains(&json!({"name": "iron key"})),
        "{items}"
    );
    let raw = alice.raw();
    assert!(
        raw.windows(4).any(|window| window == b"> \xff\xef"),
        "the prompt ends with IAC EOR once EOR is accepted"
    );

    alice.line("north").await;
    alice.expect("Exits: south.").await;
    assert_eq!(
        last_gmcp(&alice, "Room.Info"),
        Some(json!({"id": "library", "name": "Library", "exits": {"south": "hall"}}))
    );
    alice.line("take lamp").await;
    alice.expect("You take the brass lamp.").await;
    alice.line("inventory").await;
    alice
        .expect("You are carrying:\r\n  a brass lamp\r\n")
        .await;
    assert_eq!(
        last_gmcp(&alice, "Char.Items.List"),
        Some(json!({"location": "inv", "items": [{"name": "brass lamp"}]}))
    );
    server.stop().await;
}

#[tokio::test]
async fn speech_and_channels_arrive_as_lines_and_comm_channel_text() {
    let server = DirectServer::start(no_idle()).await;
    server.account("Alice").await;
    server.account("Bob").await;
    let mut alice = player(&server, "Alice").await;
    let mut bob = player(&server, "Bob").await;
    alice.expect("Bob has entered the world.").await;
    alice.expect("> ").await;
    assert_eq!(
        last_gmcp(&alice, "Room.AddPlayer"),
        Some(json!({"name": "Bob", "fullname": "Bob"}))
    );
    assert_eq!(
        last_gmcp(&bob, "Room.Players"),
        Some(json!([{"name": "Alice", "fullname": "Alice"}]))
    );

    bob.line("say hello there").await;
    bob.expect("You say").await;
    let said = alice.expect("Bob says, \"hello there\"").await;
    assert!(
        said.starts_with("\r\n"),
        "a fresh line after the prompt: {said:?}"
    );
    alice.expect("> ").await;
    assert_eq!(
        last_gmcp(&alice, "Comm.Channel.Text"),
        Some(json!({"channel": "say", "talker": "Bob", "text": "Bob says, \"hello there\""}))
    );

    for client in [&mut alice, &mut bob] {
        client.line("join ooc").await;
        client.expect("> ").await;
    }
    bob.line("chat ooc anyone about?").await;
    alice.expect("[ooc] Bob: anyone about?").await;
    alice.expect("> ").await;
    assert_eq!(
        last_gmcp(&alice, "Comm.Channel.Text"),
        Some(json!({"channel": "ooc", "talker": "Bob", "text": "[ooc] Bob: anyone about?"}))
    );
    server.stop().await;
}

#[tokio::test]
async fn quit_takes_the_character_out_of_the_game() {
    let server = DirectServer::start(no_idle()).await;
    server.account("Alice").await;
    server.account("Bob").await;
    let mut alice = player(&server, "Alice").await;
    let mut bob = player(&server, "Bob").await;
    alice.expect("Bob has entered the world.").await;
    bob.line("quit").await;
    bob.expect("Goodbye.").await;
    bob.closed().await;
    alice.expect("Bob has left the world.").await;
    assert_eq!(last_gmcp(&alice, "Room.RemovePlayer"), Some(json!("Bob")));
    alice.line("who").await;
    let who = alice.expect("> ").await;
    assert!(!who.contains("Bob"), "{who}");
    server.stop().await;
}

#[tokio::test]
async fn a_pasted_flood_of_commands_is_answered_in_order() {
    let server = DirectServer::start(no_idle()).await;
    server.account("Alice").await;
    let mut alice = player(&server, "Alice").await;
    let commands: String = (0..300).map(|n| format!("say line {n}\r\n")).collect();
    alice.send(commands.as_bytes()).await;
    alice.expect("You say, \"line 299\"").await;
    let text = alice.transcript().text.clone();
    let positions: Vec<usize> = (0..300)
        .map(|n| {
            text.find(&format!("\"line {n}\""))
                .expect("every command answered")
        })
        .collect();
    assert!(
        positions.windows(2).all(|pair| pair[0] < pair[1]),
        "in order"
    );
    server.stop().await;
}

#[tokio::test]
async fn a_player_who_stops_reading_is_dropped_and_the_room_plays_on() {
    let server = DirectServer::start(no_idle()).await;
    server.account("Alice").await;
    server.account("Bob").await;
    let mut alice = player(&server, "Alice").await;
    // Bob logs in with a small receive window, then never reads again.
    let mut bob = TelnetClient::connect_small_window(server.address()).await;
    bob.refuse_offers().await;
    bob.expect("Name: ").await;
    bob.log_in("Bob", PASSWORD).await;
    alice.expect("Bob has entered the world.").await;
    let words = "words ".repeat(60);
    const LEFT: &str = "Bob has left the world.";
    let mut checked = 0;
    for batch in 0..200 {
        let text = &alice.transcript().text;
        if text[checked..].contains(LEFT) {
            break;
        }
        checked = text.floor_char_boundary(text.len().saturating_sub(LEFT.len()));
        let speech: String = (0..50)
            .map(|line| format!("say {batch} {line} {words}\r\n"))
            .collect();
        alice.send(speech.as_bytes()).await;
        alice.expect(&format!("You say, \"{batch} 49 ")).await;
    }
    alice.expect(LEFT).await;
    bob.closed().await;
    alice.line("say still here").await;
    alice.expect("You say, \"still here\"").await;
    server.stop().await;
}

#[tokio::test]
async fn a_connection_idle_at_the_login_prompt_is_closed() {
    let server = DirectServer::start(Timeouts {
        login: Duration::from_millis(300),
        playing: None,
    })
    .await;
    let mut client = TelnetClient::plain(server.address()).await;
    client.expect("You were idle too long; goodbye.").await;
    client.closed().await;
    server.stop().await;
}
