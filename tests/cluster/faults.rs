//! The faults of CLUSTER.md, on real instances: a follower killed, a leader
//! paused past its lease, Redis killed and restarted, and an instance
//! started with another world file.

use std::time::Duration;

use crate::support::process::{run_to_completion, sign_up};
use crate::support::{Cluster, Instance, PATIENCE, Player, TEST_WORLD, Transport};

/// How long a command may wait while the cluster recovers from a fault.
const RECOVERY: Duration = Duration::from_secs(20);

/// Waits until `player`'s `who` no longer lists `name`.
async fn until_gone(player: &mut Player, name: &str, instance: &Instance) {
    let gone = tokio::time::timeout(PATIENCE * 2, async {
        while player.command("who").await.contains(name) {
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
    })
    .await;
    if gone.is_err() {
        instance.print_log();
        panic!("{name}, whose instance died, is still in the game");
    }
}

#[tokio::test]
async fn an_instance_with_another_world_is_refused_with_a_clear_message() {
    let mut cluster = Cluster::start().await;
    let _first = cluster.instance();
    let other = cluster.file("other-world.toml");
    std::fs::write(
        &other,
        TEST_WORLD.replace("Welcome to the Test Keep.", "Welcome!"),
    )
    .unwrap();
    let (command, _) = cluster.command(&other);
    let output = run_to_completion(command);
    assert!(!output.status.success(), "the instance must not start");
    let said = String::from_utf8_lossy(&output.stderr);
    assert!(
        said.contains("world file differs from the one the cluster's live instances play")
            && said.contains("give every instance the same world file"),
        "{said}"
    );
}

#[tokio::test]
async fn a_follower_killed_leaves_the_game_playing_and_its_players_leave() {
    let mut cluster = Cluster::start().await;
    let one = cluster.instance();
    let two = cluster.instance();
    let leader = cluster.leader(&[&one, &two]).await;
    let (leader, follower) = if leader == 0 { (one, two) } else { (two, one) };
    let alice_token = sign_up(&leader.url(), "Alice").await;
    let bob_token = sign_up(&follower.url(), "Bob").await;
    let mut alice = Player::connect(&leader.url(), "Alice", &alice_token, Transport::WebSocket)
        .await
        .expect("Alice plays on the leader");
    let _bob = Player::connect(&follower.url(), "Bob", &bob_token, Transport::WebSocket)
        .await
        .expect("Bob plays on the follower");
    assert!(alice.command("who").await.contains("Bob"));

    follower.kill();
    until_gone(&mut alice, "Bob", &leader).await;
    assert!(alice.command("north").await.starts_with("Library"));
    assert_eq!(
        cluster.leader(&[&leader]).await,
        0,
        "the leader still leads"
    );
}

#[tokio::test]
async fn a_leader_paused_past_its_lease_is_fenced_and_reaches_no_one() {
    let mut cluster = Cluster::start().await;
    let one = cluster.instance();
    let two = cluster.instance();
    let leader = cluster.leader(&[&one, &two]).await;
    let (paused, other) = if leader == 0 { (one, two) } else { (two, one) };
    let alice_token = sign_up(&other.url(), "Alice").await;
    let bob_token = sign_up(&paused.url(), "Bob").await;
    let mut alice = Player::connect(&other.url(), "Alice", &alice_token, Transport::WebSocket)
        .await
        .expect("Alice plays on the follower");
    let mut bob = Player::connect(&paused.url(), "Bob", &bob_token, Transport::WebSocket)
        .await
        .expect("Bob plays on the leader");
    assert!(alice.command("who").await.contains("Bob"));
    let lease_before = epoch(&other).await;

    // In flight as the leader stops: whoever commits it, it is said once.
    const IN_FLIGHT: &str = "say just before the pause";
    bob.emit("command", serde_json::json!({ "command": IN_FLIGHT }))
        .await;
    paused.process.signal("STOP");
    // Answered only once the other instance has taken the lease.
    let answer = alice.try_command("take iron key", RECOVERY).await;
    assert_eq!(answer.as_deref(), Some("You take the iron key."));
    assert_eq!(cluster.leader(&[&other]).await, 0);
    paused.process.signal("CONT");

    // Back, the old leader finds its lease gone: it runs the game no more,
    // and nothing it held back reaches anyone. Bob, on it, hears the new
    // leader's world (or, if it was declared dead meanwhile, is closed).
    assert_eq!(cluster.leader(&[&paused, &other]).await, 1);
    assert!(epoch(&other).await > lease_before);
    let bob_was_answered = bob.answer(IN_FLIGHT, RECOVERY).await.is_some();
    if bob_was_answered {
        assert_eq!(
            alice.event("say").await["text"],
            "Bob says, \"just before the pause\""
        );
    }
    alice
        .assert_no_event("say", Duration::from_millis(500))
        .await;
    alice.command("say still here").await;
    if let Some(heard) = bob.try_command("look", RECOVERY).await {
        assert!(heard.starts_with("Great Hall"), "{heard}");
        assert_eq!(bob.event("say").await["text"], "Alice says, \"still here\"");
    }
    bob.assert_no_event("say", Duration::from_millis(500)).await;
    let inventory = alice.command("inventory").await;
    assert!(inventory.contains("iron key"), "{inventory}");
    let hall = alice.command("look").await;
    assert!(
        !hall.contains("iron key"),
        "the key is in one place: {hall}"
    );
    assert_eq!(cluster.leader(&[&paused, &other]).await, 1, "one leader");
}

#[tokio::test]
async fn redis_killed_and_restarted_the_instances_carry_on_without_a_restart() {
    let mut cluster = Cluster::start().await;
    let one = cluster.instance();
    let two = cluster.instance();
    cluster.leader(&[&one, &two]).await;
    let alice_token = sign_up(&one.url(), "Alice").await;
    let bob_token = sign_up(&two.url(), "Bob").await;
    let mut alice = Player::connect(&one.url(), "Alice", &alice_token, Transport::WebSocket)
        .await
        .expect("Alice plays on the first instance");
    assert!(alice.command("north").await.starts_with("Library"));

    cluster.redis.kill();
    // Refused, or its connection closed, or (sent just before Redis died)
    // answered: never a wrong answer, never a hang.
    let meanwhile = alice.try_command("look", RECOVERY).await;
    assert!(
        meanwhile.as_deref().is_none_or(
            |answer| answer.contains("cannot be reached") || answer.starts_with("Library")
        ),
        "{meanwhile:?}"
    );
    cluster.redis.restart().await;

    // The same processes serve again: new connections (the old ones may
    // have been closed while Redis was gone) play on, and nothing
    // acknowledged before the kill is lost.
    cluster.leader(&[&one, &two]).await;
    let mut alice = reconnect(&one, "Alice", &alice_token).await;
    let mut bob = reconnect(&two, "Bob", &bob_token).await;
    let look = alice.command_payload("look").await;
    assert_eq!(look["data"]["room"]["id"], "library");
    bob.command("north").await;
    alice.command("say welcome back").await;
    assert_eq!(
        bob.event("say").await["text"],
        "Alice says, \"welcome back\""
    );
}

/// Connects `name` to `instance`, trying again while it recovers.
async fn reconnect(instance: &Instance, name: &str, token: &str) -> Player {
    let connected = tokio::time::timeout(RECOVERY, async {
        loop {
            if let Ok(mut player) =
                Player::connect(&instance.url(), name, token, Transport::WebSocket).await
                && player.try_command("look", PATIENCE).await.is_some()
            {
                return player;
            }
            tokio::time::sleep(Duration::from_millis(200)).await;
        }
    })
    .await;
    connected.unwrap_or_else(|_| {
        instance.print_log();
        panic!("{name} could not play on {} again", instance.url())
    })
}

/// The lease's epoch as an instance's `/healthz` tells it.
async fn epoch(instance: &Instance) -> u64 {
    let health = instance.health().await.expect("the instance answers");
    health["cluster"]["epoch"].as_u64().unwrap_or(0)
}
