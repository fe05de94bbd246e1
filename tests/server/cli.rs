//! The command line: every flag is also an environment variable, and
//! `--help` explains them.

use crate::support::process::{Scratch, hearth, run};
use std::io::{BufRead, BufReader};
use std::process::Stdio;

#[test]
fn help_explains_every_flag_and_its_variable() {
    let output = run(&["--help"]);
    assert!(output.status.success());
    let help = String::from_utf8_lossy(&output.stdout);
    for (flag, variable) in [
        ("--bind", "HEARTH_BIND"),
        ("--port", "HEARTH_PORT"),
        ("--data-dir", "HEARTH_DATA_DIR"),
        ("--world", "HEARTH_WORLD"),
        ("--allow-origin", "HEARTH_ALLOW_ORIGIN"),
        ("--log", "RUST_LOG"),
        ("--snapshot-every", "HEARTH_SNAPSHOT_EVERY"),
        ("--public-url", "HEARTH_PUBLIC_URL"),
        ("--trust-proxy", "HEARTH_TRUST_PROXY"),
        ("--limits", "HEARTH_LIMITS"),
        ("--header-timeout", "HEARTH_HEADER_TIMEOUT"),
        ("--idle-timeout", "HEARTH_IDLE_TIMEOUT"),
        (
            "--max-connections-per-address",
            "HEARTH_MAX_CONNECTIONS_PER_ADDRESS",
        ),
        ("--handshakes-per-minute", "HEARTH_HANDSHAKES_PER_MINUTE"),
    ] {
        assert!(
            help.contains(flag) && help.contains(variable),
            "{flag} / {variable} missing:\n{help}"
        );
    }
}

#[tokio::test]
async fn the_environment_configures_the_server_like_the_flags() {
    let scratch = Scratch::new();
    let mut child = hearth()
        .env("HEARTH_BIND", "127.0.0.1")
        .env("HEARTH_PORT", "0")
        .env("HEARTH_DATA_DIR", &scratch.data_dir)
        .env("HEARTH_WORLD", &scratch.world)
        .env(
            "HEARTH_ALLOW_ORIGIN",
            "http://one.example,http://two.example",
        )
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let mut lines = BufReader::new(child.stdout.take().unwrap()).lines();
    let banner: Vec<String> = (0..3).map(|_| lines.next().unwrap().unwrap()).collect();
    assert!(banner[0].contains("The Test Keep"), "{banner:?}");
    let url = banner[2].trim().to_owned();
    assert!(url.starts_with("http://127.0.0.1:"), "{banner:?}");
    assert!(scratch.data_dir.join("hearth.redb").exists());

    let client = reqwest::Client::new();
    for (origin, status) in [("http://two.example", 200), ("http://three.example", 403)] {
        let response = client
            .get(format!("{url}healthz"))
            .header("Origin", origin)
            .send()
            .await
            .unwrap();
        assert_eq!(response.status(), status, "{origin}");
    }
    child.kill().unwrap();
    child.wait().unwrap();
}
