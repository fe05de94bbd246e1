//! `hearth admin ...`: the real binary on the real data directory of a
//! stopped server, and the server started again on it honouring what it
//! did. With the server running, it refuses and changes nothing.

use std::io::Write;
use std::path::Path;
use std::process::{Output, Stdio};

use serde_json::{Value, json};

use crate::support::process::{hearth, run_to_completion};
use crate::support::{PASSWORD, PATIENCE, Player, TestServer, Transport};

/// Runs `hearth admin ARGS` on `data_dir`.
fn admin(data_dir: &Path, args: &[&str]) -> Output {
    let mut command = hearth();
    command
        .arg("--data-dir")
        .arg(data_dir)
        .arg("admin")
        .args(args);
    run_to_completion(command)
}

/// Runs `hearth admin password NAME` with `password` on standard input.
fn admin_password(data_dir: &Path, name: &str, password: &str) -> Output {
    let mut child = hearth()
        .arg("--data-dir")
        .arg(data_dir)
        .args(["admin", "password", name])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("hearth runs");
    let mut stdin = child.stdin.take().expect("stdin is piped");
    writeln!(stdin, "{password}").expect("the password is written");
    drop(stdin);
    let (done, finished) = std::sync::mpsc::channel();
    std::thread::spawn(move || done.send(child.wait_with_output()));
    finished
        .recv_timeout(PATIENCE)
        .expect("hearth admin password finishes")
        .expect("its output is read")
}

/// What `output` printed, checking it succeeded.
fn succeeded(output: &Output) -> String {
    let stdout = String::from_utf8_lossy(&output.stdout).into_owned();
    assert!(
        output.status.success(),
        "{stdout}\n{}",
        String::from_utf8_lossy(&output.stderr)
    );
    stdout
}

/// `name`, in the game again after a restart, past the message of the day.
async fn back_in(server: &TestServer, name: &str, password: &str) -> Player {
    let response = server
        .post(
            "/api/login",
            json!({ "username": name, "password": password }),
        )
        .await;
    assert_eq!(response.status(), 200, "{name} logs in");
    let token = response.json::<Value>().await.unwrap()["token"]
        .as_str()
        .unwrap()
        .to_owned();
    let mut player = server.connect(name, &token, Transport::WebSocket).await;
    player.event("system").await;
    player
}

fn command_names(welcome: &Value) -> Vec<String> {
    welcome["commands"]
        .as_array()
        .unwrap()
        .iter()
        .map(|command| command["name"].as_str().unwrap().to_owned())
        .collect()
}

#[tokio::test]
async fn a_role_granted_offline_gives_its_commands_and_is_audited() {
    let mut server = TestServer::start().await;
    let ada = server.player("Ada").await;
    assert!(!command_names(&ada.welcome).contains(&"promote".to_owned()));

    let refused = admin(&server.data_dir, &["grant", "Ada", "admin"]);
    assert!(!refused.status.success());
    let error = String::from_utf8_lossy(&refused.stderr);
    assert!(error.contains("stop it first"), "{error}");
    ada.disconnect().await;

    let mut granted = String::new();
    server
        .restart_after(async |data_dir| {
            granted = succeeded(&admin(data_dir, &["grant", "ada", "admin"]));
            let players = succeeded(&admin(data_dir, &["players"]));
            assert_eq!(players.trim(), "Ada  admin");
            let unknown = admin(data_dir, &["grant", "Nobody", "admin"]);
            assert!(!unknown.status.success());
            assert!(String::from_utf8_lossy(&unknown.stderr).contains("no account named Nobody"));
        })
        .await;
    assert_eq!(granted.trim(), "Ada is now an admin.");

    let mut ada = back_in(&server, "Ada", PASSWORD).await;
    assert!(command_names(&ada.welcome).contains(&"promote".to_owned()));
    assert!(ada.command("help").await.contains("setpassword <player>"));
    let log = ada.command("audit").await;
    assert!(
        log.ends_with("the server promote Ada (admin): hearth admin, with the server stopped"),
        "{log}"
    );
    ada.disconnect().await;

    server
        .restart_after(async |data_dir| {
            let revoked = succeeded(&admin(data_dir, &["revoke", "Ada"]));
            assert_eq!(revoked.trim(), "Ada is now a player.");
            let audit = succeeded(&admin(data_dir, &["audit", "--last", "1"]));
            assert!(
                audit.trim().ends_with(
                    "the server promote Ada (player): hearth admin, with the server stopped"
                ),
                "{audit}"
            );
        })
        .await;
    let ada = back_in(&server, "Ada", PASSWORD).await;
    assert!(!command_names(&ada.welcome).contains(&"promote".to_owned()));
}

#[tokio::test]
async fn a_password_reset_offline_lets_the_owner_in_with_the_new_one_only() {
    let mut server = TestServer::start().await;
    server.account("Bob").await;
    let mut answer = String::new();
    server
        .restart_after(async |data_dir| {
            let short = admin_password(data_dir, "Bob", "short");
            assert!(!short.status.success());
            assert!(String::from_utf8_lossy(&short.stderr).contains("8 to 128 characters"));
            answer = succeeded(&admin_password(data_dir, "Bob", "a brand new secret"));
        })
        .await;
    assert_eq!(answer.trim(), "Bob's password is changed; 1 session ended.");
    let old = server
        .post(
            "/api/login",
            json!({ "username": "Bob", "password": PASSWORD }),
        )
        .await;
    assert_eq!(old.status(), 401);
    back_in(&server, "Bob", "a brand new secret").await;
}

#[tokio::test]
async fn a_ban_is_listed_and_lifted_offline() {
    let mut server = TestServer::configured(|config| config.admins = vec!["Ada".to_owned()]).await;
    let mut ada = server.player("Ada").await;
    ada.event("system").await;
    let bob = server.player("Bob").await;
    assert_eq!(
        ada.command("ban Bob 1d griefing").await,
        "You ban Bob for 1440 minutes."
    );
    drop(bob);
    ada.disconnect().await;

    let mut bans = String::new();
    let mut unbanned = String::new();
    server
        .restart_after(async |data_dir| {
            bans = succeeded(&admin(data_dir, &["bans"]));
            unbanned = succeeded(&admin(data_dir, &["unban", "bob"]));
            let again = succeeded(&admin(data_dir, &["bans"]));
            assert_eq!(again.trim(), "No one is banned.");
        })
        .await;
    assert!(
        bans.starts_with("Bob  banned until ") && bans.trim_end().ends_with("(by Ada: griefing)"),
        "{bans}"
    );
    assert_eq!(unbanned.trim(), "Bob is unbanned: they may log in again.");
    back_in(&server, "Bob", PASSWORD).await;
}

#[test]
fn without_a_game_in_the_data_directory_nothing_is_created() {
    let temp = tempfile::TempDir::new().unwrap();
    let data_dir = temp.path().join("nothing-here");
    let output = admin(&data_dir, &["players"]);
    assert!(!output.status.success());
    let error = String::from_utf8_lossy(&output.stderr);
    assert!(error.contains("there is no game in"), "{error}");
    assert!(!data_dir.exists());
}
