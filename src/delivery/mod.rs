//! Delivering what the engine publishes to this node's connections,
//! whatever their transport: the bus's consumer.
//!
//! The engine addresses accounts and connection routes, never sockets. The
//! [`Hub`] holds every connection this node serves behind the [`Outlet`]
//! trait (a Socket.IO socket, a telnet session), finds which of them each
//! delivery is for, records what every account is sent (so a client that
//! drops and comes back catches up) and hands each connection its messages.
//! Batches are handled one at a time and in order, so every connection sees
//! replies and events in the order the game produced them.
//!
//! The presence feed (who came and went) is gathered here and sent to every
//! connection in the game at most once a second ([`presence`]).
//!
//! A connection whose buffer is full has stopped reading. Silently skipping
//! it would leave its player believing they heard everything, so it is
//! closed instead (and counted); the client reconnects and catches up.
//!
//! A [`Delivery::Disconnect`] (a kick, a ban, a new password) closes every
//! connection the account has on this node, each with the notice as its
//! last word; like a logout's, those connections close for good, so the
//! character leaves the world at once rather than going link-dead.

mod history;
mod outlet;
mod presence;
mod registry;

use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex, MutexGuard};
use std::time::Instant;

use crate::bus::{Batch, ConnectionId, Connections, Delivery, NodeId, Route, Seq, Subscriber};
use crate::game::{Departure, PresenceNews, UserKey};
use crate::store::TokenDigest;

use self::presence::PresenceFeed;
use self::registry::{Link, Registry};

pub use history::{History, KEPT_FOR, KEPT_MESSAGES, Recorded};
pub use outlet::{Outgoing, Outlet, Unwritable};

/// Deliveries handled before the connections' writers get a turn. A
/// connection gets at most one message per delivery, so none gets more than
/// this between two chances to send, well under a socket's buffer. On one
/// core nothing else runs while a batch is delivered: a batch of 1,024
/// arrivals, each told to everyone, used to fill every socket's buffer and
/// drop them all, however fast the clients read.
const DELIVERIES_BETWEEN_YIELDS: usize = 512;

/// What the gap notice says.
const GAP_NOTICE: &str = "Some of what happened while you were away is no longer kept; \
                          what follows is the part that is.";

/// A connection about to be registered.
pub struct Opening {
    pub account: UserKey,
    pub outlet: Arc<dyn Outlet>,
    pub session: Option<TokenDigest>,
    /// The last message the client saw, when it is coming back.
    pub since: Option<Seq>,
}

#[derive(Debug, thiserror::Error, PartialEq, Eq)]
#[error("this account already has {0} connections open; close one first")]
pub struct TooManyConnections(pub usize);

pub struct Hub {
    /// This node's id. It changes only when a cluster declared the node dead
    /// (it was cut off too long): its connections are closed then, and it
    /// carries on as a new node, so nothing meant for the old one reaches
    /// the new connections.
    node: AtomicU64,
    /// Most connections one account may have open on this node.
    max_per_account: Option<usize>,
    registry: Mutex<Registry>,
    dropped: SlowClients,
}

/// How many connections were closed because their clients stopped reading:
/// by the hub (a full buffer) or by a transport (a write that stalled).
/// Clones count into one number.
#[derive(Debug, Clone, Default)]
pub struct SlowClients(Arc<AtomicU64>);

impl SlowClients {
    pub fn count_one(&self) {
        self.0.fetch_add(1, Ordering::Relaxed);
        crate::metrics::slow_client_dropped();
    }

    pub fn total(&self) -> u64 {
        self.0.load(Ordering::Relaxed)
    }
}

impl Hub {
    pub fn new(node: NodeId, max_per_account: Option<usize>) -> Arc<Hub> {
        Arc::new(Hub {
            node: AtomicU64::new(node.0),
            max_per_account,
            registry: Mutex::default(),
            dropped: SlowClients::default(),
        })
    }

    pub fn node(&self) -> NodeId {
        NodeId(self.node.load(Ordering::Acquire))
    }

    /// Carries on as node `node` (see [`Hub::node`]).
    pub fn renumber(&self, node: NodeId) {
        self.node.store(node.0, Ordering::Release);
    }

    /// Registers a connection, before its `Enter` is submitted.
    pub fn open(&self, opening: Opening) -> Result<ConnectionId, TooManyConnections> {
        let mut registry = self.registry();
        if let Some(limit) = self.max_per_account
            && registry.count_of(&opening.account) >= limit
        {
            return Err(TooManyConnections(limit));
        }
        let id = registry.open(Link {
            account: opening.account,
            outlet: opening.outlet,
            session: opening.session,
            since: opening.since,
            in_game: false,
            failed: false,
            closed_for_good: false,
        });
        crate::metrics::connections(registry.open_count());
        Ok(id)
    }

    /// Forgets a connection that closed, and says why it did: for good (a
    /// logout, a kick, a ban), or it dropped.
    pub fn close(&self, id: ConnectionId) -> Departure {
        let mut registry = self.registry();
        let closed = registry.close(id);
        crate::metrics::connections(registry.open_count());
        match closed {
            Some(link) if link.closed_for_good => Departure::LoggedOut,
            _ => Departure::Dropped,
        }
    }

    /// The route for a connection's `request`th request.
    pub fn route(&self, connection: ConnectionId, request: u64) -> Route {
        Route {
            node: self.node(),
            connection,
            request,
        }
    }

    /// Closes one connection, with an optional last word.
    pub fn disconnect(&self, id: ConnectionId, notice: Option<&str>) {
        let outlet = self.registry().link(id).map(|link| link.outlet.clone());
        if let Some(outlet) = outlet {
            outlet.close(notice);
        }
    }

    /// Closes every connection opened with `session` (it was revoked): its
    /// player logged out.
    pub fn close_session(&self, session: TokenDigest, notice: &str) {
        let outlets = self.registry().end_session(session);
        for outlet in outlets {
            outlet.close(Some(notice));
        }
    }

    /// Closes every connection, with an optional last word (in a cluster:
    /// this instance missed messages, or is leaving).
    pub fn close_all(&self, notice: Option<&str>) {
        let outlets = self.registry().every_outlet();
        for outlet in outlets {
            outlet.close(notice);
        }
    }

    /// Connections open on this node.
    pub fn connections(&self) -> usize {
        self.registry().open_count()
    }

    /// Accounts with a connection in the game on this node (a player on
    /// two tabs counts once), for MUD listing sites' player counts.
    pub fn players(&self) -> usize {
        self.registry().accounts_in_game()
    }

    /// Connections closed because they stopped reading, since start.
    pub fn dropped(&self) -> u64 {
        self.dropped.total()
    }

    /// The count of connections closed for not reading, for the transports
    /// to add the ones they close themselves.
    pub fn slow_clients(&self) -> SlowClients {
        self.dropped.clone()
    }

    /// Delivers every batch the bus carries, until the bus closes.
    pub async fn run(self: Arc<Hub>, mut bus: Subscriber) {
        let mut history = History::default();
        let mut presence = PresenceFeed::default();
        loop {
            let due = presence.due_at(Instant::now());
            tokio::select! {
                batch = bus.next() => {
                    let Some(batch) = batch else {
                        break;
                    };
                    self.deliver(&batch, &mut history, &mut presence).await;
                }
                () = sleep_until(due), if due.is_some() => {}
            }
            if let Some(news) = presence.take(Instant::now()) {
                self.tell_presence(&news);
            }
        }
    }

    async fn deliver(&self, batch: &Batch, history: &mut History, presence: &mut PresenceFeed) {
        for (n, chunk) in batch.chunks(DELIVERIES_BETWEEN_YIELDS).enumerate() {
            if n > 0 {
                tokio::task::yield_now().await;
            }
            let (stuck, closing) = {
                let mut round = Round {
                    node: self.node(),
                    registry: self.registry(),
                    history,
                    presence,
                    now: Instant::now(),
                    stuck: Vec::new(),
                    closing: Vec::new(),
                };
                for delivery in chunk {
                    round.deliver(delivery);
                }
                (round.stuck, round.closing)
            };
            self.drop_stuck(stuck);
            for (outlet, notice) in closing {
                outlet.close(Some(notice));
            }
        }
    }

    /// Sends `news` to every connection in the game on this node.
    fn tell_presence(&self, news: &PresenceNews) {
        let message = Outgoing::Presence { news };
        let stuck: Vec<Arc<dyn Outlet>> = {
            let mut registry = self.registry();
            let failed: Vec<ConnectionId> = registry
                .every_in_game()
                .filter(|(_, link)| link.outlet.send(message).is_err())
                .map(|(id, _)| id)
                .collect();
            failed
                .into_iter()
                .filter_map(|id| {
                    let outlet = registry.link(id)?.outlet.clone();
                    registry.fail(id);
                    Some(outlet)
                })
                .collect()
        };
        self.drop_stuck(stuck);
    }

    fn drop_stuck(&self, stuck: Vec<Arc<dyn Outlet>>) {
        for outlet in stuck {
            tracing::warn!("a client stopped reading; closing its connection");
            self.dropped.count_one();
            outlet.close(None);
        }
    }

    fn registry(&self) -> MutexGuard<'_, Registry> {
        self.registry.lock().expect("the registry lock")
    }
}

/// One chunk of deliveries, under one hold of the registry.
struct Round<'a> {
    node: NodeId,
    registry: MutexGuard<'a, Registry>,
    history: &'a mut History,
    presence: &'a mut PresenceFeed,
    now: Instant,
    /// Connections that could not take a message, to close once the
    /// registry is let go (closing may call back into the hub).
    stuck: Vec<Arc<dyn Outlet>>,
    /// Connections to close with a last word, likewise.
    closing: Vec<(Arc<dyn Outlet>, &'a str)>,
}

impl<'a> Round<'a> {
    fn deliver(&mut self, delivery: &'a Delivery) {
        match delivery {
            Delivery::Disconnect { account, notice } => {
                for outlet in self.registry.put_out(account) {
                    self.closing.push((outlet, notice));
                }
            }
            Delivery::Welcome {
                route,
                welcome,
                seq,
            } => self.welcome(route, |outlet, link, history, now| {
                outlet.send(Outgoing::Welcome { welcome, seq: *seq })?;
                let Some(since) = link.since else {
                    return Ok(());
                };
                let catchup = history.catch_up(&link.account, since, *seq, now);
                if catchup.gap {
                    outlet.send(Outgoing::Gap { text: GAP_NOTICE })?;
                }
                for entry in &catchup.missed {
                    outlet.send(replayed(entry))?;
                }
                Ok(())
            }),
            Delivery::Reply {
                route,
                account,
                seq,
                command,
                response,
            } => {
                let reply = Arc::new(Recorded::Reply {
                    command: command.clone(),
                    response: response.clone(),
                });
                self.history.record(account, *seq, &reply, self.now);
                self.answer(
                    route,
                    Outgoing::Reply {
                        request: Some(route.request),
                        seq: *seq,
                        command,
                        response,
                        replayed: false,
                    },
                );
            }
            Delivery::Refusal { route, error } => self.answer(
                route,
                Outgoing::Refusal {
                    request: route.request,
                    error,
                },
            ),
            Delivery::Done { route } => self.answer(
                route,
                Outgoing::Done {
                    request: route.request,
                },
            ),
            Delivery::Presence(news) => self.presence.add(news),
            Delivery::Event { event, to } => {
                let shared = Arc::new(Recorded::Event(event.clone()));
                for recipient in to {
                    let recorded = match recipient.connections {
                        Connections::AllBut(_) => Arc::new(Recorded::ToOtherTabs(event.clone())),
                        _ => shared.clone(),
                    };
                    self.history
                        .record(&recipient.account, recipient.seq, &recorded, self.now);
                    let message = Outgoing::Event {
                        event,
                        seq: recipient.seq,
                        replayed: false,
                    };
                    let node = self.node;
                    let failed: Vec<ConnectionId> = self
                        .registry
                        .in_game(&recipient.account)
                        .filter(|(id, _)| recipient.connections.include(node, *id))
                        .filter(|(_, link)| link.outlet.send(message).is_err())
                        .map(|(id, _)| id)
                        .collect();
                    for id in failed {
                        self.fail(id);
                    }
                }
            }
        }
    }

    /// Welcomes a connection of this node into the game: `greet` sends what
    /// comes first, then it hears everything its account is told.
    fn welcome(
        &mut self,
        route: &Route,
        greet: impl FnOnce(&dyn Outlet, &Link, &mut History, Instant) -> Result<(), Unwritable>,
    ) {
        if route.node != self.node {
            return;
        }
        let Some(link) = self.registry.link(route.connection) else {
            return;
        };
        match greet(link.outlet.as_ref(), link, self.history, self.now) {
            Ok(()) => self.registry.enter_game(route.connection),
            Err(Unwritable) => self.fail(route.connection),
        }
    }

    /// Hands a connection of this node the answer to its request.
    fn answer(&mut self, route: &Route, message: Outgoing<'_>) {
        if route.node != self.node {
            return;
        }
        let Some(link) = self.registry.link(route.connection) else {
            return;
        };
        if !link.failed && link.outlet.send(message).is_err() {
            self.fail(route.connection);
        }
    }

    fn fail(&mut self, id: ConnectionId) {
        if let Some(link) = self.registry.link(id)
            && !link.failed
        {
            self.stuck.push(link.outlet.clone());
            self.registry.fail(id);
        }
    }
}

/// A kept message, as sent again to a client catching up.
fn replayed(entry: &history::Missed) -> Outgoing<'_> {
    match entry.message.as_ref() {
        Recorded::Reply { command, response } => Outgoing::Reply {
            request: None,
            seq: entry.seq,
            command,
            response,
            replayed: true,
        },
        Recorded::Event(event) | Recorded::ToOtherTabs(event) => Outgoing::Event {
            event,
            seq: entry.seq,
            replayed: true,
        },
    }
}

/// Waits until `due` (which the caller checked is set).
async fn sleep_until(due: Option<Instant>) {
    if let Some(due) = due {
        tokio::time::sleep_until(due.into()).await;
    }
}
