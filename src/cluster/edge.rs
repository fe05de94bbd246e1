//! The instance as an edge: its connections' requests go to the input
//! stream, and the committed batches come back from the output stream to
//! its delivery hub.
//!
//! The transports submit to an ordinary engine queue ([`crate::engine::Inputs`]);
//! here it is read by [`forward`], which hands each request, serialized, to
//! the [`Forwarder`] keyed by its connection. While Redis cannot be
//! reached, nothing is sent: commands are refused at once with a clear
//! error, told through the hub like any answer. A flush whose fate is
//! unknown closes the connections that had requests in it ([`drop_lost`]):
//! their players reconnect and carry on from what the game really holds.
//! Each connection's `Exit` always goes out (the forwarder is told to
//! [forget](Forwarder::forget) the connection first): after a lost request
//! an exit is the one thing that may still run, and the engine ignores it
//! if the connection never came into the game.
//!
//! [`deliver`] reads the output stream and publishes every batch on the
//! instance's own bus, which feeds its hub. Missed batches (a gap) close
//! every connection, whose players would otherwise miss messages unawares.

use std::sync::Arc;
use std::time::Duration;

use tokio::sync::mpsc;
use tokio_util::sync::CancellationToken;

use super::status::Status;
use super::streams::{Delivery as Output, Forwarder, LostRequests, OutputReader};
use crate::bus::{Batch, ConnectionId, Delivery, Publisher};
use crate::delivery::Hub;
use crate::engine::Queue;
use crate::game::Input;

/// Requests taken from the queue at a time.
const MAX_TAKEN: usize = 1024;
/// What a command sent while Redis cannot be reached is told.
pub const UNREACHABLE: &str =
    "The game cannot be reached right now (its database is down); try again in a moment.";
/// What a connection whose request was lost is told as it closes.
const LOST: &str = "The link to the game broke while a command of yours was on its way; \
                    reconnect to see what happened.";
/// What a connection that missed messages is told as it closes.
const GAP: &str = "This server missed some of what happened; reconnect to catch up.";
/// How long the reader waits after Redis failed it before reading again.
const AFTER_A_FAILED_READ: Duration = Duration::from_millis(100);

/// The forwarder's key: the connection a request comes from.
pub type ConnectionKey = Option<ConnectionId>;

/// Forwards the requests of `queue` until `stop`, then forwards what is
/// already queued (the exits of the connections just closed) and returns.
pub async fn forward(
    mut queue: Queue,
    forwarder: Forwarder<ConnectionKey>,
    local: Arc<Publisher>,
    hub: Arc<Hub>,
    status: Arc<Status>,
    stop: CancellationToken,
) {
    loop {
        let gathered = tokio::select! {
            gathered = queue.gather(MAX_TAKEN) => gathered,
            () = stop.cancelled() => {
                queue.close();
                queue.gather(MAX_TAKEN).await
            }
        };
        let Some(gathered) = gathered else {
            return;
        };
        let mut refusals = Batch::new();
        for request in gathered.requests {
            let key = request.route.map(|route| route.connection);
            if !status.is_reachable() {
                match (&request.input, request.route) {
                    (Input::Exit, _) => {}
                    // Coming in now would leave it hanging; it may come back.
                    (Input::Enter, Some(route)) => {
                        hub.disconnect(route.connection, Some(UNREACHABLE));
                        continue;
                    }
                    (_, Some(route)) => {
                        refusals.push(Delivery::Refusal {
                            route,
                            error: UNREACHABLE.to_owned(),
                        });
                        continue;
                    }
                    (_, None) => continue,
                }
            }
            if matches!(request.input, Input::Exit) && forwarder.forget(key).is_err() {
                return;
            }
            let serialized = serde_json::to_vec(&request).expect("requests always serialize");
            if forwarder.forward(key, serialized).is_err() {
                return;
            }
        }
        local.publish(refusals).await;
    }
}

/// Closes the connections whose requests were lost, until the forwarder
/// has stopped (after sending everything it was given).
pub async fn drop_lost(
    mut losses: mpsc::UnboundedReceiver<LostRequests<ConnectionKey>>,
    hub: Arc<Hub>,
    status: Arc<Status>,
) {
    while let Some(lost) = losses.recv().await {
        status.set_reachable(false);
        for connection in lost.connections.into_iter().flatten() {
            hub.disconnect(connection, Some(LOST));
        }
    }
}

/// Publishes every committed batch on `local`, in order, until `stop`.
pub async fn deliver(
    mut reader: OutputReader,
    local: Arc<Publisher>,
    hub: Arc<Hub>,
    stop: CancellationToken,
) {
    loop {
        let read = tokio::select! {
            () = stop.cancelled() => return,
            read = reader.next() => read,
        };
        let deliveries = match read {
            Ok(deliveries) => deliveries,
            Err(error) => {
                tracing::debug!(%error, "reading the output stream failed; reading again");
                tokio::time::sleep(AFTER_A_FAILED_READ).await;
                continue;
            }
        };
        for delivery in deliveries {
            match delivery {
                Output::Batch(output) => match serde_json::from_slice::<Batch>(&output.batch) {
                    Ok(batch) => local.publish(batch).await,
                    Err(error) => {
                        tracing::error!(%error, group = output.group, "a batch could not be read");
                        hub.close_all(Some(GAP));
                    }
                },
                Output::Gap { expected, found } => {
                    tracing::warn!(
                        expected,
                        found,
                        "batches were missed; closing every connection"
                    );
                    hub.close_all(Some(GAP));
                }
            }
        }
    }
}
