//! What the leader's engine is fed, besides the world's own ticks: every
//! instance's requests, read from the input stream in order, and the exits
//! of connections whose instance died.
//!
//! The reader hands the engine one [`Flush`] per input entry, with the
//! entry's id as its position, and reads at most [`READS_AHEAD`] reads
//! beyond what is committed, so a leader that falls behind holds a bounded
//! backlog and the rest waits in Redis. Groups still grow with the load:
//! whatever arrived while a group was being committed is read at once.
//!
//! The sweeper takes out the connections of dead instances: every so often
//! it lists the live ones and the connections in the game (as committed),
//! and gives the engine an `Exit` for each connection of an instance that is
//! not alive. Those exits come from no log and commit no position; if this
//! leader dies before committing them, the next one sweeps again. The engine
//! ignores an exit of a connection that has already left, so an exit swept
//! twice, or swept and then sent by the connection itself, counts once.

use std::collections::{HashMap, HashSet, VecDeque};
use std::time::Duration;

use redis::aio::ConnectionManager;
use tokio::sync::watch;

use super::Keys;
use super::liveness::Liveness;
use super::streams::{EntryId, InputReader};
use crate::bus::Route;
use crate::engine::{ConnectionAddress, Flush, Inputs, Position, Request};
use crate::game::{Actor, Input};

/// Reads not yet committed before the reader waits.
const READS_AHEAD: usize = 2;
/// Input entries (edge flushes) taken in one read.
const ENTRIES_PER_READ: usize = 16;
/// How long the reader waits after Redis failed it before reading again.
const AFTER_A_FAILED_READ: Duration = Duration::from_millis(100);

/// Feeds the engine from the input stream until the engine stops taking
/// inputs. `committed` follows the cursor as commits leave it.
pub async fn read_inputs(
    mut reader: InputReader,
    engine: Inputs,
    mut committed: watch::Receiver<EntryId>,
) {
    // The last entry of each read handed over and not yet committed.
    let mut uncommitted: VecDeque<EntryId> = VecDeque::new();
    loop {
        loop {
            let cursor = committed.borrow_and_update().clone();
            if let Some(at) = uncommitted.iter().position(|id| *id == cursor) {
                uncommitted.drain(..=at);
            }
            if uncommitted.len() < READS_AHEAD {
                break;
            }
            // Everything handed over is committed at the latest when the
            // cursor reaches the last of it, which is in the queue.
            if committed.changed().await.is_err() {
                return;
            }
        }
        let entries = match reader.next(ENTRIES_PER_READ).await {
            Ok(entries) => entries,
            Err(error) => {
                tracing::debug!(%error, "reading the input stream failed; reading again");
                tokio::time::sleep(AFTER_A_FAILED_READ).await;
                continue;
            }
        };
        let Some(last) = entries.last().map(|entry| entry.id.clone()) else {
            continue;
        };
        for entry in entries {
            let requests = entry
                .requests
                .iter()
                .filter_map(|request| match serde_json::from_slice::<Request>(request) {
                    Ok(request) => Some(request),
                    Err(error) => {
                        tracing::warn!(%error, entry = %entry.id, "an unreadable request was skipped");
                        None
                    }
                })
                .collect();
            let flush = Flush {
                requests,
                position: Position(entry.id.to_string()),
            };
            if !engine.submit_flush(flush) {
                return;
            }
        }
        uncommitted.push_back(last);
    }
}

/// Takes out, every `every`, the connections of instances that are not
/// alive, until the engine stops taking inputs.
pub async fn sweep(
    mut liveness: Liveness,
    mut connection: ConnectionManager,
    keys: Keys,
    engine: Inputs,
    every: Duration,
) {
    // Exits handed over already, so a slow commit is not sent them again.
    let mut swept: HashSet<String> = HashSet::new();
    loop {
        tokio::time::sleep(every).await;
        let live: HashSet<String> = match liveness.live_nodes().await {
            Ok(live) => live.into_iter().collect(),
            Err(_) => continue,
        };
        let online: HashMap<String, Vec<u8>> = match redis::cmd("HGETALL")
            .arg(keys.online())
            .query_async(&mut connection)
            .await
        {
            Ok(online) => online,
            Err(_) => continue,
        };
        swept.retain(|field| online.contains_key(field));
        for (field, actor) in &online {
            let Some(request) = exit_of_the_dead(field, actor, &live) else {
                continue;
            };
            if !swept.insert(field.clone()) {
                continue;
            }
            tracing::info!(connection = %field, "an instance died; its connection leaves the game");
            if engine.submit(request).is_err() {
                return;
            }
        }
    }
}

/// The exit of the connection `field` (its player `actor`), if its node is
/// not in `live`.
fn exit_of_the_dead(field: &str, actor: &[u8], live: &HashSet<String>) -> Option<Request> {
    let address: ConnectionAddress = match field.parse() {
        Ok(address) => address,
        Err(error) => {
            tracing::warn!(%error, "a connection in Redis cannot be read");
            return None;
        }
    };
    if live.contains(&address.node.to_string()) {
        return None;
    }
    let actor: Actor = serde_json::from_slice(actor).ok()?;
    Some(Request {
        actor,
        input: Input::Exit,
        route: Some(Route {
            node: address.node,
            connection: address.connection,
            request: 0,
        }),
    })
}
