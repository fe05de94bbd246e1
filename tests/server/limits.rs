//! Abuse limits at the door: slow and idle connections are closed, one
//! address cannot hold every connection or flood the server with Socket.IO
//! handshakes, and everyone else plays on. `--limits off` lifts them all.
//!
//! An attacker here connects from 127.0.0.2 (all of 127.0.0.0/8 is loopback
//! on Linux), so the players on 127.0.0.1 are someone else.

use std::net::SocketAddr;
use std::time::{Duration, Instant};

use hearth::limits::Limits;
use hearth::server::Config;
use serde_json::Value;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpSocket, TcpStream};

use crate::support::{PATIENCE, TestServer, client_from};

const ATTACKER: &str = "127.0.0.2";

fn with_limits(limits: Limits) -> impl FnOnce(&mut Config) {
    move |config| config.limits = limits
}

/// A TCP connection to `server` from `source`.
async fn connect_from(source: &str, server: SocketAddr) -> TcpStream {
    let socket = TcpSocket::new_v4().unwrap();
    socket
        .bind(SocketAddr::new(source.parse().unwrap(), 0))
        .unwrap();
    socket.connect(server).await.expect("the kernel accepts")
}

/// Waits until the server closes `stream` (end of file or reset), reading
/// and discarding what it sends; panics after [`PATIENCE`].
async fn closed_by_server(stream: &mut TcpStream) {
    let mut buffer = [0u8; 1024];
    let deadline = Instant::now() + PATIENCE;
    loop {
        let left = deadline.saturating_duration_since(Instant::now());
        match tokio::time::timeout(left, stream.read(&mut buffer)).await {
            Ok(Ok(0) | Err(_)) => return,
            Ok(Ok(_)) => {}
            Err(_) => panic!("the server kept the connection open for {PATIENCE:?}"),
        }
    }
}

/// Sends a health check on `stream` and returns the status line.
async fn health_over(stream: &mut TcpStream) -> String {
    try_health_over(stream).await.expect("an answer")
}

/// The status line of a health check on `stream`; `None` if it was closed.
async fn try_health_over(stream: &mut TcpStream) -> Option<String> {
    stream
        .write_all(b"GET /healthz HTTP/1.1\r\nHost: hearth\r\n\r\n")
        .await
        .ok()?;
    let mut answer = vec![0u8; 4096];
    let read = tokio::time::timeout(PATIENCE, stream.read(&mut answer))
        .await
        .expect("an answer or a close in time")
        .ok()
        .filter(|read| *read > 0)?;
    let status = String::from_utf8_lossy(&answer[..read]);
    status.lines().next().map(str::to_owned)
}

#[tokio::test]
async fn connections_dribbling_headers_or_sending_nothing_are_closed_within_the_timeout() {
    let timeout = Duration::from_secs(1);
    let server = TestServer::configured(with_limits(Limits {
        header_read_timeout: timeout,
        ..Limits::default()
    }))
    .await;
    let address = server.server().address();
    let started = Instant::now();
    let mut attackers = Vec::new();
    for n in 0..40 {
        attackers.push(tokio::spawn(async move {
            let mut stream = connect_from(ATTACKER, address).await;
            if n % 2 == 0 {
                // Silent: connects and never says a word.
                closed_by_server(&mut stream).await;
                return;
            }
            let head = b"GET /healthz HTTP/1.1\r\nHost: hearth\r\nX-Slow: ";
            for byte in head.iter().cycle().take(200) {
                if stream.write_all(&[*byte]).await.is_err() {
                    return;
                }
                let mut probe = [0u8; 1];
                // Waits up to 100 ms between bytes, noticing a close at once.
                let waited =
                    tokio::time::timeout(Duration::from_millis(100), stream.read(&mut probe)).await;
                if let Ok(Ok(0) | Err(_)) = waited {
                    return;
                }
            }
            panic!("20 s of dribbled headers were never cut off");
        }));
    }
    assert_eq!(
        server.get("/healthz").await.status(),
        200,
        "others are served meanwhile"
    );
    for attacker in attackers {
        attacker.await.unwrap();
    }
    let took = started.elapsed();
    assert!(
        took < timeout + Duration::from_secs(4),
        "closing 40 slow connections took {took:?}"
    );
}

#[tokio::test]
async fn a_connection_that_goes_quiet_half_way_through_a_body_is_closed() {
    let server = TestServer::configured(with_limits(Limits {
        idle_timeout: Duration::from_secs(1),
        ..Limits::default()
    }))
    .await;
    let mut stream = connect_from(ATTACKER, server.server().address()).await;
    stream
        .write_all(
            b"POST /api/login HTTP/1.1\r\nHost: hearth\r\nContent-Type: application/json\r\n\
              Content-Length: 100\r\n\r\n{\"username\"",
        )
        .await
        .unwrap();
    let started = Instant::now();
    closed_by_server(&mut stream).await;
    assert!(
        started.elapsed() < Duration::from_secs(4),
        "{:?}",
        started.elapsed()
    );
}

#[tokio::test]
async fn the_connection_over_the_cap_is_refused_while_others_and_healthz_still_work() {
    let cap = 8;
    let server = TestServer::configured(with_limits(Limits {
        connections_per_address: cap,
        ..Limits::default()
    }))
    .await;
    let address = server.server().address();
    let mut held = Vec::new();
    for _ in 0..cap {
        held.push(connect_from(ATTACKER, address).await);
    }
    assert_eq!(
        health_over(&mut held[0]).await,
        "HTTP/1.1 200 OK",
        "within the cap"
    );

    let mut one_too_many = connect_from(ATTACKER, address).await;
    assert_eq!(
        try_health_over(&mut one_too_many).await,
        None,
        "the connection over the cap is closed unanswered"
    );

    assert_eq!(
        server.get("/healthz").await.status(),
        200,
        "healthz answers others"
    );
    let mut alice = server.player("Alice").await;
    assert!(alice.command("look").await.starts_with("Great Hall"));

    drop(held.pop());
    assert_eq!(
        health_once_served(ATTACKER, address).await,
        "HTTP/1.1 200 OK"
    );
}

/// The status of a health check from `source` on a new connection, once
/// one is served: the server counts a closed connection out when it sees
/// the close, a moment after the client closed it.
async fn health_once_served(source: &str, address: SocketAddr) -> String {
    let deadline = Instant::now() + PATIENCE;
    loop {
        let mut stream = connect_from(source, address).await;
        if let Some(status) = try_health_over(&mut stream).await {
            return status;
        }
        assert!(Instant::now() < deadline, "no connection was served again");
    }
}

/// A polling handshake from `source`, as the Socket.IO client starts one.
async fn handshake(client: &reqwest::Client, server: &TestServer) -> reqwest::Response {
    client
        .get(server.url("/socket.io/?EIO=4&transport=polling"))
        .send()
        .await
        .expect("the server answers")
}

#[tokio::test]
async fn a_handshake_flood_gets_429_quickly_and_players_elsewhere_are_unaffected() {
    let allowance = 20;
    let server = TestServer::configured(with_limits(Limits {
        handshakes_per_minute: allowance,
        ..Limits::default()
    }))
    .await;
    let flooder = client_from(ATTACKER);
    let started = Instant::now();
    let mut statuses = Vec::new();
    for _ in 0..300 {
        statuses.push(handshake(&flooder, &server).await);
    }
    let took = started.elapsed();
    let accepted = statuses.iter().filter(|r| r.status() == 200).count();
    // One more comes due every 60 s / allowance while the flood lasts.
    let due_meanwhile = (took.as_secs_f64() * f64::from(allowance) / 60.0).ceil() as usize;
    assert!(
        (allowance as usize..=allowance as usize + due_meanwhile).contains(&accepted),
        "{accepted} accepted: the allowance, and no more"
    );
    let refused = statuses.pop().unwrap();
    assert_eq!(refused.status(), 429);
    assert!(refused.headers().contains_key("retry-after"));
    assert!(refused.json::<Value>().await.unwrap()["error"].is_string());
    assert!(
        took < Duration::from_secs(5),
        "300 handshakes took {took:?}"
    );

    let mut alice = server.player("Alice").await;
    assert!(alice.command("look").await.starts_with("Great Hall"));
}

#[tokio::test]
async fn x_forwarded_for_counts_only_behind_a_trusted_proxy() {
    for trust_proxy in [false, true] {
        let server = TestServer::configured(|config| {
            config.trust_proxy = trust_proxy;
            config.limits.handshakes_per_minute = 2;
        })
        .await;
        let client = client_from(ATTACKER);
        let from = |address: &'static str| {
            client
                .get(server.url("/socket.io/?EIO=4&transport=polling"))
                .header("X-Forwarded-For", address)
                .send()
        };
        for _ in 0..2 {
            assert_eq!(from("203.0.113.1").await.unwrap().status(), 200);
        }
        assert_eq!(from("203.0.113.1").await.unwrap().status(), 429);
        let another = from("203.0.113.2").await.unwrap().status();
        let expected = if trust_proxy { 200 } else { 429 };
        assert_eq!(another, expected, "trust_proxy: {trust_proxy}");
    }
}

#[tokio::test]
async fn with_limits_off_one_address_may_open_as_much_as_it_likes() {
    let server = TestServer::configured(with_limits(Limits {
        connections_per_address: 2,
        handshakes_per_minute: 2,
        ..Limits::off()
    }))
    .await;
    let address = server.server().address();
    let mut held = Vec::new();
    for _ in 0..6 {
        held.push(connect_from(ATTACKER, address).await);
    }
    for stream in &mut held {
        assert_eq!(health_over(stream).await, "HTTP/1.1 200 OK");
    }
    let client = client_from(ATTACKER);
    for _ in 0..10 {
        assert_eq!(handshake(&client, &server).await.status(), 200);
    }
}
