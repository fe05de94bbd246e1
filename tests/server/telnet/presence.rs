//! Telnet under the round 2 rules of presence: `quit` (or a dropped
//! connection) leaves the character link-dead for the grace, so nobody sees
//! it go if the player is back in time, while `logout` takes it out at once;
//! and what the character does through another connection is shown over
//! telnet as that connection's answer, with the mapper's GMCP following it.

use serde_json::json;
use tokio::time::Instant;

use super::game::{last_gmcp, logged_in, player};
use crate::support::{PATIENCE, Player, TestServer, Transport};

/// Asks `who` until `name` is listed as link-dead.
async fn until_link_dead(watcher: &mut Player, name: &str) {
    let marked = format!("{name} (link-dead)");
    let deadline = Instant::now() + PATIENCE;
    while !watcher.command("who").await.contains(&marked) {
        assert!(Instant::now() < deadline, "{name} never went link-dead");
    }
}

#[tokio::test]
async fn quit_leaves_the_character_link_dead_and_logout_takes_it_out_at_once() {
    let test = TestServer::start().await;
    let mut bob = test.player("Bob").await;
    let mut alice = player(&test, "Alice").await;
    assert_eq!(bob.event("connect").await["from"], "Alice");

    alice.line("quit").await;
    alice.expect("Goodbye.").await;
    alice.closed().await;
    until_link_dead(&mut bob, "Alice").await;
    assert!(bob.command("look").await.contains("Alice is here."));

    // Back within the 30 s grace: nobody saw Alice go or come back.
    let mut alice = logged_in(&test, "Alice").await;
    let who = bob.command("who").await;
    assert!(who.contains("Alice") && !who.contains("link-dead"), "{who}");
    bob.assert_no_event_so_far("disconnect").await;
    bob.assert_no_event_so_far("connect").await;

    alice.line("logout").await;
    alice.expect("You logged out.").await;
    alice.closed().await;
    // Told at once (within PATIENCE, a third of the grace).
    assert_eq!(
        bob.event("disconnect").await["text"],
        "Alice has left the world."
    );
    test.stop().await;
}

#[tokio::test]
async fn what_the_character_does_on_the_web_is_shown_over_telnet_and_the_mapper_follows() {
    let test = TestServer::start().await;
    let token = test.account("Alice").await;
    let mut web = test.connect("Alice", &token, Transport::WebSocket).await;
    let mut telnet = logged_in(&test, "Alice").await;

    web.command("north").await;
    telnet.expect("Library\r\nShelves of dusty books.").await;
    telnet.expect("Exits: south.").await;
    assert_eq!(
        last_gmcp(&telnet, "Room.Info"),
        Some(json!({"id": "library", "name": "Library", "exits": {"south": "hall"}}))
    );

    web.command("take lamp").await;
    telnet.expect("You take the brass lamp.").await;
    telnet.expect("> ").await;
    let items = last_gmcp(&telnet, "Char.Items.List").expect("the room's items");
    assert_eq!(items["location"], "room");
    assert!(
        !items["items"]
            .as_array()
            .unwrap()
            .contains(&json!({"name": "brass lamp"})),
        "the lamp left the room's list: {items}"
    );

    // And the other way round: a telnet move is told to the web tab.
    telnet.line("south").await;
    telnet.expect("Great Hall").await;
    let moved = web.event("self").await;
    assert_eq!(moved["data"]["room"]["id"], "hall");
    test.stop().await;
}
