//! A rolling restart: each instance in turn stopped with SIGTERM and
//! replaced. A stopping leader hands the game over (the next instance need
//! not wait for its lease to lapse), its players are told the game carries
//! on elsewhere, it exits cleanly, and nothing is lost.

use std::time::{Duration, Instant};

use crate::support::process::sign_up;
use crate::support::{Cluster, Instance, Player, Transport};

/// Well under the lease's TTL (3 s), which a failover would wait out.
const HAND_OVER: Duration = Duration::from_millis(2500);

#[tokio::test]
async fn every_instance_stopped_in_turn_hands_over_and_loses_nothing() {
    let mut cluster = Cluster::start().await;
    let mut instances = vec![cluster.instance(), cluster.instance()];
    let alice_token = sign_up(&instances[0].url(), "Alice").await;
    let bob_token = sign_up(&instances[0].url(), "Bob").await;
    let mut alice_carries = false;

    for round in 0..2 {
        let leader = cluster.leader(&[&instances[0], &instances[1]]).await;
        let follower = 1 - leader;
        let mut alice = connect(&instances[follower], "Alice", &alice_token).await;
        let mut bob = connect(&instances[leader], "Bob", &bob_token).await;
        bob.event("system").await; // the message of the day
        let took = bob
            .command(if round == 0 {
                "take iron key"
            } else {
                "drop iron key"
            })
            .await;
        assert!(took.starts_with("You "), "round {round}: {took}");
        alice_carries = !alice_carries;
        let taken = alice
            .command(if alice_carries {
                "take silver key"
            } else {
                "drop silver key"
            })
            .await;
        assert!(taken.starts_with("You "), "round {round}: {taken}");

        let stopping = instances.remove(leader);
        let stopped = Instant::now();
        let exited = tokio::task::spawn_blocking(move || stopping.process.terminate());
        let notice = bob.event("system").await;
        assert!(
            notice["text"]
                .as_str()
                .unwrap()
                .contains("carries on elsewhere"),
            "round {round}: {notice}"
        );
        let look = alice.try_command("look", HAND_OVER).await;
        assert!(
            look.is_some(),
            "round {round}: the game was not handed over in {HAND_OVER:?}"
        );
        assert!(stopped.elapsed() < HAND_OVER);
        let (_, clean) = exited.await.expect("the stop is waited for");
        assert!(clean, "round {round}: a stopped instance exits cleanly");

        instances.push(cluster.instance());
        let mut bob = connect(&instances[1], "Bob", &bob_token).await;
        let inventory = bob.command("inventory").await;
        assert_eq!(
            inventory.contains("iron key"),
            round == 0,
            "round {round}: {inventory}"
        );
        let inventory = alice.command("inventory").await;
        assert_eq!(
            inventory.contains("silver key"),
            alice_carries,
            "round {round}: {inventory}"
        );
        alice.disconnect().await;
        bob.disconnect().await;
    }
}

async fn connect(instance: &Instance, name: &str, token: &str) -> Player {
    Player::connect(&instance.url(), name, token, Transport::WebSocket)
        .await
        .unwrap_or_else(|refused| panic!("{name} was refused by {}: {refused}", instance.url()))
}
