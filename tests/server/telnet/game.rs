//! Playing over telnet against the real server: rooms as coloured text and
//! GMCP, prompts after each burst, speech and channels as lines and
//! `Comm.Channel.Text`, who is in the room as `Room.Players` and its
//! updates, NPCs among the room's items, `quit` ending the session, a flood
//! of commands answered in order, and a player who stops reading dropped
//! without harm to the others.

use serde_json::{Value, json};

use crate::support::telnet::*;
use crate::support::{PASSWORD, TestServer};

/// A client that takes GMCP and EOR, logged in as `name` (registered on
/// the web first) and shown its first room.
pub async fn player(test: &TestServer, name: &str) -> TelnetClient {
    assert_eq!(
        test.register(name).await.status(),
        201,
        "registering {name}"
    );
    logged_in(test, name).await
}

/// A client that takes GMCP and EOR, logged in as the existing `name`.
pub async fn logged_in(test: &TestServer, name: &str) -> TelnetClient {
    let mut client = TelnetClient::connect(test.telnet()).await;
    client.respond(&[GMCP, EOR]).await;
    client.expect("Name: ").await;
    client.log_in(name, PASSWORD).await;
    client.expect("Exits: north, gate.").await;
    client.expect("> ").await;
    client
}

/// The last GMCP message of `package` so far, as JSON.
pub fn last_gmcp(client: &TelnetClient, package: &str) -> Option<Value> {
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
    let test = TestServer::start().await;
    let mut alice = player(&test, "Alice").await;
    let entered = alice.transcript().text.clone();
    let welcome = entered.find("Welcome back, Alice.").unwrap();
    let motd = entered.rfind("Welcome to the Test Keep.").unwrap();
    let room = entered.find("Great Hall\r\nA long hall").unwrap();
    assert!(
        welcome < motd && motd < room,
        "the message of the day, then the room:\n{entered}"
    );
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
    assert!(
        alice.raw().windows(4).any(|window| window == b"> \xff\xef"),
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
    // The server never echoes: the word comes back only in the answer.
    alice.line("frobnicate").await;
    alice.expect("frobnicate").await;
    alice.expect("> ").await;
    test.stop().await;
}

#[tokio::test]
async fn speech_and_channels_arrive_as_lines_and_comm_channel_text() {
    let test = TestServer::start().await;
    let mut alice = player(&test, "Alice").await;
    let mut bob = player(&test, "Bob").await;
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
    test.stop().await;
}

#[tokio::test]
async fn npcs_are_in_the_room_text_and_among_its_gmcp_items() {
    let test = TestServer::start_builtin().await;
    assert_eq!(test.register("Alice").await.status(), 201);
    let mut alice = TelnetClient::connect(test.telnet()).await;
    alice.respond(&[GMCP]).await;
    alice.expect("Name: ").await;
    alice.log_in("Alice", PASSWORD).await;
    alice.expect("Emberwick Square").await;
    alice.expect("> ").await;
    alice.line("south").await;
    alice.expect("Tobias is here.").await;
    alice.expect("Come in out of the wind, Alice.").await;
    alice.expect("> ").await;
    assert_eq!(last_gmcp(&alice, "Room.Info").unwrap()["id"], "inn");
    let items = last_gmcp(&alice, "Char.Items.List").expect("the room's items");
    assert!(
        items["items"]
            .as_array()
            .unwrap()
            .contains(&json!({"name": "Tobias", "attrib": "m"})),
        "{items}"
    );
    let greeting = last_gmcp(&alice, "Comm.Channel.Text").expect("the greeting");
    assert_eq!(greeting["channel"], "say");
    assert_eq!(greeting["talker"], "Tobias");
    test.stop().await;
}

#[tokio::test]
async fn quit_answers_what_came_before_then_ends_the_session() {
    let test = TestServer::start().await;
    let mut alice = player(&test, "Alice").await;
    let mut bob = player(&test, "Bob").await;
    alice.expect("Bob has entered the world.").await;
    assert_eq!(test.server().hub().connections(), 2);
    // Typed in one go: the answers to the first two come before the goodbye.
    bob.send(b"say one\r\nsay two\r\nquit\r\n").await;
    let ending = bob.expect("Goodbye.").await;
    assert!(
        ending.contains("You say, \"one\"") && ending.contains("You say, \"two\""),
        "{ending}"
    );
    bob.closed().await;
    assert_eq!(
        test.server().hub().connections(),
        1,
        "Bob's connection left the hub before it closed"
    );
    alice.expect("Bob says, \"two\"").await;
    test.stop().await;
}

#[tokio::test]
async fn a_pasted_flood_of_commands_is_answered_once_each_in_order() {
    let test = TestServer::start().await;
    let mut alice = player(&test, "Alice").await;
    let commands: String = (0..300).map(|n| format!("say line {n}\r\n")).collect();
    alice.send(commands.as_bytes()).await;
    alice.expect("You say, \"line 299\"").await;
    let transcript = alice.transcript();
    transcript.assert_each_once_in_order((0..300).map(|n| format!("You say, \"line {n}\"")));
    assert!(
        !transcript.text.contains("Too many commands"),
        "a telnet client is read more slowly, not refused"
    );
    test.stop().await;
}

#[tokio::test]
async fn a_player_who_stops_reading_is_dropped_and_the_room_plays_on() {
    let test = TestServer::start().await;
    let mut alice = player(&test, "Alice").await;
    assert_eq!(test.register("Bob").await.status(), 201);
    // Bob logs in with a small receive window, then never reads again.
    let mut bob = TelnetClient::connect_small_window(test.telnet()).await;
    bob.refuse_offers().await;
    bob.expect("Name: ").await;
    bob.log_in("Bob", PASSWORD).await;
    alice.expect("Bob has entered the world.").await;
    let words = "words ".repeat(60);
    for batch in 0..200 {
        if test.server().hub().connections() == 1 {
            break;
        }
        let speech: String = (0..50)
            .map(|line| format!("say {batch} {line} {words}\r\n"))
            .collect();
        alice.send(speech.as_bytes()).await;
        alice.expect(&format!("You say, \"{batch} 49 ")).await;
    }
    assert_eq!(test.server().hub().connections(), 1, "Bob was dropped");
    bob.closed().await;
    alice.line("say still here").await;
    alice.expect("You say, \"still here\"").await;
    test.stop().await;
}
