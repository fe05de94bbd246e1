//! The leader of three instances killed with SIGKILL, round after round,
//! with a command in flight from each of the two others every time: another
//! instance takes the lease, loads the game from Redis and carries on. Each
//! command is answered (once), every acknowledged change is there, the lamp
//! and the silver key are each in exactly one place, and the dead
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
    let mut instances = vec![cluster.instance(), cluster.instance(), cluster.instance()];
    let alice_token = sign_up(&instances[0].url(), "Alice").await;
    let dave_token = sign_up(&instances[1].url(), "Dave").await;
    let bob_token = sign_up(&instances[2].url(), "Bob").await;
    let mut world = World {
        in_library: false,
        carrying_lamp: false,
    };
    let mut step = 0;
    let mut dave_carries = false;

    for round in 0..ROUNDS {
        let all: Vec<&Instance> = instances.iter().collect();
        let leader = cluster.leader(&all).await;
        let others: Vec<usize> = (0..instances.len()).filter(|&i| i != leader).collect();
        let mut alice = connect(&instances[others[0]], "Alice", &alice_token, round).await;
        let mut dave = connect(&instances[others[1]], "Dave", &dave_token, round).await;
        let bob = connect(&instances[leader], "Bob", &bob_token, round).await;
        assert!(alice.command("who").await.contains("Bob"));

        for _ in 0..STEPS_BEFORE_THE_KILL {
            world = walk(&mut alice, &mut step, world, PATIENCE).await;
            dave_carries = juggle(&mut dave, dave_carries, PATIENCE).await;
        }
        let doomed = instances.remove(leader);
        let killer = std::thread::spawn(move || doomed.kill());
        // Both in flight at the kill, from two instances at once.
        (world, dave_carries) = tokio::join!(
            walk(&mut alice, &mut step, world, FAILOVER),
            juggle(&mut dave, dave_carries, FAILOVER)
        );
        killer.join().expect("the leader is killed");
        drop(bob);

        let survivors: Vec<&Instance> = instances.iter().collect();
        cluster.leader(&survivors).await;
        check(&mut alice, world, round).await;
        let inventory = dave.command("inventory").await;
        assert_eq!(
            inventory.contains("silver key"),
            dave_carries,
            "round {round}: {inventory}"
        );
        let hall = dave.command("look").await;
        assert_eq!(
            hall.contains("silver key"),
            !dave_carries,
            "round {round}: the silver key is in one place: {hall}"
        );
        survivors[0].until_link_dead(&mut alice, "Bob").await;
        alice.disconnect().await;
        dave.disconnect().await;
        instances.push(cluster.instance());
    }
    assert_eq!(step, ROUNDS * (STEPS_BEFORE_THE_KILL + 1));
}

async fn connect(instance: &Instance, name: &str, token: &str, round: usize) -> Player {
    Player::connect(&instance.url(), name, token, Transport::WebSocket)
        .await
        .unwrap_or_else(|refused| panic!("round {round}: {name} was refused: {refused}"))
}

/// Dave takes the silver key, or drops it, and waits (up to `patience`)
/// for the answer it must get; returns whether he carries it now.
async fn juggle(dave: &mut Player, carrying: bool, patience: Duration) -> bool {
    let (command, answer) = if carrying {
        ("drop silver key", "You drop")
    } else {
        ("take silver key", "You take")
    };
    let reply = dave
        .try_command(command, patience)
        .await
        .unwrap_or_else(|| panic!("Dave's {command:?} was never answered"));
    assert!(reply.starts_with(answer), "{command:?}: {reply}");
    !carrying
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
