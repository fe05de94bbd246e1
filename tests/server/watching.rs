//! What a host sees of a running server: `/metrics` (only with the token)
//! naming what matters, and moderation written to the server's log at info.
//! The server is its own process here, as a host runs it: the metrics
//! recorder is process-wide, and its log is what it writes to stderr.

use std::fs::File;
use std::path::Path;
use std::time::Instant;

use crate::support::process::{HearthProcess, Scratch, hearth, sign_up};
use crate::support::{PATIENCE, Player, Transport};

const TOKEN: &str = "metrics-secret-123";

/// A server on 127.0.0.1 with `extra` arguments, logging at info to `log`.
fn start(scratch: &Scratch, log: &Path, extra: &[&str]) -> HearthProcess {
    let mut command = hearth();
    command
        .args(["--bind", "127.0.0.1", "--port", "0", "--log", "info"])
        .arg("--data-dir")
        .arg(&scratch.data_dir)
        .arg("--world")
        .arg(&scratch.world)
        .args(extra)
        .stderr(File::create(log).expect("the log file is created"));
    HearthProcess::spawn(command)
}

/// `name` signed up and in the game, past the message of the day.
async fn joined(url: &str, name: &str) -> Player {
    let token = sign_up(url, name).await;
    let mut player = Player::connect(url, name, &token, Transport::WebSocket)
        .await
        .expect("the player connects");
    player.event("system").await;
    player
}

/// Waits until `done` holds for what `read` returns; panics with the last
/// reading after [`PATIENCE`].
async fn eventually<F: Future<Output = String>>(
    what: &str,
    mut read: impl FnMut() -> F,
    done: impl Fn(&str) -> bool,
) -> String {
    let deadline = Instant::now() + PATIENCE;
    loop {
        let reading = read().await;
        if done(&reading) {
            return reading;
        }
        assert!(Instant::now() < deadline, "{what}, not yet in:\n{reading}");
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    }
}

#[tokio::test]
async fn metrics_answer_only_with_the_token_and_name_what_a_host_watches() {
    let scratch = Scratch::new();
    let server = start(&scratch, &scratch.file("log"), &["--metrics-token", TOKEN]);
    let url = server.url();
    let client = reqwest::Client::new();
    let metrics = format!("{url}metrics");
    assert_eq!(client.get(&metrics).send().await.unwrap().status(), 401);
    let wrong = client
        .get(&metrics)
        .bearer_auth("guess")
        .send()
        .await
        .unwrap();
    assert_eq!(wrong.status(), 401);

    let mut ada = joined(&url, "Ada").await;
    ada.command("look").await;
    let expected = [
        "hearth_connections 1",
        "hearth_players_online 1",
        "hearth_commands_total{command=\"look\"} 1",
        "hearth_command_seconds_bucket",
        "hearth_command_seconds_count",
        "hearth_commit_seconds_bucket",
        "hearth_group_inputs_bucket",
        "hearth_logins_total{result=\"ok\"} 1",
        "hearth_registrations_total{result=\"ok\"} 1",
    ];
    let text = eventually(
        "every metric",
        || async {
            let response = client
                .get(&metrics)
                .bearer_auth(TOKEN)
                .send()
                .await
                .unwrap();
            assert_eq!(response.status(), 200);
            let kind = response.headers()["content-type"]
                .to_str()
                .unwrap()
                .to_owned();
            assert!(kind.starts_with("text/plain"), "{kind}");
            response.text().await.unwrap()
        },
        |text| expected.iter().all(|line| text.contains(line)),
    )
    .await;
    assert!(
        text.contains("# TYPE hearth_command_seconds histogram"),
        "{text}"
    );
    server.terminate();

    let without = start(&Scratch::new(), &scratch.file("log2"), &[]);
    let response = client
        .get(format!("{}metrics", without.url()))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 404, "no token, no metrics");
}

#[tokio::test]
async fn moderation_and_failed_logins_are_in_the_log_at_info() {
    let scratch = Scratch::new();
    let log = scratch.file("log");
    let server = start(&scratch, &log, &["--admin", "Ada"]);
    let url = server.url();
    let mut ada = joined(&url, "Ada").await;
    let _bob = joined(&url, "Bob").await;
    assert_eq!(
        ada.command("kick Bob shouting in the hall").await,
        "You kick Bob out of the game."
    );
    assert_eq!(
        ada.command("mute Bob 10").await,
        "You mute Bob for 10 minutes."
    );
    let wrong = reqwest::Client::new()
        .post(format!("{url}api/login"))
        .json(&serde_json::json!({ "username": "Bob", "password": "not the password" }))
        .send()
        .await
        .unwrap();
    assert_eq!(wrong.status(), 401);
    let read_log = || async { std::fs::read_to_string(&log).unwrap() };
    let info_line = |text: &str, needle: &str| {
        text.lines()
            .any(|line| line.contains(" INFO ") && line.contains(needle))
    };
    eventually("the moderation and the failed login", read_log, |text| {
        info_line(text, "the server promote Ada (admin): named with --admin")
            && info_line(text, "Ada kick Bob: shouting in the hall")
            && info_line(text, "Ada mute Bob (for 10 minutes)")
            && info_line(text, "a login failed: wrong name or password")
    })
    .await;
    let text = read_log().await;
    assert!(
        !text.contains('\u{1b}'),
        "no colour codes in a file:\n{text}"
    );
}
