//! Guarding the data: a server refuses to start on a database it must not or
//! cannot use, says why, and leaves the file exactly as it was.

use std::path::Path;

use hearth::game::UserKey;
use hearth::store::{Account, RedbStore, Store};

use crate::support::process::{HearthProcess, Scratch, run, sign_up};
use crate::support::{TestServer, config};

/// Runs `hearth` on `data_dir` until it gives up; returns what it printed.
fn refused_start(data_dir: &Path) -> String {
    let output = run(&[
        "--bind",
        "127.0.0.1",
        "--port",
        "0",
        "--data-dir",
        data_dir.to_str().unwrap(),
    ]);
    assert!(!output.status.success(), "the server must refuse to start");
    String::from_utf8_lossy(&output.stderr).into_owned()
}

/// A database with one player in it, closed cleanly.
async fn used_database() -> (Scratch, std::path::PathBuf) {
    let scratch = Scratch::new();
    let data_dir = scratch.data_dir.clone();
    let server = hearth::server::Server::start(config(&data_dir, None, Vec::new()))
        .await
        .unwrap();
    reqwest::Client::new()
        .post(format!("http://{}/api/register", server.address()))
        .json(&serde_json::json!({ "username": "Alice", "password": crate::support::PASSWORD }))
        .send()
        .await
        .unwrap();
    server.shutdown().await.unwrap();
    (scratch, data_dir)
}

fn database(data_dir: &Path) -> std::path::PathBuf {
    data_dir.join("hearth.redb")
}

#[tokio::test]
async fn a_second_server_on_the_same_data_directory_refuses_and_the_first_carries_on() {
    let server = TestServer::start().await;
    let message = refused_start(&server.data_dir);
    assert!(
        message.contains("in use by another Hearth server"),
        "{message}"
    );
    let mut alice = server.player("Alice").await;
    assert!(alice.command("look").await.starts_with("Great Hall"));
}

#[tokio::test]
async fn a_file_that_is_not_a_database_is_refused_and_left_untouched() {
    let scratch = Scratch::new();
    let data_dir = scratch.data_dir.clone();
    std::fs::create_dir_all(&data_dir).unwrap();
    let garbage: Vec<u8> = (0..100_000u32)
        .map(|n| (n.wrapping_mul(2654435761) >> 13) as u8)
        .collect();
    std::fs::write(database(&data_dir), &garbage).unwrap();
    let message = refused_start(&data_dir);
    assert!(
        message.contains("cannot be used") && message.contains("not changed"),
        "{message}"
    );
    assert_eq!(std::fs::read(database(&data_dir)).unwrap(), garbage);
}

#[tokio::test]
async fn a_truncated_database_is_refused_and_left_untouched() {
    let (_temp, data_dir) = used_database().await;
    let file = database(&data_dir);
    let whole = std::fs::read(&file).unwrap();
    let truncated = &whole[..whole.len() / 3];
    std::fs::write(&file, truncated).unwrap();
    let message = refused_start(&data_dir);
    assert_refused_as_damaged(&message, &data_dir);
    assert_eq!(std::fs::read(&file).unwrap(), truncated);
}

#[tokio::test]
async fn a_database_damaged_inside_is_refused_and_left_untouched() {
    let (_temp, data_dir) = used_database().await;
    let file = database(&data_dir);
    let mut bytes = std::fs::read(&file).unwrap();
    for byte in bytes.iter_mut().skip(4096).step_by(7) {
        *byte ^= 0x5A;
    }
    std::fs::write(&file, &bytes).unwrap();
    let message = refused_start(&data_dir);
    assert_refused_as_damaged(&message, &data_dir);
    assert_eq!(std::fs::read(&file).unwrap(), bytes);
}

#[tokio::test]
async fn a_database_with_one_damaged_record_is_refused_and_left_untouched() {
    let (_temp, data_dir) = used_database().await;
    let file = database(&data_dir);
    let mut bytes = std::fs::read(&file).unwrap();
    let record = b"\"name\":\"Alice\"";
    let starts: Vec<usize> = bytes
        .windows(record.len())
        .enumerate()
        .filter(|(_, w)| *w == record)
        .map(|(i, _)| i)
        .collect();
    assert!(!starts.is_empty(), "the account record is in the file");
    for start in starts {
        bytes[start + 1] = b'#';
    }
    std::fs::write(&file, &bytes).unwrap();
    let message = refused_start(&data_dir);
    assert_refused_as_damaged(&message, &data_dir);
    assert_eq!(std::fs::read(&file).unwrap(), bytes);
}

/// Checks that a refusal of a damaged database tells how to restore a
/// snapshot, and that nothing panicked on the way.
fn assert_refused_as_damaged(message: &str, data_dir: &Path) {
    assert!(message.contains("cannot be used"), "{message}");
    assert!(message.contains("hearth restore"), "{message}");
    let snapshots = data_dir.join("snapshots");
    assert!(
        message.contains(&snapshots.display().to_string()),
        "names where snapshots live: {message}"
    );
    assert!(!message.contains("panicked"), "{message}");
}

#[tokio::test]
async fn an_empty_database_file_is_refused_and_left_untouched() {
    let (_temp, data_dir) = used_database().await;
    let file = database(&data_dir);
    std::fs::write(&file, b"").unwrap();
    let message = refused_start(&data_dir);
    assert_refused_as_damaged(&message, &data_dir);
    assert!(message.contains("empty"), "{message}");
    assert_eq!(std::fs::read(&file).unwrap(), b"");
}

/// A copy of `bytes` with one 4 KiB page zeroed.
fn with_zeroed_page(bytes: &[u8], offset: usize) -> Vec<u8> {
    let mut damaged = bytes.to_vec();
    damaged[offset..offset + PAGE].fill(0);
    damaged
}

const PAGE: usize = 4096;

#[tokio::test]
async fn a_zeroed_page_only_a_writable_open_reads_is_refused_without_a_panic() {
    // The page after the header holds redb's own tables, which a read-only
    // handle never reads; the writable open panicked inside redb on it.
    let (_temp, data_dir) = used_database().await;
    let file = database(&data_dir);
    let damaged = with_zeroed_page(&std::fs::read(&file).unwrap(), PAGE);
    std::fs::write(&file, &damaged).unwrap();
    let message = refused_start(&data_dir);
    assert_refused_as_damaged(&message, &data_dir);
    assert_eq!(std::fs::read(&file).unwrap(), damaged);
}

#[tokio::test]
async fn whatever_page_is_zeroed_the_database_is_refused_or_serves_writes_and_never_panics() {
    let (_temp, data_dir) = used_database().await;
    let refused = zero_each_page_in_turn(&data_dir).await;
    assert!(refused > 0, "some pages matter");
}

#[tokio::test]
async fn whatever_page_of_a_crashed_database_is_zeroed_it_is_refused_or_repaired_and_never_panics()
{
    let scratch = Scratch::new();
    let crashed = HearthProcess::start(&scratch.data_dir, &scratch.world, 0);
    sign_up(&crashed.url(), "Alice").await;
    crashed.kill();
    zero_each_page_in_turn(&scratch.data_dir).await;
}

/// Zeroes each page of the database in `data_dir` in turn, and opens it:
/// it must be refused, or accepted and then take a write. Returns how many
/// were refused; the file is as it was afterwards.
async fn zero_each_page_in_turn(data_dir: &Path) -> usize {
    let file = database(data_dir);
    let whole = std::fs::read(&file).unwrap();
    let mut refused = 0;
    for offset in (0..whole.len()).step_by(PAGE) {
        std::fs::write(&file, with_zeroed_page(&whole, offset)).unwrap();
        let opened = tokio::task::spawn_blocking({
            let data_dir = data_dir.to_owned();
            move || RedbStore::open(&data_dir)
        })
        .await
        .unwrap_or_else(|_| panic!("opening with the page at {offset} zeroed panicked"));
        let Ok(store) = opened else {
            refused += 1;
            continue;
        };
        let account = Account {
            name: "Newcomer".to_owned(),
            password_hash: "not a real hash".to_owned(),
            created_at: 0,
        };
        let written = store
            .create_account(UserKey::new("newcomer"), account)
            .await;
        assert!(
            written.is_ok(),
            "the page at {offset} zeroed was accepted, then a write failed: {written:?}"
        );
        store.close().await.unwrap();
    }
    std::fs::write(&file, &whole).unwrap();
    refused
}

#[tokio::test]
async fn the_refusal_of_a_damaged_database_names_the_newest_snapshot() {
    let scratch = Scratch::new();
    let data_dir = scratch.data_dir.clone();
    let server = hearth::server::Server::start(config(&data_dir, None, Vec::new()))
        .await
        .unwrap();
    let snapshot = server.snapshotter().take().await.unwrap();
    server.shutdown().await.unwrap();
    std::fs::write(database(&data_dir), b"").unwrap();
    let message = refused_start(&data_dir);
    assert_refused_as_damaged(&message, &data_dir);
    assert!(
        message.contains(&snapshot.display().to_string()),
        "{message}"
    );
}

#[tokio::test]
async fn a_database_from_a_newer_hearth_is_refused_and_left_untouched() {
    let (_temp, data_dir) = used_database().await;
    let file = database(&data_dir);
    {
        let db = redb::Database::create(&file).unwrap();
        let write = db.begin_write().unwrap();
        let meta: redb::TableDefinition<&str, u64> = redb::TableDefinition::new("meta");
        write
            .open_table(meta)
            .unwrap()
            .insert("schema_version", 99)
            .unwrap();
        write.commit().unwrap();
    }
    let before = std::fs::read(&file).unwrap();
    let message = refused_start(&data_dir);
    assert!(
        message.contains("newer Hearth") && message.contains("schema version 99"),
        "{message}"
    );
    assert_eq!(std::fs::read(&file).unwrap(), before);
}

#[tokio::test]
async fn another_programs_redb_database_is_refused_and_left_untouched() {
    let scratch = Scratch::new();
    let data_dir = scratch.data_dir.clone();
    std::fs::create_dir_all(&data_dir).unwrap();
    let file = database(&data_dir);
    {
        let db = redb::Database::create(&file).unwrap();
        let write = db.begin_write().unwrap();
        let table: redb::TableDefinition<&str, &str> = redb::TableDefinition::new("recipes");
        write
            .open_table(table)
            .unwrap()
            .insert("soup", "water, stones")
            .unwrap();
        write.commit().unwrap();
    }
    let before = std::fs::read(&file).unwrap();
    let message = refused_start(&data_dir);
    assert!(message.contains("not one of Hearth's"), "{message}");
    assert_eq!(std::fs::read(&file).unwrap(), before);
}

#[test]
fn a_bad_world_file_stops_start_up_naming_the_file_the_entry_and_the_problem() {
    let scratch = Scratch::new();
    let data_dir = scratch.data_dir.clone();
    let world = scratch.file("broken.toml");
    std::fs::write(
        &world,
        "[world]\nname = \"Broken\"\nstart = \"hall\"\n\n[[rooms]]\nid = \"hall\"\nname = \"Hall\"\n\
         description = \"A hall.\"\nexits = { north = \"tower\" }\n",
    )
    .unwrap();
    let output = run(&[
        "--port",
        "0",
        "--data-dir",
        data_dir.to_str().unwrap(),
        "--world",
        world.to_str().unwrap(),
    ]);
    assert!(!output.status.success());
    let message = String::from_utf8_lossy(&output.stderr);
    assert!(message.contains("broken.toml"), "{message}");
    assert!(message.contains("rooms[0] (id \"hall\")"), "{message}");
    assert!(
        message.contains("\"tower\", which does not exist"),
        "{message}"
    );
    assert!(
        !data_dir.exists(),
        "nothing was created for a world that cannot be played"
    );
}

#[test]
fn check_world_reports_a_good_world_and_exits_zero() {
    let output = run(&[
        "check-world",
        concat!(env!("CARGO_MANIFEST_DIR"), "/worlds/default.toml"),
    ]);
    assert!(output.status.success());
    assert!(String::from_utf8_lossy(&output.stdout).contains("is fine"));
}

#[tokio::test]
async fn a_new_game_is_said_to_be_one_and_a_saved_one_is_not() {
    let mut server = TestServer::start().await;
    assert!(server.server().is_new_game());
    server.restart().await;
    assert!(!server.server().is_new_game());
}
