//! The command rate limit, the same for every connection: a burst within
//! the allowance is played, a Socket.IO command beyond it is refused with a
//! clear error and not run (the connection stays), and telnet, which can
//! read more slowly, plays a pasted flood whole, in order, at the allowed
//! pace.

use std::time::{Duration, Instant};

use serde_json::json;

use crate::support::TestServer;
use crate::telnet::game::player as telnet_player;

/// Commands a second the servers here allow.
const ALLOWED: u32 = 5;

async fn server() -> TestServer {
    TestServer::configured(|config| config.limits.commands_per_second = ALLOWED).await
}

#[tokio::test]
async fn socket_commands_beyond_the_allowance_are_refused_and_not_run() {
    let server = server().await;
    let mut alice = server.player("Alice").await;
    let sent = ALLOWED as usize + 3;
    for n in 0..sent {
        alice
            .emit("command", json!({ "command": format!("say burst {n}") }))
            .await;
    }
    for n in 0..ALLOWED {
        let answer = alice.next("command_response").await;
        assert_eq!(answer["command"], format!("say burst {n}"));
    }
    for _ in ALLOWED as usize..sent {
        let refusal = alice.next("error").await;
        assert_eq!(
            refusal["error"],
            "You are sending commands too fast; that one was not run. Slow down a little."
        );
    }
    // The allowance comes back with time itself, so here the test waits
    // for time to pass; then the same connection plays on.
    tokio::time::sleep(Duration::from_secs(1)).await;
    assert!(alice.command("look").await.contains("Great Hall"));
    let said = alice.command("say after").await;
    assert!(said.contains("after"), "{said}");
}

#[tokio::test]
async fn a_telnet_flood_is_played_whole_in_order_at_the_allowed_pace() {
    let server = server().await;
    let mut bob = telnet_player(&server, "Bob").await;
    let lines = ALLOWED as usize * 2 + 2;
    let started = Instant::now();
    let flood: String = (0..lines).map(|n| format!("say pace {n}\r\n")).collect();
    bob.send(flood.as_bytes()).await;
    let last = format!("You say, \"pace {}\"", lines - 1);
    let transcript = bob
        .until(&last, |transcript| transcript.text.contains(&last))
        .await;
    transcript.assert_each_once_in_order((0..lines).map(|n| format!("You say, \"pace {n}\"")));
    assert!(
        !transcript.text.contains("too fast"),
        "nothing refused: {}",
        transcript.text
    );
    // Beyond the first second's burst, the rest came at the allowed pace.
    let least = Duration::from_secs_f64((lines as f64 - f64::from(ALLOWED)) / f64::from(ALLOWED));
    assert!(
        started.elapsed() >= least.mul_f64(0.9),
        "paced, not refused"
    );
}
