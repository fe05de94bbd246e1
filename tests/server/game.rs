//! The game over Socket.IO with several players: exploring, talking, trading
//! and seeing each other move.

use serde_json::json;

use crate::support::{SHORT_GRACE, TEST_WORLD, TestServer};

#[tokio::test]
async fn players_see_each_other_leave_and_arrive() {
    let server = TestServer::start().await;
    let mut alice = server.player("Alice").await;
    let mut bob = server.player("Bob").await;
    let mut carol = server.player("Carol").await;
    assert_eq!(alice.event("connect").await["from"], "Bob");
    assert_eq!(alice.event("connect").await["from"], "Carol");
    assert_eq!(bob.event("connect").await["from"], "Carol");

    let reply = alice.command_payload("n").await;
    assert!(reply["response"].as_str().unwrap().starts_with("Library"));
    assert_eq!(reply["data"]["room"]["id"], "library");
    for watcher in [&mut bob, &mut carol] {
        let left = watcher.event("leave").await;
        assert_eq!(left["text"], "Alice leaves north.");
        assert_eq!(left["from"], "Alice");
        assert_eq!(left["direction"], "north");
    }

    carol.command("go north").await;
    assert_eq!(
        alice.event("arrive").await["text"],
        "Carol arrives from the south."
    );
    bob.assert_no_event_so_far("arrive").await;

    let look = alice.command_payload("look").await;
    assert_eq!(look["data"]["room"]["players"], json!(["Carol"]));
    assert!(
        look["response"]
            .as_str()
            .unwrap()
            .contains("Carol is here.")
    );
}

#[tokio::test]
async fn coming_and_going_is_seen_in_the_room_only() {
    let server = TestServer::with_link_dead_grace(SHORT_GRACE).await;
    let mut alice = server.player("Alice").await;
    alice.command("north").await;
    let mut bob = server.player("Bob").await;
    alice.assert_no_event_so_far("connect").await;
    let carol_token = server.account("Carol").await;
    let carol = server
        .connect("Carol", &carol_token, crate::support::Transport::WebSocket)
        .await;
    assert_eq!(
        bob.event("connect").await["text"],
        "Carol has entered the world."
    );
    carol.disconnect().await;
    assert_eq!(
        bob.event("disconnect").await["text"],
        "Carol has left the world."
    );
    alice.assert_no_event_so_far("disconnect").await;
}

#[tokio::test]
async fn speech_reaches_the_right_people() {
    let server = TestServer::start().await;
    let mut alice = server.player("Alice").await;
    let mut bob = server.player("Bob").await;
    let mut carol = server.player("Carol").await;
    carol.command("north").await;

    alice.command("'hello hall").await;
    assert_eq!(bob.event("say").await["text"], "Alice says, \"hello hall\"");
    carol.assert_no_event_so_far("say").await;

    alice.command(":waves.").await;
    assert_eq!(bob.event("emote").await["text"], "Alice waves.");

    alice.command("tell carol psst").await;
    assert_eq!(
        carol.event("tell").await["text"],
        "Alice tells you, \"psst\""
    );
    bob.assert_no_event_so_far("tell").await;

    alice.command("shout fire!").await;
    assert_eq!(bob.event("shout").await["text"], "Alice shouts, \"fire!\"");
    assert_eq!(
        carol.event("shout").await["text"],
        "Alice shouts, \"fire!\""
    );

    let who = alice.command_payload("who").await;
    assert_eq!(who["data"]["players"], json!(["Alice", "Bob", "Carol"]));
}

#[tokio::test]
async fn players_trade_items_and_the_room_sees_it() {
    let server = TestServer::start().await;
    let mut alice = server.player("Alice").await;
    let mut bob = server.player("Bob").await;
    let mut carol = server.player("Carol").await;

    assert_eq!(
        alice.command("take the iron key").await,
        "You take the iron key."
    );
    let taken = bob.event("take").await;
    assert_eq!(
        (
            taken["text"].as_str().unwrap(),
            taken["item"].as_str().unwrap()
        ),
        ("Alice takes the iron key.", "iron key")
    );

    assert_eq!(
        alice.command("give key to bob").await,
        "You give the iron key to Bob."
    );
    let received = bob.event("give").await;
    assert_eq!(received["text"], "Alice gives you the iron key.");
    assert_eq!(
        carol.event("give").await["text"],
        "Alice gives the iron key to Bob."
    );
    assert!(bob.command("i").await.contains("an iron key"));
    assert_eq!(
        alice.command("inventory").await,
        "You are carrying nothing."
    );

    bob.command("drop iron key").await;
    assert_eq!(carol.event("drop").await["text"], "Bob drops the iron key.");
    assert_eq!(
        carol.command("take key").await,
        "Which do you mean: the silver key or the iron key?"
    );
    assert_eq!(
        carol.command("take statue").await,
        "The marble statue will not budge."
    );
}

#[tokio::test]
async fn two_players_grabbing_one_item_at_once_never_both_get_it() {
    let server = TestServer::start().await;
    let mut alice = server.player("Alice").await;
    let mut bob = server.player("Bob").await;
    for round in 0..25 {
        alice
            .emit("command", json!({ "command": "take silver key" }))
            .await;
        bob.emit("command", json!({ "command": "take silver key" }))
            .await;
        let answers = [
            alice.next("command_response").await,
            bob.next("command_response").await,
        ];
        let winners: Vec<usize> = (0..2)
            .filter(|&who| answers[who]["response"] == "You take the silver key.")
            .collect();
        assert_eq!(winners.len(), 1, "round {round}: {answers:?}");
        let winner = if winners[0] == 0 {
            &mut alice
        } else {
            &mut bob
        };
        assert_eq!(
            winner.command("drop silver key").await,
            "You drop the silver key."
        );
    }
}

#[tokio::test]
async fn an_unknown_command_gets_a_suggestion() {
    let server = TestServer::start().await;
    let mut alice = server.player("Alice").await;
    let answer = alice.command("lok").await;
    assert!(answer.contains("\"look\""), "{answer}");
}

#[tokio::test]
async fn a_changed_world_file_is_reconciled_with_the_saved_game() {
    let mut server = TestServer::start().await;
    let token = server.account("Alice").await;
    let mut alice = server
        .connect("Alice", &token, crate::support::Transport::WebSocket)
        .await;
    alice.command("take iron key").await;
    alice.command("gate").await;
    alice.command("drop iron key").await;
    alice.disconnect().await;

    let without_garden = TEST_WORLD
        .replace("exits = { north = \"library\", gate = \"garden\" }", "exits = { north = \"library\" }")
        .replace(
            "[[rooms]]\nid = \"garden\"\nname = \"Garden\"\ndescription = \"Roses everywhere.\"\nexits = { gate = \"hall\" }\n",
            "",
        )
        + "\n[[items]]\nid = \"rope\"\nname = \"coil of rope\"\naliases = [\"rope\"]\ndescription = \"Rope.\"\nlocation = \"hall\"\n";
    assert!(
        !without_garden.contains("garden"),
        "the garden is gone from the world"
    );
    std::fs::write(&server.world_file, without_garden).unwrap();
    server.restart().await;

    let mut alice = server
        .connect("Alice", &token, crate::support::Transport::WebSocket)
        .await;
    assert_eq!(
        alice.welcome["location"], "hall",
        "a character in a removed room goes to the start"
    );
    let told = alice.event("system").await;
    let told = if told["text"] == "Welcome to the Test Keep." {
        alice.event("system").await
    } else {
        told
    };
    assert!(
        told["text"]
            .as_str()
            .unwrap()
            .contains("the place where you last were is gone"),
        "and is told why, after the welcome: {told}"
    );
    let items = alice.command_payload("look").await["data"]["room"]["items"].clone();
    let items: Vec<&str> = items
        .as_array()
        .unwrap()
        .iter()
        .map(|item| item.as_str().unwrap())
        .collect();
    assert!(
        items.contains(&"iron key"),
        "items in a removed room go to the start: {items:?}"
    );
    assert!(
        items.contains(&"coil of rope"),
        "a new item appears where the file puts it: {items:?}"
    );
}
