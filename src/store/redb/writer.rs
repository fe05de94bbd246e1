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

/// A job's answer, waiting for its group's commit: called with `None` once
/// the group is durable, or with the reason it failed.
type Answer = Box<dyn FnOnce(Option<&str>) + Send>;

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

/// Applies the group in one transaction and commits it, then answers every
/// job: all of them with the real reason if anything failed (a job that
/// could not be applied fails the whole group, and so do the jobs after it,
/// which were never applied).
fn commit_group(db: &Database, group: Vec<Job>, failed: &AtomicBool) {
    let mut answers = Vec::with_capacity(group.len());
    let mut jobs = group.into_iter();
    let result = (|| -> Result<(), redb::Error> {
        let mut write = db.begin_write()?;
        write.set_durability(Durability::Immediate)?;
        for job in jobs.by_ref() {
            let (answer, applied) = apply(&write, job);
            answers.push(answer);
            applied?;
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
    answers.extend(jobs.map(Job::unapplied));
    for answer in answers {
        answer(failure.as_deref());
    }
}

impl Job {
    /// The answer of a job its group never reached: only a failure.
    fn unapplied(self) -> Answer {
        match self {
            Job::SaveGame { done, .. }
            | Job::PutSession { done, .. }
            | Job::DeleteSession { done, .. } => refusal(done),
            Job::CreateAccount { done, .. } => refusal(done),
            Job::BeginEpoch { done } => refusal(done),
            Job::ReplacePassword { done, .. } => refusal(done),
            Job::DeleteExpiredSessions { done, .. } => refusal(done),
        }
    }
}

/// An answer that can only be the group's failure: for a job that failed
/// to apply, or was never reached.
fn refusal<T: Send + 'static>(done: oneshot::Sender<Result<T, StoreError>>) -> Answer {
    Box::new(move |failure: Option<&str>| {
        let reason = failure.unwrap_or("an earlier write of its group failed");
        drop(done.send(Err(StoreError::Storage(reason.to_owned()))));
    })
}

/// The answer of a job that was applied (`Ok`, with what it found) or
/// failed to be, and how it went.
fn answer_with<T>(
    done: oneshot::Sender<Result<T, StoreError>>,
    applied: Result<T, redb::Error>,
) -> (Answer, Result<(), redb::Error>)
where
    T: Send + 'static,
{
    match applied {
        Ok(value) => {
            let answer = Box::new(move |failure: Option<&str>| {
                let answer = match failure {
                    Some(reason) => Err(StoreError::Storage(reason.to_owned())),
                    None => Ok(value),
                };
                drop(done.send(answer));
            });
            (answer, Ok(()))
        }
        Err(error) => (refusal(done), Err(error)),
    }
}

fn apply(write: &WriteTransaction, job: Job) -> (Answer, Result<(), redb::Error>) {
    match job {
        Job::SaveGame { writes, done } => answer_with(done, save_records(write, &writes)),
        Job::CreateAccount { key, account, done } => {
            answer_with(done, create_account(write, &key, &account))
        }
        Job::PutSession {
            digest,
            session,
            done,
        } => answer_with(done, put_session(write, digest, &session)),
        Job::DeleteSession { digest, done } => answer_with(done, delete_session(write, digest)),
        Job::ReplacePassword {
            key,
            password_hash,
            done,
        } => answer_with(done, replace_password(write, &key, password_hash)),
        Job::DeleteExpiredSessions { expired, now, done } => {
            answer_with(done, delete_expired_sessions(write, &expired, now))
        }
        Job::BeginEpoch { done } => answer_with(done, begin_epoch(write)),
    }
}

fn create_account(
    write: &WriteTransaction,
    key: &UserKey,
    account: &Account,
) -> Result<Created, redb::Error> {
    let mut accounts = write.open_table(ACCOUNTS)?;
    if accounts.get(key.as_str())?.is_some() {
        return Ok(Created::AlreadyExists);
    }
    accounts.insert(key.as_str(), json(account).as_slice())?;
    Ok(Created::Created)
}

fn put_session(
    write: &WriteTransaction,
    digest: TokenDigest,
    session: &Session,
) -> Result<(), redb::Error> {
    write
        .open_table(SESSIONS)?
        .insert(digest.0.as_slice(), json(session).as_slice())?;
    Ok(())
}

fn delete_session(write: &WriteTransaction, digest: TokenDigest) -> Result<(), redb::Error> {
    write.open_table(SESSIONS)?.remove(digest.0.as_slice())?;
    Ok(())
}

/// Gives the account its new password and ends its sessions; how many
/// ended, or `None` if there is no such account.
fn replace_password(
    write: &WriteTransaction,
    key: &UserKey,
    password_hash: String,
) -> Result<Option<usize>, redb::Error> {
    let mut accounts = write.open_table(ACCOUNTS)?;
    let existing = accounts
        .get(key.as_str())?
        .map(|value| serde_json::from_slice::<Account>(value.value()))
        .transpose()
        .map_err(corrupt)?;
    let Some(mut account) = existing else {
        return Ok(None);
    };
    account.password_hash = password_hash;
    accounts.insert(key.as_str(), json(&account).as_slice())?;
    drop(accounts);
    end_sessions_of(write, key).map(Some)
}

/// Deletes those of `expired` that are still expired at `now`; how many.
fn delete_expired_sessions(
    write: &WriteTransaction,
    expired: &[TokenDigest],
    now: u64,
) -> Result<usize, redb::Error> {
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
    Ok(deleted)
}

/// Starts a new run: the number after the last one.
fn begin_epoch(write: &WriteTransaction) -> Result<u64, redb::Error> {
    let mut meta = write.open_table(META)?;
    let epoch = meta.get(EPOCH_KEY)?.map_or(0, |last| last.value()) + 1;
    meta.insert(EPOCH_KEY, epoch)?;
    Ok(epoch)
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

#[cfg(test)]
mod tests {
    use redb::ReadableDatabase;

    use super::*;

    fn database(dir: &tempfile::TempDir) -> Database {
        let db = Database::create(dir.path().join("hearth.redb")).expect("a new database");
        let write = db.begin_write().expect("a write");
        schema::initialize(&write).expect("the tables");
        write.commit().expect("committed");
        db
    }

    #[test]
    fn every_caller_of_a_group_that_failed_part_way_gets_the_real_reason() {
        let dir = tempfile::tempdir().expect("a temporary directory");
        let db = database(&dir);
        let ada = UserKey::new("ada");
        let write = db.begin_write().expect("a write");
        let account = Account {
            name: "Ada".to_owned(),
            password_hash: "old".to_owned(),
            created_at: 0,
        };
        write
            .open_table(ACCOUNTS)
            .expect("accounts")
            .insert("ada", json(&account).as_slice())
            .expect("Ada's account");
        // A session that does not parse: ending Ada's sessions fails there.
        write
            .open_table(SESSIONS)
            .expect("sessions")
            .insert([7u8; 32].as_slice(), b"not json".as_slice())
            .expect("a broken session");
        write.commit().expect("committed");

        let (before, saved) = oneshot::channel();
        let (failing, replaced) = oneshot::channel();
        let (after, created) = oneshot::channel();
        let group = vec![
            Job::SaveGame {
                writes: Vec::new(),
                done: before,
            },
            Job::ReplacePassword {
                key: ada,
                password_hash: "new".to_owned(),
                done: failing,
            },
            Job::CreateAccount {
                key: UserKey::new("bob"),
                account: Account {
                    name: "Bob".to_owned(),
                    ..account
                },
                done: after,
            },
        ];
        commit_group(&db, group, &AtomicBool::new(false));

        let reason = |answer: Result<(), StoreError>| match answer {
            Err(StoreError::Storage(reason)) => reason,
            other => panic!("not the group's failure: {other:?}"),
        };
        let applied_before = reason(saved.blocking_recv().expect("answered"));
        let failed = reason(replaced.blocking_recv().expect("answered").map(drop));
        let never_reached = reason(created.blocking_recv().expect("answered").map(drop));
        assert!(failed.contains("does not parse"), "{failed}");
        assert_eq!(applied_before, failed);
        assert_eq!(never_reached, failed);
        let read = db.begin_read().expect("a read");
        let accounts = read.open_table(ACCOUNTS).expect("accounts");
        assert!(
            accounts.get("bob").expect("read").is_none(),
            "nothing was written"
        );
    }
}
