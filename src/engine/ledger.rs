//! Where a group goes once it is decided: its record writes made durable,
//! then its deliveries published, in that order and together.
//!
//! On one server that is the store, then the bus. In a cluster it is one
//! fenced commit to Redis that holds both, read back by every instance; the
//! engine does not know which. A ledger fails in one of two ways, and they
//! ask opposite things of the engine: nothing was saved (a full disk), and
//! the engine carries on carefully; or this engine may no longer commit at
//! all (another instance runs the game now, or the commit's outcome cannot
//! be known), and the engine must stop at once, telling nobody anything.

use std::future::Future;
use std::pin::Pin;
use std::sync::Arc;

use crate::bus::{Batch, Publisher};
use crate::store::records::RecordWrite;
use crate::store::{Store, StoreError};

use super::inputs::Position;
use super::presence::ConnectionChange;

pub type LedgerFuture<'a> = Pin<Box<dyn Future<Output = Result<(), LedgerError>> + Send + 'a>>;

/// Everything one group commits.
#[derive(Debug, Default)]
pub struct Group {
    /// The records it changed.
    pub writes: Vec<RecordWrite>,
    /// What it tells players, in order.
    pub batch: Batch,
    /// The connections that came into the game or left it.
    pub connections: Vec<ConnectionChange>,
    /// How far into a shared input log its requests reach, if any came
    /// from one.
    pub position: Option<Position>,
}

#[derive(Debug, thiserror::Error)]
pub enum LedgerError {
    /// Nothing of the group was saved or told; the engine may go on.
    #[error(transparent)]
    NotSaved(#[from] StoreError),
    /// This engine can no longer commit, and may not know whether its last
    /// commit happened: it must stop, and a fresh one start from what is
    /// really saved.
    #[error("this engine can no longer commit: {0}")]
    Deposed(String),
}

pub trait Ledger: Send + Sync + 'static {
    /// Saves the group's writes (and connections, and position) durably
    /// and atomically, then publishes its batch. Nothing of the batch is
    /// published if saving fails.
    fn commit(&self, group: Group) -> LedgerFuture<'_>;
}

/// One server: the store, then the in-process bus. Its players reconnect
/// after a restart, so it keeps no connections; it reads no shared log.
pub struct LocalLedger {
    pub store: Arc<dyn Store>,
    pub bus: Publisher,
}

impl Ledger for LocalLedger {
    fn commit(&self, group: Group) -> LedgerFuture<'_> {
        Box::pin(async move {
            if !group.writes.is_empty() {
                self.store.save_records(group.writes).await?;
            }
            self.bus.publish(group.batch).await;
            Ok(())
        })
    }
}
