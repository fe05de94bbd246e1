//! Emberwick's quest played from start to finish over Socket.IO against
//! the real server and its built-in world: the notice board, the landlord,
//! the magpie's nest, the smith's key, the locked trapdoor and the old red,
//! with a second player in the inn seeing it happen.

use serde_json::Value;

use crate::support::{Player, TestServer};

/// Sends `line` and checks the answer contains `expected`; the whole answer.
async fn expect(player: &mut Player, line: &str, expected: &str) -> Value {
    let answer = player.command_payload(line).await;
    let text = answer["response"].as_str().expect("a response text");
    assert!(
        text.contains(expected),
        "{line:?} answered:\n{text}\n(expected {expected:?})"
    );
    answer
}

/// The next event of type `kind` whose text is `text`, passing over (at
/// most 20) others of that type.
async fn event_saying(player: &mut Player, kind: &str, text: &str) -> Value {
    for _ in 0..20 {
        let event = player.event(kind).await;
        if event["text"] == text {
            return event;
        }
    }
    panic!("{} never saw the {kind} event {text:?}", player.name);
}

#[tokio::test]
async fn a_new_player_finds_the_lost_key_and_earns_the_old_red() {
    let server = TestServer::start_builtin().await;
    let mut alice = server.player("Alice").await;
    assert_eq!(alice.welcome["world"], "Emberwick");
    let mut bob = server.player("Bob").await;
    bob.command("south").await;

    expect(&mut alice, "read the notice board", "LOST, one silver key").await;
    let inn = expect(&mut alice, "south", "The Gilded Hearth").await;
    assert_eq!(inn["data"]["room"]["npcs"], serde_json::json!(["Tobias"]));
    let greeting = alice.event("say").await;
    assert_eq!(greeting["npc"], "Tobias");
    assert!(greeting.get("from").is_none(), "from is only ever a player");
    assert!(
        greeting["text"]
            .as_str()
            .unwrap()
            .contains("Come in out of the wind, Alice.")
    );

    expect(&mut alice, "ask tobias about the key", "magpie").await;
    expect(&mut alice, "ask tobias about the magpie", "loft window").await;
    expect(&mut alice, "up", "Inn Loft").await;
    expect(&mut alice, "go through the window", "Inn Rooftop").await;
    expect(
        &mut alice,
        "look in nest",
        "a silver thimble and a silver key",
    )
    .await;
    expect(
        &mut alice,
        "take key from nest",
        "You take the silver key from the magpie's nest.",
    )
    .await;
    expect(&mut alice, "in", "Inn Loft").await;
    expect(&mut alice, "down", "The Gilded Hearth").await;

    expect(&mut alice, "give key to tobias", "silver shilling").await;
    let seen = event_saying(
        &mut bob,
        "emote",
        "Tobias presses a silver shilling into Alice's hand.",
    )
    .await;
    assert_eq!(seen["from"], "Alice");

    expect(&mut alice, "north", "Emberwick Square").await;
    expect(&mut alice, "east", "Market Street").await;
    expect(&mut alice, "south", "Smithy").await;
    expect(&mut alice, "give shilling to bryn", "iron key").await;
    let carried = alice.command_payload("inventory").await;
    assert!(
        carried["data"]["inventory"]
            .as_array()
            .unwrap()
            .contains(&"iron key".into()),
        "{carried}"
    );

    expect(&mut alice, "north", "Market Street").await;
    expect(&mut alice, "west", "Emberwick Square").await;
    expect(&mut alice, "south", "The Gilded Hearth").await;
    expect(&mut alice, "east", "Inn Kitchen").await;
    expect(&mut alice, "down", "The trapdoor is closed.").await;
    expect(
        &mut alice,
        "unlock trapdoor",
        "You unlock the trapdoor with the iron key.",
    )
    .await;
    expect(&mut alice, "open trapdoor", "You open the trapdoor.").await;
    expect(&mut alice, "down", "Wine Cellar").await;
    expect(&mut alice, "take bottle", "You take the dusty bottle.").await;
    expect(&mut alice, "up", "Inn Kitchen").await;
    expect(&mut alice, "west", "The Gilded Hearth").await;
    expect(&mut alice, "give bottle to tobias", "crawlway").await;
    event_saying(
        &mut bob,
        "emote",
        "Tobias sets a bowl of stew in front of Alice.",
    )
    .await;
    server.stop().await;
}

#[tokio::test]
async fn the_quest_survives_a_restart() {
    let mut server = TestServer::start_builtin().await;
    let mut alice = server.player("Alice").await;
    expect(&mut alice, "south", "The Gilded Hearth").await;
    expect(&mut alice, "up", "Inn Loft").await;
    expect(&mut alice, "window", "Inn Rooftop").await;
    expect(&mut alice, "take key from nest", "silver key").await;
    expect(&mut alice, "in", "Inn Loft").await;
    expect(&mut alice, "down", "The Gilded Hearth").await;
    expect(&mut alice, "give key to tobias", "silver shilling").await;
    alice.disconnect().await;
    server.restart().await;

    let token = server.login("Alice").await;
    let mut alice = server
        .connect("Alice", &token, crate::support::Transport::WebSocket)
        .await;
    expect(&mut alice, "inventory", "a silver shilling").await;
    expect(&mut alice, "look", "Tobias is here.").await;
    server.stop().await;
}
