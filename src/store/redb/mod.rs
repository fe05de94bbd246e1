//! The default store: one redb file, `hearth.redb`, in the data directory.
//!
//! Writes go through the group-committing [`writer`] thread; reads run on
//! tokio's blocking pool against redb's MVCC snapshots, so neither ever blocks
//! an async thread and reads never wait for writes.
//!
//! When a write fails for I/O (a full disk, say), redb gives up on its
//! handle: every later read and write on it fails ("previous I/O error").
//! The store then opens the database again, as a start would (redb repairs
//! what the failed commit left, and the file is checked), before the next
//! call; until that succeeds, calls fail and the next one tries again. So the
//! server carries on once the disk has room.

mod guard;
mod open;
mod repair;
mod restore;
mod schema;
mod snapshot;
mod verify;
mod writer;

use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};

use redb::{Database, ReadableDatabase, ReadableTable};
use tokio::sync::oneshot;

use self::schema::{ACCOUNTS, SESSIONS};
use self::writer::{Job, Writer, corrupt, is_io_failure};
use super::records::{Record, RecordWrite, Table};
use super::{Account, Created, Session, Store, StoreError, StoreFuture, TokenDigest};
use crate::game::UserKey;

pub use open::DATABASE_FILE;
pub use restore::{Step as RestoreStep, in_use, restore, restore_with};

pub struct RedbStore {
    path: PathBuf,
    /// No database was there: this is a new game.
    new_game: bool,
    /// `None` once closed, or while a failed handle has not been replaced.
    open: Mutex<Option<OpenDatabase>>,
    /// Set when redb has given up on the open handle, until it is replaced.
    failed: Arc<AtomicBool>,
    closed: AtomicBool,
    /// One reopening at a time.
    reopening: tokio::sync::Mutex<()>,
}

struct OpenDatabase {
    db: Arc<Database>,
    writer: Writer,
}

impl RedbStore {
    /// Opens (or creates) the database in `data_dir`, refusing files that are
    /// in use, unreadable or from a newer Hearth without changing them.
    pub fn open(data_dir: &Path) -> Result<RedbStore, StoreError> {
        let path = data_dir.join(DATABASE_FILE);
        let new_game = !path.exists();
        let failed = Arc::new(AtomicBool::new(false));
        let open = OpenDatabase::open(&path, &failed)?;
        Ok(RedbStore {
            path,
            new_game,
            open: Mutex::new(Some(open)),
            failed,
            closed: AtomicBool::new(false),
            reopening: tokio::sync::Mutex::new(()),
        })
    }

    /// Replaces a handle redb has given up on with a new one.
    async fn recover(&self) -> Result<(), StoreError> {
        if !self.failed.load(Ordering::Acquire) {
            return Ok(());
        }
        let _one_at_a_time = self.reopening.lock().await;
        if !self.failed.load(Ordering::Acquire) {
            return Ok(());
        }
        if self.closed.load(Ordering::Acquire) {
            return Err(StoreError::Closed);
        }
        let failed_handle = self.open.lock().expect("store lock").take();
        let (path, failed) = (self.path.clone(), self.failed.clone());
        let reopened = tokio::task::spawn_blocking(move || {
            if let Some(OpenDatabase { db, writer }) = failed_handle {
                writer.stop();
                if let Err(error) = close_when_idle(db) {
                    tracing::debug!(%error, "the failed database handle did not close cleanly");
                }
            }
            OpenDatabase::open(&path, &failed)
        })
        .await
        .map_err(|error| StoreError::Storage(error.to_string()))?;
        match reopened {
            Ok(open) => {
                *self.open.lock().expect("store lock") = Some(open);
                self.failed.store(false, Ordering::Release);
                tracing::warn!(path = %self.path.display(), "opened the database again after a failed write");
                Ok(())
            }
            Err(error) => {
                tracing::error!(%error, "cannot open the database again after a failed write; trying again at the next save");
                Err(error)
            }
        }
    }

    /// Whether there was no database, so a new game began.
    pub fn is_new_game(&self) -> bool {
        self.new_game
    }

    fn submit<'a, T: Send + 'static>(
        &'a self,
        job: impl FnOnce(oneshot::Sender<Result<T, StoreError>>) -> Job + Send + 'a,
    ) -> StoreFuture<'a, T> {
        Box::pin(async move {
            self.recover().await?;
            let (done, answer) = oneshot::channel();
            match self.open.lock().expect("store lock").as_ref() {
                Some(open) => open.writer.submit(job(done))?,
                None => return Err(StoreError::Closed),
            }
            answer.await.map_err(|_| StoreError::Closed)?
        })
    }

    async fn database(&self) -> Result<Arc<Database>, StoreError> {
        self.recover().await?;
        let open = self.open.lock().expect("store lock");
        open.as_ref()
            .map(|open| open.db.clone())
            .ok_or(StoreError::Closed)
    }

    /// Runs a read on the blocking pool against a fresh snapshot.
    fn read<T: Send + 'static>(
        &self,
        read: impl FnOnce(&redb::ReadTransaction) -> Result<T, redb::Error> + Send + 'static,
    ) -> StoreFuture<'_, T> {
        Box::pin(async move {
            let db = self.database().await?;
            tokio::task::spawn_blocking(move || {
                let transaction = db.begin_read().map_err(redb::Error::from)?;
                read(&transaction)
            })
            .await
            .map_err(|error| StoreError::Storage(error.to_string()))?
            .map_err(|error| match error {
                redb::Error::DatabaseClosed => StoreError::Closed,
                other => {
                    if is_io_failure(&other) {
                        self.failed.store(true, Ordering::Release);
                    }
                    StoreError::Storage(other.to_string())
                }
            })
        })
    }
}

impl Store for RedbStore {
    fn load_records(&self) -> StoreFuture<'_, Vec<Record>> {
        self.read(|read| {
            let mut records = Vec::new();
            for &table in Table::ALL {
                for entry in read.open_table(schema::game_table(table))?.iter()? {
                    let (key, value) = entry?;
                    records.push(Record {
                        table,
                        key: key.value().to_owned(),
                        value: value.value().to_vec(),
                    });
                }
            }
            Ok(records)
        })
    }

    fn game_record(&self, table: Table, key: String) -> StoreFuture<'_, Option<Vec<u8>>> {
        self.read(move |read| {
            let records = read.open_table(schema::game_table(table))?;
            Ok(records
                .get(key.as_str())?
                .map(|value| value.value().to_vec()))
        })
    }

    fn save_records(&self, writes: Vec<RecordWrite>) -> StoreFuture<'_, ()> {
        self.submit(move |done| Job::SaveGame { writes, done })
    }

    fn begin_epoch(&self) -> StoreFuture<'_, u64> {
        self.submit(move |done| Job::BeginEpoch { done })
    }

    fn create_account(&self, key: UserKey, account: Account) -> StoreFuture<'_, Created> {
        self.submit(move |done| Job::CreateAccount { key, account, done })
    }

    fn account(&self, key: UserKey) -> StoreFuture<'_, Option<Account>> {
        self.read(move |read| {
            let accounts = read.open_table(ACCOUNTS)?;
            let Some(value) = accounts.get(key.as_str())? else {
                return Ok(None);
            };
            serde_json::from_slice(value.value())
                .map(Some)
                .map_err(corrupt)
        })
    }

    fn put_session(&self, digest: TokenDigest, session: Session) -> StoreFuture<'_, ()> {
        self.submit(move |done| Job::PutSession {
            digest,
            session,
            done,
        })
    }

    fn session(&self, digest: TokenDigest) -> StoreFuture<'_, Option<Session>> {
        self.read(move |read| {
            let sessions = read.open_table(SESSIONS)?;
            let Some(value) = sessions.get(digest.0.as_slice())? else {
                return Ok(None);
            };
            serde_json::from_slice(value.value())
                .map(Some)
                .map_err(corrupt)
        })
    }

    fn delete_session(&self, digest: TokenDigest) -> StoreFuture<'_, ()> {
        self.submit(move |done| Job::DeleteSession { digest, done })
    }

    fn replace_password(
        &self,
        key: UserKey,
        password_hash: String,
    ) -> StoreFuture<'_, Option<usize>> {
        self.submit(|done| Job::ReplacePassword {
            key,
            password_hash,
            done,
        })
    }

    /// Finds the expired sessions with a read (off the writer thread, so
    /// play is not held up by the scan), then deletes those that are still
    /// expired in one write.
    fn delete_expired_sessions(&self, now: u64) -> StoreFuture<'_, usize> {
        let expired = self.read(move |read| {
            let mut expired = Vec::new();
            for entry in read.open_table(SESSIONS)?.iter()? {
                let (digest, value) = entry?;
                let session: Session = serde_json::from_slice(value.value()).map_err(corrupt)?;
                if session.expires_at <= now
                    && let Ok(digest) = <[u8; 32]>::try_from(digest.value())
                {
                    expired.push(TokenDigest(digest));
                }
            }
            Ok(expired)
        });
        Box::pin(async move {
            let expired = expired.await?;
            if expired.is_empty() {
                return Ok(0);
            }
            self.submit(|done| Job::DeleteExpiredSessions { expired, now, done })
                .await
        })
    }

    fn snapshot(&self, destination: PathBuf) -> StoreFuture<'_, ()> {
        Box::pin(async move {
            let db = self.database().await?;
            tokio::task::spawn_blocking(move || snapshot::write(&db, &destination))
                .await
                .map_err(|error| StoreError::Storage(error.to_string()))?
        })
    }

    fn close(&self) -> StoreFuture<'_, ()> {
        self.closed.store(true, Ordering::Release);
        let open = self.open.lock().expect("store lock").take();
        Box::pin(async move {
            let Some(OpenDatabase { db, writer }) = open else {
                return Ok(());
            };
            tokio::task::spawn_blocking(move || {
                writer.stop();
                close_when_idle(db)
            })
            .await
            .map_err(|error| StoreError::Storage(error.to_string()))?
        })
    }
}

impl OpenDatabase {
    fn open(path: &Path, failed: &Arc<AtomicBool>) -> Result<OpenDatabase, StoreError> {
        let db = Arc::new(open::open(path)?);
        let writer = Writer::start(db.clone(), failed.clone())
            .map_err(|error| StoreError::Storage(error.to_string()))?;
        Ok(OpenDatabase { db, writer })
    }
}

/// Closes the file once the reads still holding it have finished, so the
/// lock is released and the next open finds a cleanly closed database.
fn close_when_idle(mut db: Arc<Database>) -> Result<(), StoreError> {
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(5);
    loop {
        match Arc::try_unwrap(db) {
            Ok(db) => {
                return db
                    .close()
                    .map_err(|error| StoreError::Storage(error.to_string()));
            }
            Err(shared) if std::time::Instant::now() < deadline => {
                db = shared;
                std::thread::sleep(std::time::Duration::from_millis(5));
            }
            Err(_) => {
                tracing::warn!("reads still hold the database after 5 s; it closes when they end");
                return Ok(());
            }
        }
    }
}
