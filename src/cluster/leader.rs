//! Leadership: every instance tries for the lease; the one holding it runs
//! the game, and stops the moment it may no longer.
//!
//! Holding the lease, an instance loads the state from Redis (records,
//! connections in the game and cursor, in one `MULTI`), starts an engine on
//! it with a [`ClusterLedger`] and the lease's epoch (so message numbers
//! outgrow every earlier leader's), feeds it from the input stream and the
//! sweeper, and renews the lease. It steps down, throwing the engine away,
//! when a commit is refused or its outcome unknown (the engine stops
//! itself), when the lease is not renewed in time, or when the instance
//! stops; in that last case the engine first finishes what it has read,
//! and the lease is given up at once so another instance need not wait for
//! it to expire.
//!
//! Each engine it starts appoints this instance's `--admin` accounts, as
//! one server does at start (so every instance should be given the same
//! ones), and hands its errands (a new password, an unlock) to this
//! instance's accounts service; their reports come back through the input
//! stream, to whichever instance leads by then.

use std::sync::Arc;
use std::time::Instant;

use redis::aio::ConnectionManager;
use tokio::sync::mpsc;
use tokio::task::JoinHandle;
use tokio_util::sync::CancellationToken;

use super::commit::Committer;
use super::intake;
use super::lease::{Acquired, Held, Lease};
use super::ledger::ClusterLedger;
use super::liveness::Liveness;
use super::load::{Loaded, load};
use super::status::Status;
use super::streams::InputReader;
use super::{Connector, Keys};
use crate::delivery::Hub;
use crate::engine::{ConnectionAddress, Engine, EngineError, Saved, Stats};
use crate::game::{Actor, Errand, World};
use crate::store::Store;
use crate::store::records::{Record, Table};

/// What the engines of an instance are told of its staff.
#[derive(Clone)]
pub struct Staff {
    /// The accounts this instance makes admins (`--admin`).
    pub admins: Vec<String>,
    /// Where the errands of the game go: this instance's accounts service.
    pub errands: mpsc::UnboundedSender<Errand>,
}

/// What leading needs; one per instance.
pub struct Leadership {
    pub connector: Connector,
    pub keys: Keys,
    pub world: Arc<World>,
    /// The Redis store, which a careful engine reads the game back from.
    pub store: Arc<dyn Store>,
    pub hub: Arc<Hub>,
    pub status: Arc<Status>,
    pub stats: Arc<Stats>,
    pub staff: Staff,
}

/// Why a leader stopped leading.
enum SteppedDown {
    /// The instance is stopping.
    Stopping,
    /// It could not, or may no longer, run the game.
    Lost,
}

impl Leadership {
    /// Tries for the lease until `stop`, leading whenever it is ours.
    pub async fn run(self, commands: ConnectionManager, stop: CancellationToken) {
        let timing = self.connector.timing();
        let mut lease = Lease::new(commands.clone(), self.keys.clone(), timing.lease_ttl);
        let mut attempts = tokio::time::interval(timing.renew_every);
        attempts.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
        loop {
            tokio::select! {
                () = stop.cancelled() => return,
                _ = attempts.tick() => {}
            }
            let node = self.hub.node().to_string();
            let held = match lease.try_acquire(&node).await {
                Ok(Acquired::Taken(held)) => held,
                Ok(Acquired::HeldBy(_)) | Err(_) => continue,
            };
            tracing::info!(epoch = held.token.epoch, "this instance runs the game now");
            self.status.lead(held.token.epoch);
            let outcome = self.lead(&mut lease, held.clone(), &commands, &stop).await;
            self.status.step_down();
            // Given up at once either way, if it is still ours: after a lost
            // commit the next leader (maybe this one) need not wait.
            let _ = lease.step_down(&held.token).await;
            match outcome {
                SteppedDown::Stopping => {
                    tracing::info!("handed the game over");
                    return;
                }
                SteppedDown::Lost => {
                    tracing::warn!("this instance no longer runs the game");
                    attempts.reset();
                }
            }
        }
    }

    async fn lead(
        &self,
        lease: &mut Lease,
        mut held: Held,
        commands: &ConnectionManager,
        stop: &CancellationToken,
    ) -> SteppedDown {
        let mut running = match self.start_engine(&held, commands).await {
            Ok(running) => running,
            Err(error) => {
                tracing::error!(%error, "could not start the game from Redis");
                return SteppedDown::Lost;
            }
        };
        let timing = self.connector.timing();
        let mut renewals = tokio::time::interval(timing.renew_every);
        renewals.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
        let outcome = loop {
            tokio::select! {
                () = stop.cancelled() => {
                    running.finish().await;
                    break SteppedDown::Stopping;
                }
                ended = &mut running.engine => {
                    match ended {
                        Ok(Err(EngineError::Deposed(error))) => {
                            tracing::warn!(%error, "the game's commit was refused or lost");
                        }
                        Ok(Err(error)) => tracing::error!(%error, "the game failed"),
                        Ok(Ok(())) => {}
                        Err(panic) => tracing::error!(%panic, "the game panicked"),
                    }
                    break SteppedDown::Lost;
                }
                _ = renewals.tick() => {
                    match lease.renew(&mut held).await {
                        Ok(true) => {}
                        Ok(false) => {
                            tracing::warn!("the lease was lost");
                            break SteppedDown::Lost;
                        }
                        Err(error) if !held.is_valid(Instant::now()) => {
                            tracing::warn!(%error, "the lease could not be renewed in time");
                            break SteppedDown::Lost;
                        }
                        Err(_) => {}
                    }
                }
            }
        };
        running.abort();
        outcome
    }

    /// Loads the game and starts an engine on it, with its feeders.
    async fn start_engine(
        &self,
        held: &Held,
        commands: &ConnectionManager,
    ) -> anyhow::Result<Running> {
        let timing = self.connector.timing();
        let tables: Vec<&'static str> = Table::ALL.iter().map(|table| table.name()).collect();
        let loaded = load(&mut commands.clone(), &self.keys, &tables).await?;
        let cursor = loaded.cursor.clone();
        let ledger = ClusterLedger::new(
            Committer::new(commands.clone(), self.keys.clone(), timing.output_retention),
            held.token.clone(),
            cursor.clone(),
            self.status.clone(),
        );
        let committed = ledger.committed();
        let (engine, inputs) = Engine::start(
            self.world.clone(),
            saved(loaded),
            self.store.clone(),
            Box::new(ledger),
            held.token.epoch,
        )
        .await?;
        let mut engine = engine.sharing_stats(self.stats.clone()).without_goodbye();
        engine.appoint_admins(&self.staff.admins).await?;
        engine.send_errands_to(self.staff.errands.clone());
        let stop = CancellationToken::new();
        let reader = InputReader::new(
            self.connector.blocking().await?,
            &self.keys,
            cursor,
            timing.block,
        );
        let liveness = Liveness::new(commands.clone(), self.keys.clone(), timing.node_ttl);
        Ok(Running {
            engine: tokio::spawn(engine.run(stop.clone())),
            stop,
            reader: tokio::spawn(intake::read_inputs(reader, inputs.clone(), committed)),
            sweeper: tokio::spawn(intake::sweep(
                liveness,
                commands.clone(),
                self.keys.clone(),
                inputs,
                timing.heartbeat_every,
            )),
        })
    }
}

/// An engine running, and what feeds it.
struct Running {
    engine: JoinHandle<Result<(), EngineError>>,
    stop: CancellationToken,
    reader: JoinHandle<()>,
    sweeper: JoinHandle<()>,
}

impl Running {
    /// Lets the engine finish what it has read and commit it.
    async fn finish(&mut self) {
        self.reader.abort();
        self.sweeper.abort();
        self.stop.cancel();
        let _ = (&mut self.engine).await;
    }

    /// Throws everything away at once.
    fn abort(&self) {
        self.reader.abort();
        self.sweeper.abort();
        self.engine.abort();
    }
}

/// The game as Redis holds it, as the engine starts from it.
fn saved(loaded: Loaded) -> Saved {
    let mut records = Vec::new();
    for (name, stored) in loaded.tables {
        let Some(table) = Table::named(name) else {
            continue;
        };
        records.extend(
            stored
                .into_iter()
                .map(|(key, value)| Record { table, key, value }),
        );
    }
    let connections = loaded
        .online
        .into_iter()
        .filter_map(|(field, actor)| {
            let address: ConnectionAddress = field.parse().ok()?;
            let actor: Actor = serde_json::from_slice(&actor).ok()?;
            Some((address, actor))
        })
        .collect();
    Saved {
        records,
        connections,
    }
}
