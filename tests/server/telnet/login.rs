//! The login dialogue over raw telnet against the real server: the same
//! accounts, rules and lockouts as the web, passwords typed unseen, and how a
//! telnet session ends.

use std::time::Duration;

use serde_json::json;

use crate::support::telnet::*;
use crate::support::{PASSWORD, TestServer};

/// The end of the first room's description, which a logged-in player sees.
const IN_THE_GAME: &str = "Exits: north, gate.";

#[tokio::test]
async fn an_unknown_name_is_created_with_a_password_typed_twice_and_works_on_the_web() {
    let test = TestServer::start().await;
    let mut client = TelnetClient::plain(test.telnet()).await;
    client.line("Zed").await;
    let offer = client.expect("Create Zed? (yes/no) ").await;
    assert!(
        offer.contains("There is no character named Zed."),
        "{offer}"
    );
    client.line("maybe").await;
    client.expect("Please answer yes or no.").await;
    client.line("yes").await;
    client.expect("8 to 128 characters").await;
    client.expect("New password: ").await;
    client.line("short").await;
    client.expect("A password is 8 to 128 characters.").await;
    client.expect("New password: ").await;
    client.line(PASSWORD).await;
    client.expect("Repeat the password: ").await;
    client.line("something else entirely").await;
    client
        .expect("The two passwords differ; choose one again.")
        .await;
    client.expect("New password: ").await;
    client.line(PASSWORD).await;
    client.expect("Repeat the password: ").await;
    client.line(PASSWORD).await;
    client
        .expect("Welcome, Zed: your character is created.")
        .await;
    client.expect(IN_THE_GAME).await;

    let login = test
        .post(
            "/api/login",
            json!({ "username": "zed", "password": PASSWORD }),
        )
        .await;
    assert_eq!(login.status(), 200, "the account is the web's too");
    let taken = test
        .post(
            "/api/register",
            json!({ "username": "ZED", "password": PASSWORD }),
        )
        .await;
    assert_eq!(taken.status(), 409);
    test.stop().await;
}

#[tokio::test]
async fn a_known_name_is_asked_its_password_with_echo_off() {
    let test = TestServer::start().await;
    assert_eq!(test.register("Alice").await.status(), 201);
    let mut client = TelnetClient::plain(test.telnet()).await;
    client.line("alice").await;
    client
        .until("WILL ECHO for the password", |transcript| {
            transcript.negotiations.contains(&(WILL, ECHO))
        })
        .await;
    client.expect("Password: ").await;
    client.send(&[IAC, DO, ECHO]).await;
    client.line(PASSWORD).await;
    client.expect("Welcome back, Alice.").await;
    let transcript = client
        .until("WONT ECHO after the password", |transcript| {
            transcript.negotiations.contains(&(WONT, ECHO))
        })
        .await;
    assert!(
        !transcript.text.contains(PASSWORD),
        "the password is never shown"
    );
    client.expect(IN_THE_GAME).await;
    test.stop().await;
}

#[tokio::test]
async fn the_echo_goes_off_before_the_password_prompt() {
    let test = TestServer::start().await;
    assert_eq!(test.register("Alice").await.status(), 201);
    let mut client = TelnetClient::plain(test.telnet()).await;
    client.line("Alice").await;
    client.expect("Password: ").await;
    let raw = client.raw();
    let will_echo = raw
        .windows(3)
        .position(|window| window == [IAC, WILL, ECHO])
        .expect("WILL ECHO");
    let prompt = raw
        .windows(10)
        .position(|window| window == b"Password: ")
        .expect("the prompt");
    assert!(will_echo < prompt);
    test.stop().await;
}

#[tokio::test]
async fn wrong_passwords_close_the_connection_and_count_against_the_web_login() {
    let test = TestServer::start().await;
    assert_eq!(test.register("Alice").await.status(), 201);
    // Ten failures lock the account: three connections of three tries,
    // then one more.
    for _ in 0..3 {
        let mut client = TelnetClient::plain(test.telnet()).await;
        client.line("Alice").await;
        for attempt in 1..=3 {
            client.expect("Password: ").await;
            client.line(&format!("wrong password {attempt}")).await;
        }
        client.expect("Wrong password again; goodbye.").await;
        client.closed().await;
    }
    let mut client = TelnetClient::plain(test.telnet()).await;
    client.line("Alice").await;
    client.expect("Password: ").await;
    client.line("wrong password 10").await;
    client.expect("Wrong password.").await;
    client.expect("Password: ").await;
    client.line(PASSWORD).await;
    client
        .expect("Too many failed logins for this account; try again in")
        .await;
    client.expect("Name: ").await;

    let web = test
        .post(
            "/api/login",
            json!({ "username": "Alice", "password": PASSWORD }),
        )
        .await;
    assert_eq!(web.status(), 429, "the web's lockout counted them");
    test.stop().await;
}

#[tokio::test]
async fn a_name_against_the_rules_is_explained_and_asked_again() {
    let test = TestServer::start().await;
    let mut client = TelnetClient::plain(test.telnet()).await;
    client.line("al ice").await;
    let refusal = client.expect("accents).").await;
    assert!(
        refusal.replace("\r\n", " ").contains(
            "A username is 3 to 20 characters: letters, digits, '_' or '-' (no spaces or accents)."
        ),
        "{refusal}"
    );
    client.expect("Name: ").await;
    client.line("").await;
    client.expect("Name: ").await;
    client.line("Bob").await;
    client.expect("Create Bob? (yes/no) ").await;
    client.line("no").await;
    client.expect("Then which name?").await;
    client.expect("Name: ").await;
    test.stop().await;
}

#[tokio::test]
async fn quit_ends_the_telnet_session() {
    let test = TestServer::start().await;
    assert_eq!(test.register("Alice").await.status(), 201);
    let mut client = TelnetClient::plain(test.telnet()).await;
    client.log_in("Alice", PASSWORD).await;
    client.expect(IN_THE_GAME).await;
    client.line("quit").await;
    client.expect("Goodbye.").await;
    client.closed().await;
    test.stop().await;
}

#[tokio::test]
async fn a_player_idle_too_long_is_disconnected() {
    let test = TestServer::configured(|config| {
        config.telnet_idle_timeout = Some(Duration::from_millis(500));
    })
    .await;
    assert_eq!(test.register("Alice").await.status(), 201);
    let mut client = TelnetClient::plain(test.telnet()).await;
    client.log_in("Alice", PASSWORD).await;
    client.expect("You were idle too long; goodbye.").await;
    client.closed().await;
    test.stop().await;
}

#[tokio::test]
async fn shutting_down_tells_a_connection_at_the_login_prompt_once() {
    let test = TestServer::start().await;
    let mut at_login = TelnetClient::plain(test.telnet()).await;
    let stopping = tokio::spawn(test.stop());
    at_login
        .expect("The server is shutting down; try again when it is back.")
        .await;
    at_login.closed().await;
    assert_eq!(
        at_login.transcript().text.matches("shutting down").count(),
        1
    );
    tokio::time::timeout(crate::support::PATIENCE, stopping)
        .await
        .expect("the server stops in time")
        .unwrap();
}
