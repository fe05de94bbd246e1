//! A store that keeps everything in memory, with faults a test can switch
//! on: saves that fail, loads that fail, and saves held until released.
//!
//! It is a real implementation of [`Store`] (nothing survives the process,
//! which is the point), used to test the engine's promises without a disk:
//! that a failed save tells nobody anything, how inputs group while a save
//! is under way, and in what order things are published.

use std::collections::{BTreeMap, HashMap};
use std::path::PathBuf;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};

use tokio::sync::Semaphore;

use super::records::{Record, RecordWrite, Table};
use super::{Account, Created, Session, Store, StoreError, StoreFuture, TokenDigest};
use crate::game::UserKey;

#[derive(Default)]
pub struct MemoryStore {
    data: Mutex<Data>,
    /// Saves still to fail, counting down.
    failing_saves: AtomicUsize,
    /// Loads of the game's records still to fail, counting down.
    failing_loads: AtomicUsize,
    /// While set, saves wait for a permit from it.
    held: Mutex<Option<Arc<Semaphore>>>,
    saves_started: AtomicUsize,
}

#[derive(Default)]
struct Data {
    records: BTreeMap<(Table, String), Vec<u8>>,
    accounts: HashMap<UserKey, Account>,
    sessions: HashMap<TokenDigest, Session>,
    epoch: u64,
}

/// Saves held back until [`Hold::release`] (or until it is dropped).
pub struct Hold {
    gate: Arc<Semaphore>,
}

impl Hold {
    /// Lets every held save, and all later ones, go through.
    pub fn release(self) {}
}

impl Drop for Hold {
    fn drop(&mut self) {
        // A closed gate lets every waiter (and later one) through at once.
        self.gate.close();
    }
}

impl MemoryStore {
    pub fn new() -> Arc<MemoryStore> {
        Arc::new(MemoryStore::default())
    }

    /// Makes the next `count` saves fail, as a full disk would.
    pub fn fail_next_saves(&self, count: usize) {
        self.failing_saves.store(count, Ordering::SeqCst);
    }

    /// Makes the next `count` loads of the game's records fail, as reading
    /// a database back does while its disk is failing.
    pub fn fail_next_loads(&self, count: usize) {
        self.failing_loads.store(count, Ordering::SeqCst);
    }

    /// Holds every save from now on until the returned [`Hold`] is released.
    pub fn hold_saves(&self) -> Hold {
        let gate = Arc::new(Semaphore::new(0));
        *self.held.lock().expect("held lock") = Some(gate.clone());
        Hold { gate }
    }

    /// How many saves have started (held ones included).
    pub fn saves_started(&self) -> usize {
        self.saves_started.load(Ordering::SeqCst)
    }

    /// The value of one stored record.
    pub fn record(&self, table: Table, key: &str) -> Option<Vec<u8>> {
        let data = self.data.lock().expect("data lock");
        data.records.get(&(table, key.to_owned())).cloned()
    }

    fn with<T: Send + 'static>(&self, work: impl FnOnce(&mut Data) -> T) -> StoreFuture<'_, T> {
        let result = work(&mut self.data.lock().expect("data lock"));
        Box::pin(async move { Ok(result) })
    }
}

impl Store for MemoryStore {
    fn load_records(&self) -> StoreFuture<'_, Vec<Record>> {
        if counted_down(&self.failing_loads) {
            return Box::pin(async {
                Err(StoreError::Storage("input/output error (injected)".into()))
            });
        }
        self.with(|data| {
            data.records
                .iter()
                .map(|((table, key), value)| Record {
                    table: *table,
                    key: key.clone(),
                    value: value.clone(),
                })
                .collect()
        })
    }

    fn game_record(&self, table: Table, key: String) -> StoreFuture<'_, Option<Vec<u8>>> {
        self.with(move |data| data.records.get(&(table, key)).cloned())
    }

    fn save_records(&self, writes: Vec<RecordWrite>) -> StoreFuture<'_, ()> {
        self.saves_started.fetch_add(1, Ordering::SeqCst);
        let held = self.held.lock().expect("held lock").clone();
        Box::pin(async move {
            if let Some(gate) = held {
                let _permit = gate.acquire().await;
            }
            if counted_down(&self.failing_saves) {
                return Err(StoreError::Storage(
                    "no space left on device (injected)".into(),
                ));
            }
            let mut data = self.data.lock().expect("data lock");
            for RecordWrite { table, key, value } in writes {
                match value {
                    Some(value) => data.records.insert((table, key), value),
                    None => data.records.remove(&(table, key)),
                };
            }
            Ok(())
        })
    }

    fn begin_epoch(&self) -> StoreFuture<'_, u64> {
        self.with(|data| {
            data.epoch += 1;
            data.epoch
        })
    }

    fn create_account(&self, key: UserKey, account: Account) -> StoreFuture<'_, Created> {
        self.with(move |data| match data.accounts.entry(key) {
            std::collections::hash_map::Entry::Occupied(_) => Created::AlreadyExists,
            std::collections::hash_map::Entry::Vacant(slot) => {
                slot.insert(account);
                Created::Created
            }
        })
    }

    fn account(&self, key: UserKey) -> StoreFuture<'_, Option<Account>> {
        self.with(move |data| data.accounts.get(&key).cloned())
    }

    fn put_session(&self, digest: TokenDigest, session: Session) -> StoreFuture<'_, ()> {
        self.with(move |data| {
            data.sessions.insert(digest, session);
        })
    }

    fn session(&self, digest: TokenDigest) -> StoreFuture<'_, Option<Session>> {
        self.with(move |data| data.sessions.get(&digest).cloned())
    }

    fn delete_session(&self, digest: TokenDigest) -> StoreFuture<'_, ()> {
        self.with(move |data| {
            data.sessions.remove(&digest);
        })
    }

    fn replace_password(
        &self,
        key: UserKey,
        password_hash: String,
    ) -> StoreFuture<'_, Option<usize>> {
        self.with(move |data| {
            let account = data.accounts.get_mut(&key)?;
            account.password_hash = password_hash;
            let before = data.sessions.len();
            data.sessions.retain(|_, session| session.user != key);
            Some(before - data.sessions.len())
        })
    }

    fn delete_expired_sessions(&self, now: u64) -> StoreFuture<'_, usize> {
        self.with(move |data| {
            let before = data.sessions.len();
            data.sessions.retain(|_, session| session.expires_at > now);
            before - data.sessions.len()
        })
    }

    fn snapshot(&self, _destination: PathBuf) -> StoreFuture<'_, ()> {
        Box::pin(async {
            Err(StoreError::Storage(
                "an in-memory store has no file to snapshot".into(),
            ))
        })
    }

    fn close(&self) -> StoreFuture<'_, ()> {
        Box::pin(async { Ok(()) })
    }
}

/// Counts one off `left`: whether there was one to count (a fault to inject).
fn counted_down(left: &AtomicUsize) -> bool {
    left.fetch_update(Ordering::SeqCst, Ordering::SeqCst, |left| {
        left.checked_sub(1)
    })
    .is_ok()
}
