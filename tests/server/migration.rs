//! A database from the first Hearth (schema version 1) is migrated to the
//! current schema, after a snapshot of it as it was, and plays on with
//! everything it held.

use redb::{Database, ReadableDatabase, TableDefinition};

use crate::support::{PASSWORD, TestServer};

const META: TableDefinition<&str, u64> = TableDefinition::new("meta");
const ACCOUNTS: TableDefinition<&str, &[u8]> = TableDefinition::new("accounts");
const SESSIONS: TableDefinition<&[u8], &[u8]> = TableDefinition::new("sessions");
const CHARACTERS: TableDefinition<&str, &[u8]> = TableDefinition::new("characters");
const ITEM_PLACES: TableDefinition<&str, &[u8]> = TableDefinition::new("item_places");

/// Writes a version 1 database as Hearth 0.1 left it: Alice's account,
/// her character in the library, and the lamp in her hands.
fn write_version_1(path: &std::path::Path) {
    let hash = argon2_hash(PASSWORD);
    let db = Database::create(path).unwrap();
    let write = db.begin_write().unwrap();
    {
        write
            .open_table(META)
            .unwrap()
            .insert("schema_version", 1)
            .unwrap();
        let account = format!(r#"{{"name":"Alice","password_hash":"{hash}","created_at":1}}"#);
        write
            .open_table(ACCOUNTS)
            .unwrap()
            .insert("alice", account.as_bytes())
            .unwrap();
        write.open_table(SESSIONS).unwrap();
        let character = br#"{"name":"Alice","location":"library","channels":[]}"#;
        write
            .open_table(CHARACTERS)
            .unwrap()
            .insert("alice", character.as_slice())
            .unwrap();
        let carried = br#"{"carried_by":"alice"}"#;
        write
            .open_table(ITEM_PLACES)
            .unwrap()
            .insert("lamp", carried.as_slice())
            .unwrap();
    }
    write.commit().unwrap();
}

fn argon2_hash(password: &str) -> String {
    use argon2::password_hash::PasswordHasher as _;
    argon2::Argon2::default()
        .hash_password(password.as_bytes())
        .unwrap()
        .to_string()
}

#[tokio::test]
async fn a_version_1_database_is_snapshotted_then_migrated_and_plays_on() {
    let mut server = TestServer::start().await;
    server
        .restart_after(async |data_dir| {
            let file = data_dir.join("hearth.redb");
            std::fs::remove_file(&file).unwrap();
            write_version_1(&file);
        })
        .await;
    let token = server.login("Alice").await;
    let mut alice = server
        .connect("Alice", &token, crate::support::Transport::WebSocket)
        .await;
    assert_eq!(alice.welcome["location"], "library");
    assert!(alice.command("inventory").await.contains("lamp"));

    let snapshots: Vec<_> = std::fs::read_dir(server.data_dir.join("snapshots"))
        .unwrap()
        .map(|entry| entry.unwrap().file_name().into_string().unwrap())
        .filter(|name| name.starts_with("before-migration-v1-to-v2"))
        .collect();
    assert_eq!(snapshots.len(), 1, "{snapshots:?}");
    let kept = Database::open(server.data_dir.join("snapshots").join(&snapshots[0])).unwrap();
    let read = kept.begin_read().unwrap();
    let version = read
        .open_table(META)
        .unwrap()
        .get("schema_version")
        .unwrap()
        .unwrap()
        .value();
    assert_eq!(version, 1, "the snapshot is the file as it was");
    alice.disconnect().await;
    server.stop().await;
}
