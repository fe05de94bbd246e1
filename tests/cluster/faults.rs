//! The faults of CLUSTER.md, on real instances: a follower killed, a leader
//! paused past its lease, Redis killed and restarted, and an instance
//! started with another world file.

use std::time::Duration;

use crate::support::process::{run_to_completion, sign_up};
use crate::support::{Cluster, Instance, PATIENCE, Player, TEST_WORLD, Transport};

/// How long a command may wait while the cluster recovers from a fault.
const RECOVERY: Duration = Duration::from_secs(20);

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
async fn a_follower_killed_leaves_the_game_playing_and_its_players_link_dead() {
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
    leader.until_link_dead(&mut alice, "Bob").await;
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
    alice.command("say still here").await;
    if let Some(heard) = bob.try_command("look", RECOVERY).await {
        assert!(heard.starts_with("Great Hall"), "{heard}");
        assert_eq!(bob.event("say").await["text"], "Alice says, \"still here\"");
        bob.assert_no_event_so_far("say").await;
    }
    let inventory = alice.command("inventory").await;
    assert!(inventory.contains("iron key"), "{inventory}");
    let hall = alice.command("look").await;
    assert!(
        !hall.contains("iron key"),
        "the key is in one place: {hall}"
    );
    assert_eq!(cluster.leader(&[&paused, &other]).await, 1, "one leader");

    // Whoever committed the say in flight, Alice heard it once: surely if
    // Bob was answered, and perhaps if his connection closed first (his
    // instance declared dead while it was paused). Her last answers are the
    // barrier: whatever was committed before them came before them.
    let heard = alice
        .passed_over()
        .filter(|received| {
            received.event == "event"
                && received.data["text"] == "Bob says, \"just before the pause\""
        })
        .count();
    assert!(heard <= 1, "the say in flight was heard {heard} times");
    if bob_was_answered {
        assert_eq!(heard, 1, "Bob was answered, so Alice heard him");
    }
}

#[tokio::test]
async fn while_redis_is_down_commands_are_refused_and_healthz_says_so() {
    let mut cluster = Cluster::start().await;
    let one = cluster.instance();
    let two = cluster.instance();
    cluster.leader(&[&one, &two]).await;
    let alice_token = sign_up(&one.url(), "Alice").await;
    let mut alice = reconnect(&one, "Alice", &alice_token).await;
    assert!(alice.command("north").await.starts_with("Library"));

    cluster.redis.kill();
    let unreachable = tokio::time::timeout(RECOVERY, async {
        loop {
            if let Some(health) = one.health().await
                && health["status"] == "redis_unreachable"
            {
                return health;
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
    })
    .await
    .expect("/healthz says Redis cannot be reached");
    assert_eq!(unreachable["cluster"]["redis"], "unreachable");
    alice
        .emit("command", serde_json::json!({ "command": "look" }))
        .await;
    let refused = alice.next("error").await;
    assert!(
        refused["error"]
            .as_str()
            .is_some_and(|error| error.contains("cannot be reached")),
        "{refused}"
    );

    cluster.redis.restart().await;
    for instance in [&one, &two] {
        let healthy = tokio::time::timeout(RECOVERY, async {
            while instance
                .health()
                .await
                .is_none_or(|health| health["status"] != "ok")
            {
                tokio::time::sleep(Duration::from_millis(100)).await;
            }
        })
        .await;
        if healthy.is_err() {
            instance.print_log();
            panic!("{} did not recover", instance.url());
        }
    }
    cluster.leader(&[&one, &two]).await;
    let mut alice = reconnect(&two, "Alice", &alice_token).await;
    let look = alice.command_payload("look").await;
    assert_eq!(look["data"]["room"]["id"], "library");
}

#[tokio::test]
async fn redis_killed_and_restarted_under_talk_the_instances_carry_on_without_a_restart() {
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
    // Carol keeps talking on the second instance all through.
    let carol_token = sign_up(&two.url(), "Carol").await;
    let carol = reconnect(&two, "Carol", &carol_token).await;
    let (heard, first_heard) = tokio::sync::oneshot::channel();
    let (stop, told_to_stop) = tokio::sync::watch::channel(false);
    let talking = tokio::spawn(talk_until_told(
        two.url(),
        carol_token,
        carol,
        heard,
        told_to_stop,
    ));
    tokio::time::timeout(RECOVERY, first_heard)
        .await
        .expect("Carol is answered")
        .expect("her first answer is told");

    cluster.redis.kill();
    cluster.redis.restart().await;

    // The same processes serve again: new connections (the old ones may
    // have been closed while Redis was gone) play on, and nothing
    // acknowledged before the kill is lost.
    cluster.leader(&[&one, &two]).await;
    stop.send_replace(true);
    let carried_on = tokio::time::timeout(RECOVERY * 2, talking)
        .await
        .expect("Carol's talk ends once told")
        .expect("Carol's talk does not fail");
    assert_eq!(carried_on, WORDS_AFTER);
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

/// What Carol says once told to stop, before she does.
const WORDS_AFTER: usize = 3;
/// The most Carol says in all (the loop's bound).
const MOST_WORDS: usize = 10_000;

/// Carol talks until told to stop and then answered [`WORDS_AFTER`] more
/// times: each word is answered as said; a word left unanswered (its
/// connection closed as its flush was lost) makes her connect again.
/// Returns the words answered after the stop.
async fn talk_until_told(
    url: String,
    token: String,
    mut carol: Player,
    heard: tokio::sync::oneshot::Sender<()>,
    stop: tokio::sync::watch::Receiver<bool>,
) -> usize {
    let mut heard = Some(heard);
    let mut after_stop = 0;
    for word in 0..MOST_WORDS {
        let said = format!("say word {word}");
        match carol.try_command(&said, PATIENCE).await {
            Some(answer) => {
                assert!(answer.starts_with("You say"), "{said}: {answer}");
                if let Some(heard) = heard.take() {
                    let _ = heard.send(());
                }
                if *stop.borrow() {
                    after_stop += 1;
                    if after_stop == WORDS_AFTER {
                        return after_stop;
                    }
                }
            }
            None => {
                carol = reconnect_to(&url, "Carol", &token)
                    .await
                    .expect("Carol can play again");
            }
        }
    }
    panic!("Carol said {MOST_WORDS} words without being told to stop")
}

/// Connects `name` to `instance`, trying again while it recovers.
async fn reconnect(instance: &Instance, name: &str, token: &str) -> Player {
    reconnect_to(&instance.url(), name, token)
        .await
        .unwrap_or_else(|| {
            instance.print_log();
            panic!("{name} could not play on {} again", instance.url())
        })
}

/// Connects `name` to the instance at `url`, trying again for up to
/// [`RECOVERY`] while it recovers.
async fn reconnect_to(url: &str, name: &str, token: &str) -> Option<Player> {
    let connected = tokio::time::timeout(RECOVERY, async {
        loop {
            if let Ok(mut player) = Player::connect(url, name, token, Transport::WebSocket).await
                && player.try_command("look", PATIENCE).await.is_some()
            {
                return player;
            }
            tokio::time::sleep(Duration::from_millis(200)).await;
        }
    })
    .await;
    connected.ok()
}

/// The lease's epoch as an instance's `/healthz` tells it.
async fn epoch(instance: &Instance) -> u64 {
    let health = instance.health().await.expect("the instance answers");
    health["cluster"]["epoch"].as_u64().unwrap_or(0)
}
