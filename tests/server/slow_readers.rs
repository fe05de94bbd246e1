//! Clients that stop reading: a WebSocket whose program froze, a poller that
//! stopped polling. Each is gone within seconds (its character leaving like
//! anyone's), counted on `/healthz`, and never holds up the room or a
//! shutdown.

use std::future::Future;
use std::net::SocketAddr;
use std::time::{Duration, Instant};

use hearth::limits::Limits;
use serde_json::{Value, json};

use crate::support::raw_socket::{StalledPoller, StalledWebSocket};
use crate::support::{PATIENCE, Player, TestServer};

/// How long a client that stopped reading may stay connected.
const REAPED_WITHIN: Duration = Duration::from_secs(20);

/// How long a batch of speech may take to reach a listener who reads.
const ON_TIME: Duration = Duration::from_secs(3);

/// Speech each batch sends at once, well within the 64 commands in flight.
const BATCH: usize = 50;

/// Alice speaks a batch of long lines; waits until she has her answers and
/// Carol has heard the last one; returns how long that took.
async fn speak_batch(alice: &mut Player, carol: &mut Player, batch: usize) -> Duration {
    let words = "words ".repeat(150);
    let started = Instant::now();
    for line in 0..BATCH {
        alice
            .emit(
                "command",
                json!({ "command": format!("say {batch} {line} {words}") }),
            )
            .await;
    }
    let last = format!("say {batch} {} {words}", BATCH - 1);
    alice
        .skip_until("the answer to the batch's last line", |received| {
            received.event == "command_response" && received.data["command"] == last.as_str()
        })
        .await;
    let heard = format!("{batch} {} words", BATCH - 1);
    carol
        .skip_until("the batch's last line", |received| {
            received.event == "event"
                && received.data["text"]
                    .as_str()
                    .is_some_and(|text| text.contains(&heard))
        })
        .await;
    started.elapsed()
}

/// Speaks batches until `gone` says the stalled client is gone, checking
/// that Carol hears each one on time; returns how long it took.
async fn speak_until(alice: &mut Player, carol: &mut Player, gone: impl Fn() -> bool) -> Duration {
    let started = Instant::now();
    let mut batch = 0;
    while !gone() {
        assert!(
            started.elapsed() < REAPED_WITHIN,
            "the client that stopped reading was still there after {REAPED_WITHIN:?} \
             ({batch} batches of {BATCH} lines)"
        );
        batch += 1;
        let took = speak_batch(alice, carol, batch).await;
        assert!(took < ON_TIME, "batch {batch} reached Carol after {took:?}");
    }
    started.elapsed()
}

/// Waits until Bob's connection has left the game: `who` lists him
/// link-dead (his character waits out the grace, as for any dropped
/// connection), or not at all.
async fn bob_has_left(alice: &mut Player) {
    let started = Instant::now();
    loop {
        let online = alice.command("who").await;
        if !online.contains("Bob") || online.contains("Bob (link-dead)") {
            return;
        }
        assert!(
            started.elapsed() < PATIENCE,
            "Bob's character stayed online: {online}"
        );
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}

async fn health(server: &TestServer) -> Value {
    let response = server.get("/healthz").await;
    assert_eq!(response.status(), 200, "the server is healthy");
    response.json().await.unwrap()
}

/// Bob gets in with `connect`, stops reading, and is dropped while Alice
/// talks to Carol.
async fn bob_stops_reading_on_a_websocket<F: Future<Output = StalledWebSocket>>(
    connect: impl FnOnce(SocketAddr, String) -> F,
) {
    let server = TestServer::start().await;
    let mut alice = server.player("Alice").await;
    let mut carol = server.player("Carol").await;
    let token = server.account("Bob").await;
    let mut bob = connect(server.server().address(), token).await;
    carol.event("connect").await;

    let hub = server.server().hub();
    let took = speak_until(&mut alice, &mut carol, || hub.dropped() > 0).await;
    println!("dropped after {took:?}");
    bob.hung_up_within(Duration::from_secs(2))
        .await
        .expect("the server hangs up on Bob at once");
    bob_has_left(&mut alice).await;
    assert_eq!(health(&server).await["slow_clients_dropped"], 1);

    assert!(alice.command("say still here").await.contains("still here"));
    server.stop().await;
}

#[tokio::test]
async fn a_websocket_that_stops_reading_is_dropped_and_the_room_plays_on() {
    bob_stops_reading_on_a_websocket(|server, token| async move {
        StalledWebSocket::connect(server, &token).await
    })
    .await;
}

#[tokio::test]
async fn a_session_upgraded_to_websocket_that_stops_reading_is_dropped_too() {
    bob_stops_reading_on_a_websocket(|server, token| async move {
        StalledWebSocket::upgrade(server, &token).await
    })
    .await;
}

#[tokio::test]
async fn a_poller_that_stops_polling_is_dropped_and_the_room_plays_on() {
    let server = TestServer::start().await;
    let mut alice = server.player("Alice").await;
    let mut carol = server.player("Carol").await;
    let token = server.account("Bob").await;
    let _bob = StalledPoller::connect(server.server().address(), &token).await;
    carol.event("connect").await;

    let hub = server.server().hub();
    let took = speak_until(&mut alice, &mut carol, || hub.dropped() > 0).await;
    println!("dropped after {took:?}");
    bob_has_left(&mut alice).await;
    assert_eq!(health(&server).await["slow_clients_dropped"], 1);
    assert_eq!(hub.connections(), 2, "Alice and Carol");
    server.stop().await;
}

/// Fills a frozen client's buffers: enough long lines for the kernel's
/// buffers on both ends, far fewer than the server queues per socket.
async fn fill_buffers(alice: &mut Player, carol: &mut Player) {
    for batch in 1..=8 {
        speak_batch(alice, carol, batch).await;
    }
}

#[tokio::test]
async fn a_frozen_client_in_a_busy_room_is_reaped_after_the_write_timeout() {
    let write_timeout = Duration::from_secs(2);
    let server = TestServer::configured(|config| config.limits.write_timeout = write_timeout).await;
    let mut alice = server.player("Alice").await;
    let mut carol = server.player("Carol").await;
    let token = server.account("Bob").await;
    let _bob = StalledWebSocket::connect(server.server().address(), &token).await;
    carol.event("connect").await;

    fill_buffers(&mut alice, &mut carol).await;
    let hub = server.server().hub();
    let started = Instant::now();
    let reaped_within = write_timeout + Duration::from_secs(3);
    while hub.connections() > 2 {
        assert!(
            started.elapsed() < reaped_within,
            "a frozen client was still connected after {reaped_within:?}"
        );
        assert!(alice.command("say a quiet line").await.contains("quiet"));
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    println!("reaped after {:?}", started.elapsed());
    bob_has_left(&mut alice).await;
    assert_eq!(health(&server).await["slow_clients_dropped"], 1);
    server.stop().await;
}

#[tokio::test]
async fn a_client_that_stopped_reading_does_not_hold_up_a_shutdown() {
    let server = TestServer::start().await;
    let mut alice = server.player("Alice").await;
    let mut carol = server.player("Carol").await;
    let token = server.account("Bob").await;
    let _bob = StalledWebSocket::connect(server.server().address(), &token).await;
    carol.event("connect").await;
    fill_buffers(&mut alice, &mut carol).await;
    assert_eq!(server.server().hub().connections(), 3, "Bob is still there");

    let started = Instant::now();
    server.stop().await;
    let took = started.elapsed();
    assert!(took < Duration::from_secs(2), "the shutdown took {took:?}");
}

#[tokio::test]
async fn with_limits_off_a_frozen_client_outlives_the_write_timeout() {
    let write_timeout = Duration::from_secs(1);
    let server = TestServer::configured(|config| {
        config.limits = Limits {
            write_timeout,
            ..Limits::off()
        }
    })
    .await;
    let mut alice = server.player("Alice").await;
    let mut carol = server.player("Carol").await;
    let token = server.account("Bob").await;
    let _bob = StalledWebSocket::connect(server.server().address(), &token).await;
    carol.event("connect").await;

    fill_buffers(&mut alice, &mut carol).await;
    // What cannot be seen must be waited for: twice the timeout that is off.
    tokio::time::sleep(write_timeout * 2).await;
    assert!(alice.command("say a quiet line").await.contains("quiet"));
    assert_eq!(server.server().hub().connections(), 3, "Bob is still there");
    assert_eq!(health(&server).await["slow_clients_dropped"], 0);
    server.stop().await;
}
