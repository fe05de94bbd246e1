//! Where a group goes once it is decided: its record writes made durable,
//! then its deliveries published, in that order and together.
//!
//! On one server that is the store, then the bus. In a cluster it will be
//! one fenced commit to Redis that holds both, read back by every instance;
//! the engine does not know which.

use std::future::Future;
use std::pin::Pin;
use std::sync::Arc;

use crate::bus::{Batch, Publisher};
use crate::store::records::RecordWrite;
use crate::store::{Store, StoreError};

pub type LedgerFuture<'a> = Pin<Box<dyn Future<Output = Result<(), StoreError>> + Send + 'a>>;

pub trait Ledger: Send + Sync + 'static {
    /// Saves `writes` durably and atomically, then publishes `batch`.
    /// Nothing of the batch is published if saving fails.
    fn commit(&self, writes: Vec<RecordWrite>, batch: Batch) -> LedgerFuture<'_>;
}

/// One server: the store, then the in-process bus.
pub struct LocalLedger {
    pub store: Arc<dyn Store>,
    pub bus: Publisher,
}

impl Ledger for LocalLedger {
    fn commit(&self, writes: Vec<RecordWrite>, batch: Batch) -> LedgerFuture<'_> {
        Box::pin(async move {
            if !writes.is_empty() {
                self.store.save_records(writes).await?;
            }
            self.bus.publish(batch).await;
            Ok(())
        })
    }
}
