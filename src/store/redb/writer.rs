//! The one thread that writes to the database, committing in groups.
//!
//! redb allows one write transaction at a time and `Durability::Immediate`
//! costs an fsync per commit. So every write (a batch of game changes, a new
//! account, a session) becomes a [`Job`] on this thread's queue, and the thread
//! takes everything queued, applies it in *one* transaction and commits once:
//! a hundred concurrent commands cost one fsync, not a hundred. It also keeps
//! blocking file I/O off the async threads.

use std::sync::Arc;
use std::thread::JoinHandle;

use redb::{Database, Durability, ReadableTable, WriteTransaction};
use tokio::sync::{mpsc, oneshot};

use super::records::{CharacterRecord, PlaceRecord};
use super::schema::{ACCOUNTS, CHARACTERS, ITEM_PLACES, SESSIONS};
use crate::game::{Change, UserKey};
use crate::store::{Account, Created, Session, StoreError, TokenDigest};

/// Most jobs folded into one transaction, so one huge group cannot delay the
/// first caller's answer for long.
const MAX_GROUP: usize = 4096;

pub enum Job {
    SaveGame {
        changes: Vec<Change>,
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
}

/// The answer a job gets once the group it is in has committed.
enum Answer {
    Game(oneshot::Sender<Result<(), StoreError>>),
    Account(oneshot::Sender<Result<Created, StoreError>>, Created),
}

pub struct Writer {
    jobs: mpsc::UnboundedSender<Job>,
    thread: JoinHandle<()>,
}

impl Writer {
    pub fn start(db: Arc<Database>) -> std::io::Result<Writer> {
        let (jobs, queue) = mpsc::unbounded_channel();
        let thread = std::thread::Builder::new()
            .name("hearth-db-writer".to_owned())
            .spawn(move || run(&db, queue))?;
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

fn run(db: &Database, mut queue: mpsc::UnboundedReceiver<Job>) {
    let mut group = Vec::new();
    while queue.blocking_recv_many(&mut group, MAX_GROUP) > 0 {
        commit_group(db, std::mem::take(&mut group));
    }
}

fn commit_group(db: &Database, group: Vec<Job>) {
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
        error.to_string()
    });
    for answer in answers {
        let failed = || StoreError::Storage(failure.clone().unwrap_or_default());
        match answer {
            Answer::Game(done) => {
                let _ = done.send(if failure.is_some() {
                    Err(failed())
                } else {
                    Ok(())
                });
            }
            Answer::Account(done, created) => {
                let _ = done.send(if failure.is_some() {
                    Err(failed())
                } else {
                    Ok(created)
                });
            }
        }
    }
}

fn apply(write: &WriteTransaction, job: Job) -> Result<Answer, redb::Error> {
    Ok(match job {
        Job::SaveGame { changes, done } => {
            save_changes(write, &changes)?;
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
    })
}

fn save_changes(write: &WriteTransaction, changes: &[Change]) -> Result<(), redb::Error> {
    let mut characters = write.open_table(CHARACTERS)?;
    let mut places = write.open_table(ITEM_PLACES)?;
    for change in changes {
        match change {
            Change::CharacterCreated {
                who,
                name,
                location,
            } => {
                let record = CharacterRecord {
                    name: name.clone(),
                    location: location.clone(),
                    channels: Default::default(),
                };
                characters.insert(who.as_str(), json(&record).as_slice())?;
            }
            Change::CharacterMoved { who, to, .. } => {
                update_character(&mut characters, who, |record| record.location = to.clone())?;
            }
            Change::ChannelJoined { who, channel } => {
                update_character(&mut characters, who, |record| {
                    record.channels.insert(channel.clone());
                })?;
            }
            Change::ChannelLeft { who, channel } => {
                update_character(&mut characters, who, |record| {
                    record.channels.remove(channel);
                })?;
            }
            Change::ItemMoved { item, to, .. } | Change::ItemCreated { item, at: to } => {
                places.insert(item.as_str(), json(&PlaceRecord::from(to)).as_slice())?;
            }
            Change::ItemForgotten { item, .. } => {
                places.remove(item.as_str())?;
            }
            Change::SocketOpened { .. } | Change::SocketClosed { .. } => {}
        }
    }
    Ok(())
}

fn update_character(
    characters: &mut redb::Table<&str, &[u8]>,
    who: &UserKey,
    update: impl FnOnce(&mut CharacterRecord),
) -> Result<(), redb::Error> {
    let Some(stored) = characters.get(who.as_str())? else {
        tracing::error!(%who, "a change names a character the database does not have");
        return Ok(());
    };
    let mut record: CharacterRecord = serde_json::from_slice(stored.value()).map_err(corrupt)?;
    drop(stored);
    update(&mut record);
    characters.insert(who.as_str(), json(&record).as_slice())?;
    Ok(())
}

pub fn json(value: &impl serde::Serialize) -> Vec<u8> {
    serde_json::to_vec(value).expect("records always serialize")
}

pub fn corrupt(error: serde_json::Error) -> redb::Error {
    redb::Error::Corrupted(format!("a record does not parse: {error}"))
}
