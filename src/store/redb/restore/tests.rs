//! A restore that fails, or crashes, at every step leaves a database that
//! opens: the old one before the snapshot is moved into place, the snapshot
//! after.

use std::os::unix::fs::PermissionsExt as _;
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::path::{Path, PathBuf};

use super::*;
use crate::game::UserKey;
use crate::store::redb::RedbStore;
use crate::store::{Account, Store};

/// A data directory whose database has the account `live`, and a snapshot
/// (taken from another server) that has `restored` instead.
struct Setup {
    _temp: tempfile::TempDir,
    data_dir: PathBuf,
    snapshot: PathBuf,
}

async fn setup() -> Setup {
    let temp = tempfile::tempdir().unwrap();
    let data_dir = temp.path().join("data");
    database_with(&data_dir, "live")
        .await
        .close()
        .await
        .unwrap();
    let other = temp.path().join("other");
    let store = database_with(&other, "restored").await;
    let snapshot = temp.path().join("snapshot.redb");
    store.snapshot(snapshot.clone()).await.unwrap();
    store.close().await.unwrap();
    Setup {
        _temp: temp,
        data_dir,
        snapshot,
    }
}

/// Opens (creating) the database in `data_dir` with one account, `name`.
async fn database_with(data_dir: &Path, name: &str) -> RedbStore {
    std::fs::create_dir_all(data_dir).unwrap();
    let store = RedbStore::open(data_dir).unwrap();
    let account = Account {
        name: name.to_owned(),
        password_hash: "not a real hash".to_owned(),
        created_at: 0,
    };
    store
        .create_account(UserKey::new(name), account)
        .await
        .unwrap();
    store
}

/// Which account the database in `data_dir` has; it must open.
async fn holds(data_dir: &Path) -> &'static str {
    let store = RedbStore::open(data_dir).expect("the database opens");
    let live = store.account(UserKey::new("live")).await.unwrap();
    let restored = store.account(UserKey::new("restored")).await.unwrap();
    store.close().await.unwrap();
    match (live, restored) {
        (Some(_), None) => "live",
        (None, Some(_)) => "restored",
        other => panic!("unexpected accounts: {other:?}"),
    }
}

fn names_in(data_dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(data_dir)
        .unwrap()
        .map(|entry| entry.unwrap().file_name().into_string().unwrap())
        .collect();
    names.sort();
    names
}

fn set_aside_in(data_dir: &Path) -> Vec<String> {
    names_in(data_dir)
        .into_iter()
        .filter(|name| name.contains("before-restore"))
        .collect()
}

#[tokio::test]
async fn a_restore_puts_the_snapshot_in_place_and_keeps_the_old_database() {
    let setup = setup().await;
    let aside = restore(&setup.snapshot, &setup.data_dir)
        .unwrap()
        .expect("the old database was set aside");
    assert_eq!(holds(&setup.data_dir).await, "restored");
    assert_eq!(holds_file(&aside).await, "live");
    assert!(!setup.data_dir.join("hearth.redb.restoring").exists());
}

/// Which account a database file (not in a data directory) has.
async fn holds_file(file: &Path) -> &'static str {
    let temp = tempfile::tempdir().unwrap();
    std::fs::copy(file, temp.path().join(DATABASE_FILE)).unwrap();
    holds(temp.path()).await
}

#[tokio::test]
async fn a_failure_at_any_step_leaves_a_database_that_opens() {
    for failing in Step::ALL {
        let setup = setup().await;
        let result = restore_with(&setup.snapshot, &setup.data_dir, |step| {
            if step == failing {
                Err(io::Error::other("injected failure"))
            } else {
                Ok(())
            }
        });
        let error = result.expect_err("the restore fails").to_string();
        assert!(
            error.contains(failing.describe()) && error.contains("injected failure"),
            "{failing:?}: {error}"
        );
        let expected = if failing > Step::MoveCopyIntoPlace {
            "restored"
        } else {
            "live"
        };
        assert_eq!(holds(&setup.data_dir).await, expected, "{failing:?}");
        assert!(
            !setup.data_dir.join("hearth.redb.restoring").exists(),
            "{failing:?} left its copy"
        );
        let kept = usize::from(failing > Step::MoveCopyIntoPlace);
        assert_eq!(set_aside_in(&setup.data_dir).len(), kept, "{failing:?}");
    }
}

#[tokio::test]
async fn a_crash_at_any_step_leaves_a_database_that_opens_and_can_be_restored_again() {
    for crashing in Step::ALL {
        let setup = setup().await;
        let crashed = catch_unwind(AssertUnwindSafe(|| {
            restore_with(&setup.snapshot, &setup.data_dir, |step| {
                assert_ne!(step, crashing, "the process dies here");
                Ok(())
            })
        }));
        let dying = crashed.expect_err("the restore dies at the step");
        let last_words = dying.downcast_ref::<String>().map_or("", String::as_str);
        assert!(
            last_words.contains("the process dies here"),
            "{crashing:?}: {last_words}"
        );
        let expected = if crashing > Step::MoveCopyIntoPlace {
            "restored"
        } else {
            "live"
        };
        assert_eq!(holds(&setup.data_dir).await, expected, "{crashing:?}");

        restore(&setup.snapshot, &setup.data_dir).unwrap();
        assert_eq!(holds(&setup.data_dir).await, "restored", "{crashing:?}");
        assert!(!setup.data_dir.join("hearth.redb.restoring").exists());
    }
}

#[tokio::test]
async fn restores_in_the_same_second_keep_every_old_database() {
    let setup = setup().await;
    for _ in 0..3 {
        restore(&setup.snapshot, &setup.data_dir).unwrap();
    }
    assert_eq!(set_aside_in(&setup.data_dir).len(), 3);
}

#[tokio::test]
async fn the_restored_database_is_readable_by_its_owner_only() {
    let setup = setup().await;
    std::fs::set_permissions(&setup.snapshot, std::fs::Permissions::from_mode(0o644)).unwrap();
    restore(&setup.snapshot, &setup.data_dir).unwrap();
    let mode = std::fs::metadata(setup.data_dir.join(DATABASE_FILE))
        .unwrap()
        .permissions()
        .mode();
    assert_eq!(mode & 0o777, 0o600);
}
