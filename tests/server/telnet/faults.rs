//! Bad input over telnet: broken IAC sequences, binary junk, lines that are
//! too long or not UTF-8, a client that never reads, too many connections
//! from one address (the server's limit, lifted by `--limits off`). Each is
//! refused or disconnected, and nobody else notices.

use hearth::limits::Limits;

use crate::support::telnet::*;
use crate::support::{PATIENCE, TestServer};

#[tokio::test]
async fn broken_iac_sequences_cost_only_themselves() {
    let test = TestServer::start().await;
    let mut client = TelnetClient::plain(test.telnet()).await;
    // A subnegotiation broken off by a command, then a line.
    client
        .send(&[IAC, SB, TTYPE, 0, b'x', IAC, WILL, NAWS])
        .await;
    client.line("Zed").await;
    client.expect("Create Zed? (yes/no) ").await;
    assert!(
        client.transcript().negotiations.contains(&(DO, NAWS)),
        "the command after the broken subnegotiation was read"
    );
    // A negotiation split across writes.
    client.send(&[IAC]).await;
    client.send(&[DO, 99]).await;
    client
        .until("WONT for an unknown option", |transcript| {
            transcript.negotiations.contains(&(WONT, 99))
        })
        .await;
    // A subnegotiation with no option at all.
    client.send(&[IAC, SB, IAC, SE]).await;
    client.line("no").await;
    client.expect("Then which name?").await;
    client.expect("Name: ").await;
    test.stop().await;
}

#[tokio::test]
async fn binary_junk_is_refused_and_the_connection_goes_on() {
    let test = TestServer::start().await;
    let mut client = TelnetClient::plain(test.telnet()).await;
    let mut seed: u32 = 0x9e37_79b9;
    let junk: Vec<u8> = (0..20_000)
        .map(|_| {
            seed ^= seed << 13;
            seed ^= seed >> 17;
            seed ^= seed << 5;
            seed.to_le_bytes()[1]
        })
        .collect();
    client.send(&junk).await;
    // Whatever state the junk left, IAC SE twice ends any subnegotiation,
    // a line end any line, and "no" any question.
    client.send(&[IAC, SE, IAC, SE]).await;
    client.line("").await;
    client.line("no").await;
    client.line("Zed").await;
    client.expect("Create Zed? (yes/no) ").await;
    let text = client.transcript().text.clone();
    assert!(
        text.contains("That line was not UTF-8 text; set your client to UTF-8."),
        "junk lines were refused"
    );
    test.stop().await;
}

#[tokio::test]
async fn a_line_over_2000_bytes_is_refused_and_the_next_one_read() {
    let test = TestServer::start().await;
    let mut client = TelnetClient::plain(test.telnet()).await;
    client.line(&"a".repeat(3000)).await;
    client
        .expect("Lines are at most 2000 bytes; that one was not read.")
        .await;
    client.expect("Name: ").await;
    client.line(&"b".repeat(2000)).await;
    client.expect("A username is 3 to 20 characters").await;
    client.line("Zed").await;
    client.expect("Create Zed? (yes/no) ").await;
    test.stop().await;
}

#[tokio::test]
async fn a_line_that_is_not_utf8_is_refused() {
    let test = TestServer::start().await;
    let mut client = TelnetClient::plain(test.telnet()).await;
    client.send(b"Z\xe9d\r\n").await;
    client
        .expect("That line was not UTF-8 text; set your client to UTF-8.")
        .await;
    client.expect("Name: ").await;
    test.stop().await;
}

#[tokio::test]
async fn a_client_that_never_reads_is_disconnected_and_others_play_on() {
    let test = TestServer::start().await;
    let mut silent = TelnetClient::connect_small_window(test.telnet()).await;
    // Each bad name costs the server a refusal and a prompt to write; the
    // client reads none of it.
    let bad_names = "!\r\n".repeat(4096);
    let mut disconnected = false;
    for _ in 0..1000 {
        match tokio::time::timeout(PATIENCE, silent.try_send(bad_names.as_bytes())).await {
            Ok(true) => {}
            Ok(false) => {
                disconnected = true;
                break;
            }
            Err(_) => panic!("the server stopped reading without closing the connection"),
        }
    }
    assert!(
        disconnected,
        "the server dropped the client that did not read"
    );

    let mut other = TelnetClient::plain(test.telnet()).await;
    other.line("Zed").await;
    other.expect("Create Zed? (yes/no) ").await;
    assert_eq!(test.get("/healthz").await.status(), 200);
    test.stop().await;
}

#[tokio::test]
async fn one_address_may_hold_the_limits_connections_at_once() {
    let test = TestServer::configured(|config| config.limits.connections_per_address = 3).await;
    let mut clients = Vec::new();
    for _ in 0..3 {
        clients.push(TelnetClient::plain(test.telnet()).await);
    }
    let mut fourth = TelnetClient::connect(test.telnet()).await;
    fourth
        .expect("Too many connections from your address; close one and try again.")
        .await;
    fourth.closed().await;
    assert_eq!(
        test.get("/healthz").await.status(),
        200,
        "the web counts its own connections"
    );
    drop(clients.pop());
    // The server sees the close when it next reads; it is read at once.
    let deadline = tokio::time::Instant::now() + PATIENCE;
    loop {
        let mut again = TelnetClient::connect(test.telnet()).await;
        let transcript = again
            .until("an answer", |transcript| {
                !transcript.negotiations.is_empty() || transcript.text.contains("Too many")
            })
            .await;
        if !transcript.negotiations.is_empty() {
            break;
        }
        assert!(
            tokio::time::Instant::now() < deadline,
            "a place never came free"
        );
    }
    test.stop().await;
}

#[tokio::test]
async fn with_limits_off_an_address_may_hold_any_number() {
    let test = TestServer::configured(|config| {
        config.limits = Limits {
            connections_per_address: 1,
            ..Limits::off()
        };
    })
    .await;
    let mut clients = Vec::new();
    for _ in 0..3 {
        clients.push(TelnetClient::plain(test.telnet()).await);
    }
    for client in &mut clients {
        client.line("Zed").await;
        client.expect("Create Zed? (yes/no) ").await;
    }
    test.stop().await;
}
