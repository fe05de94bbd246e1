//! The staff's errands in a cluster: an admin named with `--admin` on one
//! instance gives a player of another instance a new password (their
//! connection there is closed, their old sessions refused everywhere, the
//! new password works) and unlocks an account locked out everywhere.

use reqwest::StatusCode;
use serde_json::{Value, json};

use crate::support::process::sign_up;
use crate::support::{Cluster, Instance, PASSWORD, Player, Transport};

/// Every instance is told the same admins, as the world file.
const HOSTED: [&str; 4] = ["--admin", "Ada", "--failed-logins-per-address", "1000"];

/// Two instances whose host named Ada an admin.
async fn hosted() -> (Cluster, Instance, Instance) {
    let mut cluster = Cluster::start().await;
    let one = cluster.instance_with(&HOSTED);
    let two = cluster.instance_with(&HOSTED);
    cluster.leader(&[&one, &two]).await;
    (cluster, one, two)
}

/// `name` signed up and playing on `instance`, past the message of the day.
async fn joined(instance: &Instance, name: &str) -> (Player, String) {
    let token = sign_up(&instance.url(), name).await;
    let mut player = Player::connect(&instance.url(), name, &token, Transport::WebSocket)
        .await
        .expect("the player connects");
    assert_eq!(
        player.event("system").await["text"],
        "Welcome to the Test Keep."
    );
    (player, token)
}

async fn login_status(instance: &Instance, name: &str, password: &str) -> StatusCode {
    reqwest::Client::new()
        .post(format!("{}api/login", instance.url()))
        .json(&json!({ "username": name, "password": password }))
        .send()
        .await
        .expect("the instance answers")
        .status()
}

async fn login_token(instance: &Instance, name: &str) -> String {
    let response = reqwest::Client::new()
        .post(format!("{}api/login", instance.url()))
        .json(&json!({ "username": name, "password": PASSWORD }))
        .send()
        .await
        .expect("the instance answers");
    let login: Value = response.json().await.unwrap();
    login["token"].as_str().expect("a token").to_owned()
}

#[tokio::test]
async fn setpassword_on_one_instance_ends_the_players_sessions_on_every_instance() {
    let (_cluster, one, two) = hosted().await;
    let (mut ada, _) = joined(&one, "Ada").await;
    let (mut bob, token) = joined(&two, "Bob").await;
    let other_token = login_token(&one, "Bob").await;

    assert_eq!(
        ada.command("setpassword Bob a brand new phrase").await,
        "Setting a new password for Bob..."
    );
    assert_eq!(
        ada.event("system").await["text"],
        "Bob's password is changed, and every session of theirs has ended."
    );
    assert_eq!(
        bob.event("system").await["text"],
        "An admin gave your account a new password; log in with it."
    );
    bob.closed().await;
    for instance in [&one, &two] {
        for old in [&token, &other_token] {
            let refused = Player::connect(&instance.url(), "Bob", old, Transport::WebSocket)
                .await
                .err()
                .expect("the old session is gone");
            assert_eq!(refused, json!({ "message": "unauthorized" }));
        }
        assert_eq!(
            login_status(instance, "Bob", PASSWORD).await,
            StatusCode::UNAUTHORIZED
        );
        assert_eq!(
            login_status(instance, "Bob", "a brand new phrase").await,
            StatusCode::OK
        );
    }
}

#[tokio::test]
async fn unlockaccount_on_one_instance_lets_a_locked_account_in_on_another() {
    let (_cluster, one, two) = hosted().await;
    let (mut ada, _) = joined(&one, "Ada").await;
    sign_up(&two.url(), "Bob").await;
    for guess in 0..10 {
        let instance = if guess % 2 == 0 { &one } else { &two };
        assert_eq!(
            login_status(instance, "Bob", "wrong guess!").await,
            StatusCode::UNAUTHORIZED
        );
    }
    assert_eq!(
        login_status(&two, "Bob", PASSWORD).await,
        StatusCode::TOO_MANY_REQUESTS
    );
    assert_eq!(
        ada.command("unlockaccount Bob").await,
        "Unlocking Bob's account..."
    );
    assert_eq!(
        ada.event("system").await["text"],
        "Bob's failed logins are forgotten; they can log in again now."
    );
    assert_eq!(login_status(&two, "Bob", PASSWORD).await, StatusCode::OK);
}
