//! The leader killed with SIGKILL, round after round, with a command in
//! flight each time: another instance takes the lease, loads the game from
//! Redis and carries on. The command is answered (once), every acknowledged
//! change is there, the lamp is in exactly one place, and the dead
//! instance's player is taken out of the game.

use std::time::Duration;

use crate::support::process::sign_up;
use crate::support::{Cluster, Instance, PATIENCE, Player, Transport};

/// Leaders killed.
const ROUNDS: usize = 3;
/// Commands acknowledged in each round before the kill.
const STEPS_BEFORE_THE_KILL: usize = 4;
/// How long a command in flight at the kill may take: the lease lapses, an
/// instance takes it and loads the game.
const FAILOVER: Duration = Duration::from_secs(20);

/// Alice's walk, over and over: it changes her room and the lamp's place.
const WALK: [&str; 6] = ["north", "take lamp", "south", "north", "drop lamp", "south"];

/// Where Alice and the lamp are, as the acknowledged commands left them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct World {
    in_library: bool,
    carrying_lamp: bool,
}

impl World {
    /// What `step` (acknowledged) changes, and what its answer starts with.
    fn after(self, step: &str) -> (World, &'static str) {
        match step {
            "north" => (
                World {
                    in_library: true,
                    ..self
                },
                "Library",
            ),
            "south" => (
                World {
                    in_library: false,
                    ..self
                },
                "Great Hall",
            ),
            "take lamp" => (
                World {
                    carrying_lamp: true,
                    ..self
                },
                "You take",
            ),
            _ => (
                World {
                    carrying_lamp: false,
                    ..self
                },
                "You drop",
            ),
        }
    }
}

#[tokio::test]
async fn the_leader_killed_mid_game_another_carries_on_with_everything_acknowledged() {
    let mut cluster = Cluster::start().await;
    let mut instances = vec![cluster.instance(), cluster.instance()];
    let alice_token = sign_up(&instances[0].url(), "Alice").await;
    let bob_token = sign_up(&instances[1].url(), "Bob").await;
    let mut world = World {
        in_library: false,
        carrying_lamp: false,
    };
    let mut step = 0;

    for round in 0..ROUNDS {
        let leader = cluster.leader(&[&instances[0], &instances[1]]).await;
        let follower = 1 - leader;
        let mut alice = Player::connect(
            &instances[follower].url(),
            "Alice",
            &alice_token,
            Transport::WebSocket,
        )
        .await
        .unwrap_or_else(|refused| panic!("round {round}: Alice was refused: {refused}"));
        let bob = Player::connect(
            &instances[leader].url(),
            "Bob",
            &bob_token,
            Transport::WebSocket,
        )
        .await
        .unwrap_or_else(|refused| panic!("round {round}: Bob was refused: {refused}"));
        assert!(alice.command("who").await.contains("Bob"));

        for _ in 0..STEPS_BEFORE_THE_KILL {
            world = walk(&mut alice, &mut step, world, PATIENCE).await;
        }
        let doomed = instances.remove(leader);
        let killer = std::thread::spawn(move || doomed.kill());
        world = walk(&mut alice, &mut step, world, FAILOVER).await;
        killer.join().expect("the leader is killed");
        drop(bob);

        let survivor = &instances[0];
        assert_eq!(
            cluster.leader(&[survivor]).await,
            0,
            "round {round}: the survivor runs the game"
        );
        check(&mut alice, world, round).await;
        the_dead_instances_player_leaves(&mut alice, survivor).await;
        alice.disconnect().await;
        instances.push(cluster.instance());
    }
    assert_eq!(step, ROUNDS * (STEPS_BEFORE_THE_KILL + 1));
}

/// Alice takes the next step of her walk and waits (up to `patience`) for
/// its answer, which must be the one the step gives.
async fn walk(alice: &mut Player, step: &mut usize, world: World, patience: Duration) -> World {
    let command = WALK[*step % WALK.len()];
    let (next, answer) = world.after(command);
    let reply = alice
        .try_command(command, patience)
        .await
        .unwrap_or_else(|| panic!("step {step} ({command:?}) was never answered"));
    assert!(
        reply.starts_with(answer),
        "step {step} ({command:?}): {reply}"
    );
    *step += 1;
    next
}

/// What the game says now is what the acknowledged commands left: Alice's
/// room, and the lamp either in her hands or in the library, never both.
async fn check(alice: &mut Player, world: World, round: usize) {
    let look = alice.command_payload("look").await;
    let room = if world.in_library { "library" } else { "hall" };
    assert_eq!(look["data"]["room"]["id"], room, "round {round}");
    let inventory = alice.command("inventory").await;
    assert_eq!(
        inventory.contains("brass lamp"),
        world.carrying_lamp,
        "round {round}: {inventory}"
    );
    let lamp_in_sight = look["response"]
        .as_str()
        .expect("a look text")
        .contains("brass lamp");
    let lamp_on_the_floor = world.in_library && !world.carrying_lamp;
    assert_eq!(lamp_in_sight, lamp_on_the_floor, "round {round}: {look}");
    if !world.in_library && !world.carrying_lamp {
        alice.command("north").await;
        let library = alice.command("look").await;
        assert!(library.contains("brass lamp"), "round {round}: {library}");
        alice.command("south").await;
    }
}

/// Bob played on the killed instance: once it is declared dead, he is out
/// of the game.
async fn the_dead_instances_player_leaves(alice: &mut Player, survivor: &Instance) {
    let gone = tokio::time::timeout(PATIENCE * 2, async {
        loop {
            if !alice.command("who").await.contains("Bob") {
                return;
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
    })
    .await;
    if gone.is_err() {
        survivor.print_log();
        panic!("Bob, whose instance was killed, is still in the game");
    }
}
