//! The leader's [`Ledger`]: each group the engine decides becomes one run of
//! the commit script, holding its record writes, the connections that came
//! and went, the input cursor it reaches and its batch, serialized for the
//! output stream.
//!
//! It publishes nothing itself. Every instance, the leader's own included,
//! hears the batch by reading the output stream, so nothing can reach a
//! player that is not in Redis. Any refusal or unknown outcome deposes the
//! engine ([`LedgerError::Deposed`]): fenced (another instance holds the
//! lease), a cursor that is not ours (someone else committed), or no answer
//! (the script may have run). The leader then steps down and whoever leads
//! next starts from what Redis holds.

use std::sync::{Arc, Mutex};

use tokio::sync::watch;

use super::commit::{Commit, CommitError, Committer, PresenceWrite, RecordWrite};
use super::lease::LeaseToken;
use super::status::Status;
use super::streams::EntryId;
use crate::engine::{ConnectionChange, Group, Ledger, LedgerError, LedgerFuture};
use crate::store::StoreError;
use crate::store::records::json;

pub struct ClusterLedger {
    committer: tokio::sync::Mutex<Committer>,
    token: LeaseToken,
    /// The cursor last committed (or loaded), with whoever waits for it.
    cursor: Mutex<EntryId>,
    committed: watch::Sender<EntryId>,
    status: Arc<Status>,
}

impl ClusterLedger {
    /// A ledger for the holder of `token`, whose state includes the input
    /// stream up to `cursor`.
    pub fn new(
        committer: Committer,
        token: LeaseToken,
        cursor: EntryId,
        status: Arc<Status>,
    ) -> ClusterLedger {
        let (committed, _) = watch::channel(cursor.clone());
        ClusterLedger {
            committer: tokio::sync::Mutex::new(committer),
            token,
            cursor: Mutex::new(cursor),
            committed,
            status,
        }
    }

    /// The cursor as each commit leaves it (the input reader waits on it so
    /// it never reads far ahead of what is applied).
    pub fn committed(&self) -> watch::Receiver<EntryId> {
        self.committed.subscribe()
    }

    async fn commit_group(&self, group: Group) -> Result<(), LedgerError> {
        let batch = serde_json::to_vec(&group.batch)
            .map_err(|error| StoreError::Storage(format!("a batch does not serialize: {error}")))?;
        let writes: Vec<RecordWrite> = group
            .writes
            .into_iter()
            .map(|write| (write.table.name(), write.key, write.value))
            .collect();
        let presence: Vec<PresenceWrite> = group.connections.iter().map(presence_write).collect();
        let previous = self.cursor.lock().expect("the cursor lock").clone();
        let cursor = group
            .position
            .map_or_else(|| previous.clone(), |position| EntryId::new(position.0));
        let commit = Commit {
            token: &self.token,
            previous_cursor: &previous,
            cursor: &cursor,
            writes: &writes,
            presence: &presence,
            batch: &batch,
        };
        match self.committer.lock().await.commit(commit).await {
            Ok(_) => {
                self.status.record_commit(batch.len(), writes.len());
                *self.cursor.lock().expect("the cursor lock") = cursor.clone();
                self.committed.send_replace(cursor);
                Ok(())
            }
            Err(CommitError::Table(refused)) => Err(LedgerError::NotSaved(StoreError::Storage(
                refused.to_string(),
            ))),
            Err(deposed) => Err(LedgerError::Deposed(deposed.to_string())),
        }
    }
}

impl Ledger for ClusterLedger {
    fn commit(&self, group: Group) -> LedgerFuture<'_> {
        Box::pin(self.commit_group(group))
    }
}

/// How a connection's coming or going is kept in `<prefix>:online`.
fn presence_write(change: &ConnectionChange) -> PresenceWrite {
    match change {
        ConnectionChange::Entered { address, actor } => (address.to_string(), Some(json(actor))),
        ConnectionChange::Left { address, .. } => (address.to_string(), None),
    }
}
