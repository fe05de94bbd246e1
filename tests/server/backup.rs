//! Backups while running, and restoring one.

use std::time::Duration;

use crate::support::process::{HearthProcess, Scratch, run, sign_up};
use crate::support::{PATIENCE, Player, TestServer, Transport, config};

fn snapshots_in(data_dir: &std::path::Path) -> Vec<std::path::PathBuf> {
    let Ok(entries) = std::fs::read_dir(data_dir.join("snapshots")) else {
        return Vec::new();
    };
    let mut files: Vec<_> = entries
        .map(|entry| entry.unwrap().path())
        .filter(|path| {
            path.extension()
                .is_some_and(|extension| extension == "redb")
        })
        .collect();
    files.sort();
    files
}

#[tokio::test]
async fn a_snapshot_taken_while_playing_restores_the_world_as_it_was() {
    let scratch = Scratch::new();
    let (data_dir, world) = (&scratch.data_dir, &scratch.world);
    let process = HearthProcess::start(data_dir, world, 0);
    let url = format!("http://127.0.0.1:{}/", process.port);
    let token = sign_up(&url, "Alice").await;
    let mut alice = Player::connect(&url, "Alice", &token, Transport::WebSocket)
        .await
        .unwrap();
    alice.command("take iron key").await;
    process.signal("USR1");
    let snapshot = wait_for_snapshot(data_dir).await;
    alice.command("drop iron key").await;
    alice.command("north").await;
    alice.disconnect().await;
    assert!(process.terminate().1);

    let output = run(&[
        "restore",
        snapshot.to_str().unwrap(),
        "--data-dir",
        data_dir.to_str().unwrap(),
    ]);
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let said = String::from_utf8_lossy(&output.stdout);
    assert!(
        said.contains("Restored") && said.contains("before-restore"),
        "{said}"
    );

    let process = HearthProcess::start(data_dir, world, 0);
    let url = format!("http://127.0.0.1:{}/", process.port);
    let mut alice = Player::connect(&url, "Alice", &token, Transport::WebSocket)
        .await
        .unwrap();
    assert_eq!(alice.welcome["location"], "hall");
    assert!(alice.command("inventory").await.contains("iron key"));
    assert!(process.terminate().1);
}

async fn wait_for_snapshot(data_dir: &std::path::Path) -> std::path::PathBuf {
    let deadline = std::time::Instant::now() + PATIENCE;
    loop {
        if let Some(snapshot) = snapshots_in(data_dir).pop() {
            return snapshot;
        }
        assert!(std::time::Instant::now() < deadline, "no snapshot appeared");
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
}

#[tokio::test]
async fn restoring_is_refused_while_a_server_uses_the_database() {
    let server = TestServer::start().await;
    let snapshot = server.server().snapshotter().take().await.unwrap();
    let output = run(&[
        "restore",
        snapshot.to_str().unwrap(),
        "--data-dir",
        server.data_dir.to_str().unwrap(),
    ]);
    assert!(!output.status.success());
    assert!(String::from_utf8_lossy(&output.stderr).contains("in use"));
}

#[tokio::test]
async fn restoring_refuses_a_file_that_is_not_a_snapshot() {
    let scratch = Scratch::new();
    let data_dir = &scratch.data_dir;
    let bogus = scratch.file("bogus.redb");
    std::fs::write(&bogus, b"not a database at all").unwrap();
    let output = run(&[
        "restore",
        bogus.to_str().unwrap(),
        "--data-dir",
        data_dir.to_str().unwrap(),
    ]);
    assert!(!output.status.success());
    assert!(String::from_utf8_lossy(&output.stderr).contains("cannot be used"));
    assert!(!data_dir.join("hearth.redb").exists());
}

#[tokio::test]
async fn scheduled_snapshots_are_taken_and_the_oldest_pruned() {
    let scratch = Scratch::new();
    let data_dir = &scratch.data_dir;
    let mut settings = config(data_dir, None, Vec::new());
    settings.snapshot_every = Some(Duration::from_millis(100));
    settings.snapshots_kept = 2;
    let server = hearth::server::Server::start(settings).await.unwrap();
    // Watches until a third snapshot has been taken (each new one is
    // written before the oldest is pruned).
    let mut seen = std::collections::BTreeSet::new();
    let deadline = std::time::Instant::now() + PATIENCE;
    while seen.len() < 3 {
        seen.extend(snapshots_in(data_dir));
        assert!(std::time::Instant::now() < deadline, "seen only {seen:?}");
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    server.shutdown().await.unwrap();
    let snapshots = snapshots_in(data_dir);
    assert_eq!(snapshots.len(), 2, "{snapshots:?}");
    seen.extend(snapshots.iter().cloned());
    assert_eq!(
        snapshots[..],
        seen.iter().rev().take(2).rev().cloned().collect::<Vec<_>>()[..],
        "the newest are kept"
    );
}

#[tokio::test]
async fn sigusr1_takes_a_snapshot_now() {
    let scratch = Scratch::new();
    let (data_dir, world) = (&scratch.data_dir, &scratch.world);
    let process = HearthProcess::start(data_dir, world, 0);
    assert!(snapshots_in(data_dir).is_empty());
    process.signal("USR1");
    wait_for_snapshot(data_dir).await;
    assert!(process.terminate().1);
}

#[test]
fn hearth_snapshot_asks_the_running_server_for_one_and_prints_its_path() {
    let scratch = Scratch::new();
    let process = HearthProcess::start(&scratch.data_dir, &scratch.world, 0);
    let pid_file = scratch.data_dir.join("hearth.pid");
    assert_eq!(
        std::fs::read_to_string(&pid_file).unwrap().trim(),
        process.pid().to_string()
    );
    let output = run(&["snapshot", "--data-dir", scratch.data_dir.to_str().unwrap()]);
    let said = String::from_utf8_lossy(&output.stdout);
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let snapshots = snapshots_in(&scratch.data_dir);
    assert_eq!(snapshots.len(), 1);
    assert!(
        said.contains(&snapshots[0].display().to_string()),
        "{said} / {snapshots:?}"
    );
    assert!(process.terminate().1);
    assert!(!pid_file.exists(), "the PID file is removed at exit");
}

#[test]
fn hearth_snapshot_says_so_when_no_server_runs() {
    let scratch = Scratch::new();
    let data_dir = scratch.data_dir.to_str().unwrap();
    let output = run(&["snapshot", "--data-dir", data_dir]);
    assert!(!output.status.success());
    assert!(String::from_utf8_lossy(&output.stderr).contains("no Hearth server is running"));

    // A server killed outright leaves its PID file; the database is not
    // open, so no signal is sent to whatever has that number now.
    let process = HearthProcess::start(&scratch.data_dir, &scratch.world, 0);
    process.kill();
    assert!(scratch.data_dir.join("hearth.pid").exists());
    let output = run(&["snapshot", "--data-dir", data_dir]);
    assert!(!output.status.success());
    let error = String::from_utf8_lossy(&output.stderr);
    assert!(
        error.contains("no Hearth server is running") && error.contains("not open"),
        "{error}"
    );
    assert!(snapshots_in(&scratch.data_dir).is_empty());
}

#[tokio::test]
async fn the_data_directory_database_and_snapshots_are_private_to_their_owner() {
    use std::os::unix::fs::PermissionsExt as _;
    let mode =
        |path: &std::path::Path| std::fs::metadata(path).unwrap().permissions().mode() & 0o777;
    let server = TestServer::start().await;
    let snapshot = server.server().snapshotter().take().await.unwrap();
    assert_eq!(mode(&server.data_dir), 0o700);
    assert_eq!(mode(&server.data_dir.join("hearth.redb")), 0o600);
    assert_eq!(mode(snapshot.parent().unwrap()), 0o700);
    assert_eq!(mode(&snapshot), 0o600);
}
