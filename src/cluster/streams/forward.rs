//! The edge's side of the input stream: forwards each request of this
//! instance's sockets to `<prefix>:in`, in order.
//!
//! One task per instance takes everything queued since its last flush and
//! appends it as one entry (one `XADD`, a field `r` per request), waiting for
//! the answer before the next flush. Like the engine's group commit, the
//! flushes grow with the load, and one fsync in Redis covers a whole flush.
//! One entry per flush rather than per request costs Redis a quarter of the
//! work (docs/cluster.md has the measurement), and makes a flush all or
//! nothing.
//!
//! A flush whose answer is lost (Redis died, the connection dropped, the
//! answer timed out) is never sent again: some of its requests may already
//! be in the stream, and sending them twice would run a command twice. The
//! forwarder reports the connections that had requests in it
//! ([`LostRequests`]); the caller must close them, their players reconnect
//! and carry on from what the game really holds. Until the caller
//! [forgets](Forwarder::forget) such a connection, the forwarder drops its
//! later requests: a command after a lost one must not run without it.
//! Waiting for one flush at a time is what makes that hold: when a flush
//! fails, nothing after it has been sent yet.

use std::collections::HashSet;
use std::hash::Hash;

use redis::RedisError;
use redis::aio::ConnectionManager;
use tokio::sync::mpsc;

use crate::cluster::Keys;

/// Most requests appended in one flush (one input entry).
const MAX_FLUSH: usize = 1024;
/// Most bytes of requests in one flush, so no entry grows huge.
const MAX_FLUSH_BYTES: usize = 1 << 20;

/// Requests whose fate is unknown, by the connections that sent them (each
/// once, in the order of their first lost request).
#[derive(Debug)]
pub struct LostRequests<K> {
    pub connections: Vec<K>,
    pub error: RedisError,
}

/// The forwarder's task has ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
#[error("the input forwarder has stopped")]
pub struct Stopped;

enum Command<K> {
    Forward(K, Vec<u8>),
    Forget(K),
}

/// A handle on the forwarding task; cheap to clone. The task ends when the
/// last handle is dropped, after sending what was queued.
pub struct Forwarder<K> {
    queue: mpsc::UnboundedSender<Command<K>>,
}

impl<K> Clone for Forwarder<K> {
    fn clone(&self) -> Self {
        Forwarder {
            queue: self.queue.clone(),
        }
    }
}

impl<K: Eq + Hash + Clone + Send + 'static> Forwarder<K> {
    /// Starts the task on `connection`; the receiver gets the lost requests.
    pub fn start(
        connection: ConnectionManager,
        keys: &Keys,
    ) -> (Forwarder<K>, mpsc::UnboundedReceiver<LostRequests<K>>) {
        let (queue, commands) = mpsc::unbounded_channel();
        let (lost, losses) = mpsc::unbounded_channel();
        tokio::spawn(run(connection, keys.input(), commands, lost));
        (Forwarder { queue }, losses)
    }

    /// Queues one serialized request of `connection`. Synchronous, like the
    /// engine's own queue, so a socket's requests keep the order it read them.
    pub fn forward(&self, connection: K, request: Vec<u8>) -> Result<(), Stopped> {
        self.queue
            .send(Command::Forward(connection, request))
            .map_err(|_| Stopped)
    }

    /// Tells the forwarder a connection is closed, after which nothing more
    /// comes from it: it stops dropping its requests (and forgets it). Call
    /// it for every closed connection that was reported lost.
    pub fn forget(&self, connection: K) -> Result<(), Stopped> {
        self.queue
            .send(Command::Forget(connection))
            .map_err(|_| Stopped)
    }
}

async fn run<K: Eq + Hash + Clone>(
    mut connection: ConnectionManager,
    stream: String,
    mut commands: mpsc::UnboundedReceiver<Command<K>>,
    lost: mpsc::UnboundedSender<LostRequests<K>>,
) {
    // Connections with a lost request, whose later requests are dropped.
    let mut tainted: HashSet<K> = HashSet::new();
    let mut flush: Vec<(K, Vec<u8>)> = Vec::new();
    while let Some(first) = commands.recv().await {
        let mut next = Some(first);
        let mut bytes = 0;
        while let Some(command) = next.take() {
            match command {
                Command::Forward(from, request) if !tainted.contains(&from) => {
                    bytes += request.len();
                    flush.push((from, request));
                }
                Command::Forward(..) => {}
                Command::Forget(from) => {
                    tainted.remove(&from);
                }
            }
            if flush.len() < MAX_FLUSH && bytes < MAX_FLUSH_BYTES {
                next = commands.try_recv().ok();
            }
        }
        if flush.is_empty() {
            continue;
        }
        let mut append = redis::cmd("XADD");
        append.arg(&stream).arg("*");
        for (_, request) in &flush {
            append.arg("r").arg(request);
        }
        if let Err(error) = append.exec_async(&mut connection).await {
            let connections = flush
                .drain(..)
                .filter_map(|(from, _)| tainted.insert(from.clone()).then_some(from))
                .collect();
            tracing::warn!(%error, "forwarded requests were lost; their connections are closed");
            // Nobody listening means nobody to tell; the requests are dropped anyway.
            let _ = lost.send(LostRequests { connections, error });
        }
        flush.clear();
    }
}
