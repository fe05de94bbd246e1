//! A full disk, for real: the data directory is on a small tmpfs, and the
//! test fills it. The server stays up, refuses what would need saving with a
//! clear error, keeps serving talk and `/healthz` (which says it cannot
//! save), and once there is room again carries on by itself, with nothing
//! it acknowledged lost and nothing it refused done.
//!
//! Mounting a tmpfs needs root (CI runs as root). Elsewhere the test says
//! loudly that it was skipped.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};

use hearth::engine::CANNOT_SAVE;
use hearth::game::{Place, UserKey};
use hearth::store::{RedbStore, Store};
use serde_json::Value;

use crate::support::TestServer;

/// The tmpfs's size: room for the database and its growth, little else.
const DISK_BYTES: usize = 8 * 1024 * 1024;

/// How long a server may take to notice the disk has room again (it tries a
/// real save every 5 s).
const RECOVERS_WITHIN: Duration = Duration::from_secs(20);

/// Most accounts registered to use up the database's written pages.
const MOST_NEWCOMERS: usize = 2000;

/// How often the test asks again while the server still cannot save.
const RETRY_EVERY: Duration = Duration::from_millis(250);

/// A small tmpfs, unmounted when dropped.
struct SmallDisk {
    _parent: tempfile::TempDir,
    mount_point: PathBuf,
}

impl SmallDisk {
    /// Mounts one, or says why not (not root, no tmpfs).
    fn mount() -> Result<SmallDisk, String> {
        let parent = tempfile::TempDir::new().expect("a temporary directory");
        let mount_point = parent.path().join("disk");
        std::fs::create_dir(&mount_point).unwrap();
        let mounted = Command::new("mount")
            .args(["-t", "tmpfs", "-o", &format!("size={DISK_BYTES}")])
            .arg("tmpfs")
            .arg(&mount_point)
            .output()
            .map_err(|error| format!("mount does not run: {error}"))?;
        if !mounted.status.success() {
            return Err(String::from_utf8_lossy(&mounted.stderr).into_owned());
        }
        Ok(SmallDisk {
            _parent: parent,
            mount_point,
        })
    }

    fn filler(&self) -> PathBuf {
        self.mount_point.join("filler")
    }

    /// Writes a file until the disk is full.
    fn fill(&self) {
        let mut filler = std::fs::File::create(self.filler()).unwrap();
        let block = vec![0u8; 4096];
        for _ in 0..DISK_BYTES / block.len() + 1 {
            if filler.write_all(&block).is_err() {
                return;
            }
        }
        panic!("the disk took more than its size");
    }

    fn make_room(&self) {
        std::fs::remove_file(self.filler()).unwrap();
    }
}

impl Drop for SmallDisk {
    fn drop(&mut self) {
        let _ = Command::new("umount")
            .arg("-l")
            .arg(&self.mount_point)
            .status();
    }
}

async fn health(server: &TestServer) -> (u16, Value) {
    let response = server.get("/healthz").await;
    let status = response.status().as_u16();
    (status, response.json().await.unwrap())
}

/// What the database in `data_dir` says: where the silver key is, and
/// which of the newcomers `1..=last` have accounts.
async fn saved(data_dir: &Path, last: usize) -> (Place, Vec<usize>) {
    let store = RedbStore::open(data_dir).expect("the database opens");
    let records = store.load_records().await.expect("the saved game loads");
    let saved = hearth::store::records::saved_state(records).expect("every record parses");
    let key = saved
        .items
        .into_iter()
        .find(|item| item.id.as_str() == "silver-key")
        .expect("the silver key is somewhere")
        .place;
    let mut registered = Vec::new();
    for newcomer in 1..=last {
        let name = UserKey::new(format!("newcomer{newcomer}"));
        if store.account(name).await.expect("accounts read").is_some() {
            registered.push(newcomer);
        }
    }
    store.close().await.unwrap();
    (key, registered)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn on_a_full_disk_the_server_refuses_changes_plays_on_and_recovers_when_room_returns() {
    let disk = match SmallDisk::mount() {
        Ok(disk) => disk,
        Err(why) => {
            eprintln!("SKIPPED: the disk-full test needs to mount a tmpfs (run it as root): {why}");
            return;
        }
    };
    let data_dir = disk.mount_point.join("data");
    let server = TestServer::configured(|config| config.data_dir = data_dir.clone()).await;
    let mut alice = server.player("Alice").await;
    let mut bob = server.player("Bob").await;

    disk.fill();
    // The pages the database has already written hold small changes; new
    // accounts need new ones, until the disk has none.
    let mut newcomer = 0;
    let refusal = loop {
        newcomer += 1;
        let registration = server.register(&format!("Newcomer{newcomer}")).await;
        if registration.status() != 201 {
            break registration;
        }
        assert!(
            newcomer < MOST_NEWCOMERS,
            "the full disk took {newcomer} accounts"
        );
    };
    println!("the disk was full after {newcomer} registrations");
    assert_eq!(refusal.status(), 503, "a registration that cannot be saved");
    let error: Value = refusal.json().await.unwrap();
    assert!(
        error["error"].as_str().unwrap().contains("cannot save"),
        "{error}"
    );
    // The game's next save fails too; the game takes it back and says so.
    let refused = alice.command_or_refusal("take silver key").await;
    assert_eq!(refused, Err(CANNOT_SAVE.to_owned()));
    let (status, body) = health(&server).await;
    assert_eq!(
        (status, body["status"].as_str()),
        (503, Some("cannot_save"))
    );
    // What needs no saving still works, for everyone.
    let said = bob.command_or_refusal("say the disk is full").await;
    assert!(said.unwrap().contains("the disk is full"));
    assert!(alice.command_or_refusal("look").await.is_ok());

    disk.make_room();
    let started = Instant::now();
    let taken = loop {
        match alice.command_or_refusal("take silver key").await {
            Ok(taken) => break taken,
            Err(refusal) => assert_eq!(refusal, CANNOT_SAVE),
        }
        assert!(
            started.elapsed() < RECOVERS_WITHIN,
            "still refusing {RECOVERS_WITHIN:?} after the disk had room"
        );
        // The engine tries a real save again on its own clock (every 5 s).
        tokio::time::sleep(RETRY_EVERY).await;
    };
    assert!(taken.contains("silver key"), "{taken}");
    assert_eq!(health(&server).await.0, 200);
    assert_eq!(server.register("Carol").await.status(), 201);

    server.stop().await;
    let (key, registered) = saved(&data_dir, newcomer).await;
    assert_eq!(
        key,
        Place::Carried(UserKey::new("alice")),
        "the take that was acknowledged is saved"
    );
    let acknowledged: Vec<usize> = (1..newcomer).collect();
    assert_eq!(
        registered, acknowledged,
        "every registration answered 201 is saved, and the refused one is not"
    );
}
