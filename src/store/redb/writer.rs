//! The one thread that writes to the database, committing in groups.
//!
//! redb allows one write transaction at a time and `Durability::Immediate`
//! costs an fsync per commit. So every write (a batch of game changes, a new
//! account, a session) becomes a [`Job`] on this thread's queue, and the thread
//! takes everything queued, applies it in *one* transaction and commits once:
//! a hundred concurrent commands cost one fsync, not a hundred. It also keeps
//! blocking file I/O off the async threads.

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::thread::JoinHandle;

use redb::{Database, Durability, ReadableTable, WriteTransaction};
use tokio::sync::{mpsc, oneshot};

use super::schema::{self, ACCOUNTS, EPOCH_KEY, META, SESSIONS};
use crate::game::UserKey;
use crate::store::records::{RecordWrite, json};
use crate::store::{Account, Created, Session, StoreError, TokenDigest};

/// Most jobs folded into one transaction, so one huge group cannot delay the
/// first caller's answer for long.
const MAX_GROUP: usize = 4096;

pub enum Job {
    SaveGame {
        writes: Vec<RecordWrite>,
        done: oneshot::Sender<Result<(), StoreError>>,
    },
    CreateAccount {
        key: UserKey,
        account: Account,
        done: oneshot::Sender<Result<Created, StoreError>>,
    },
    PutSession {
        digest: TokenDigest,
        session: Session,
        done: oneshot::Sender<Result<(), StoreError>>,
    },
    DeleteSession {
        digest: TokenDigest,
        done: oneshot::Sender<Result<(), StoreError>>,
    },
    BeginEpoch {
        done: oneshot::Sender<Result<u64, StoreError>>,
    },
    ReplacePassword {
        key: UserKey,
        password_hash: String,
        done: oneshot::Sender<Result<Option<usize>, StoreError>>,
    },
    /// Deletes these sessions, each only if it is still expired at `now`.
    DeleteExpiredSessions {
        expired: Vec<TokenDigest>,
        now: u64,
        done: oneshot::Sender<Result<usize, StoreError>>,
    },
}

/// The answer a job gets once the group it is in has committed.
enum Answer {
    Game(oneshot::Sender<Result<(), StoreError>>),
    Account(oneshot::Sender<Result<Created, StoreError>>, Created),
    Epoch(oneshot::Sender<Result<u64, StoreError>>, u64),
    Count(oneshot::Sender<Result<usize, StoreError>>, usize),
    MaybeCount(
        oneshot::Sender<Result<Option<usize>, StoreError>>,
        Option<usize>,
    ),
}

pub struct Writer {
    jobs: mpsc::UnboundedSender<Job>,
    thread: JoinHandle<()>,
}

impl Writer {
    /// Starts the writer; `failed` is set when a commit fails for I/O (a
    /// full disk, say), after which redb refuses everything on this handle.
    pub fn start(db: Arc<Database>, failed: Arc<AtomicBool>) -> std::io::Result<Writer> {
        let (jobs, queue) = mpsc::unbounded_channel();
        let thread = std::thread::Builder::new()
            .name("hearth-db-writer".to_owned())
            .spawn(move || run(&db, queue, &failed))?;
        Ok(Writer { jobs, thread })
    }

    /// Queues a job; fails only when the writer has stopped.
    pub fn submit(&self, job: Job) -> Result<(), StoreError> {
        self.jobs.send(job).map_err(|_| StoreError::Closed)
    }

    /// Lets the writer finish what is queued, then waits for it to stop.
    pub fn stop(self) {
        drop(self.jobs);
        if self.thread.join().is_err() {
            tracing::error!("the database writer thread panicked");
        }
    }
}

fn run(db: &Database, mut queue: mpsc::UnboundedReceiver<Job>, failed: &AtomicBool) {
    let mut group = Vec::new();
    while queue.blocking_recv_many(&mut group, MAX_GROUP) > 0 {
        commit_group(db, std::mem::take(&mut group), failed);
    }
}

/// Whether redb has given up on its handle after this error: every later
/// call on it fails, until the database is opened again.
pub fn is_io_failure(error: &redb::Error) -> bool {
    matches!(error, redb::Error::Io(_) | redb::Error::PreviousIo)
}

fn commit_group(db: &Database, group: Vec<Job>, failed: &AtomicBool) {
    let mut answers = Vec::with_capacity(group.len());
    let result = (|| -> Result<(), redb::Error> {
        let mut write = db.begin_write()?;
        write.set_durability(Durability::Immediate)?;
        for job in group {
            answers.push(apply(&write, job)?);
        }
        write.commit()?;
        Ok(())
    })();
    let failure = result.err().map(|error| {
        tracing::error!(%error, "a database commit failed");
        if is_io_failure(&error) {
            failed.store(true, Ordering::Release);
        }
        error.to_string()
    });
    for answer in answers {
        let failure = failure.as_deref();
        match answer {
            Answer::Game(done) => drop(done.send(outcome(failure, ()))),
            Answer::Account(done, created) => drop(done.send(outcome(failure, created))),
            Answer::Epoch(done, epoch) => drop(done.send(outcome(failure, epoch))),
            Answer::Count(done, count) => drop(done.send(outcome(failure, count))),
            Answer::MaybeCount(done, count) => drop(done.send(outcome(failure, count))),
        }
    }
}

/// What a job is answered once its group's commit succeeded or failed.
fn outcome<T>(failure: Option<&str>, value: T) -> Result<T, StoreError> {
    match failure {
        Some(reason) => Err(StoreError::Storage(reason.to_owned())),
        None => Ok(value),
    }
}

fn apply(write: &WriteTransaction, job: Job) -> Result<Answer, redb::Error> {
    Ok(match job {
        Job::SaveGame { writes, done } => {
            save_records(write, &writes)?;
            Answer::Game(done)
        }
        Job::CreateAccount { key, account, done } => {
            let mut accounts = write.open_table(ACCOUNTS)?;
            let created = if accounts.get(key.as_str())?.is_some() {
                Created::AlreadyExists
            } else {
                accounts.insert(key.as_str(), json(&account).as_slice())?;
                Created::Created
            };
            Answer::Account(done, created)
        }
        Job::PutSession {
            digest,
            session,
            done,
        } => {
            write
                .open_table(SESSIONS)?
                .insert(digest.0.as_slice(), json(&session).as_slice())?;
            Answer::Game(done)
        }
        Job::DeleteSession { digest, done } => {
            write.open_table(SESSIONS)?.remove(digest.0.as_slice())?;
            Answer::Game(done)
        }
        Job::ReplacePassword {
            key,
            password_hash,
            done,
        } => {
            let mut accounts = write.open_table(ACCOUNTS)?;
            let existing = accounts
                .get(key.as_str())?
                .map(|value| serde_json::from_slice::<Account>(value.value()))
                .transpose()
                .map_err(corrupt)?;
            let Some(mut account) = existing else {
                return Ok(Answer::MaybeCount(done, None));
            };
            account.password_hash = password_hash;
            accounts.insert(key.as_str(), json(&account).as_slice())?;
            let ended = end_sessions_of(write, &key)?;
            Answer::MaybeCount(done, Some(ended))
        }
        Job::DeleteExpiredSessions { expired, now, done } => {
            let mut sessions = write.open_table(SESSIONS)?;
            let mut deleted = 0;
            for digest in expired {
                let still_expired = sessions
                    .get(digest.0.as_slice())?
                    .map(|value| serde_json::from_slice::<Session>(value.value()))
                    .transpose()
                    .map_err(corrupt)?
                    .is_some_and(|session| session.expires_at <= now);
                if still_expired {
                    sessions.remove(digest.0.as_slice())?;
                    deleted += 1;
                }
            }
            Answer::Count(done, deleted)
        }
        Job::BeginEpoch { done } => {
            let mut meta = write.open_table(META)?;
            let epoch = meta.get(EPOCH_KEY)?.map_or(0, |last| last.value()) + 1;
            meta.insert(EPOCH_KEY, epoch)?;
            Answer::Epoch(done, epoch)
        }
    })
}

/// Deletes every session of `account`; returns how many there were.
fn end_sessions_of(write: &WriteTransaction, account: &UserKey) -> Result<usize, redb::Error> {
    let mut sessions = write.open_table(SESSIONS)?;
    let mut theirs = Vec::new();
    for entry in sessions.iter()? {
        let (digest, value) = entry?;
        let session: Session = serde_json::from_slice(value.value()).map_err(corrupt)?;
        if session.user == *account {
            theirs.push(digest.value().to_vec());
        }
    }
    for digest in &theirs {
        sessions.remove(digest.as_slice())?;
    }
    Ok(theirs.len())
}

fn save_records(write: &WriteTransaction, writes: &[RecordWrite]) -> Result<(), redb::Error> {
    for RecordWrite { table, key, value } in writes {
        let mut records = write.open_table(schema::game_table(*table))?;
        match value {
            Some(value) => records.insert(key.as_str(), value.as_slice())?,
            None => records.remove(key.as_str())?,
        };
    }
    Ok(())
}

pub fn corrupt(error: serde_json::Error) -> redb::Error {
    redb::Error::Corrupted(format!("a record does not parse: {error}"))
}
