//! The engine runs the game: it owns the [`Game`], takes the inputs of every
//! connection from one queue, applies them in arrival order, saves what
//! changed, and only then publishes the replies and events.
//!
//! Why one queue and one task: commands of one player must run in the order
//! sent and exactly once, and two players grabbing one item must not both get
//! it. Applying inputs one at a time to in-memory state gives both for free,
//! and the rules themselves take microseconds. The slow part is the durable
//! commit, so inputs are taken in groups: everything that queued up while the
//! previous group was being saved is applied together and saved in one
//! transaction (group commit). A reply is never sent before its change is on
//! disk, yet a hundred concurrent commands cost one fsync.
//!
//! When a commit fails (a full disk, say), nothing the group did is told to
//! anyone: the game goes back to what is saved, and the group is played again
//! *carefully*: what needs no saving (talk, looking around) goes ahead, and
//! what would change saved state is refused with a clear error, and the
//! world's own turn waits (a link-dead player's grace ends a little late
//! rather than unsaved; a logout leaves its character link-dead). The
//! engine stays careful, trying a real commit again every few seconds,
//! until one succeeds. Nobody is ever told something happened that was not saved.
//!
//! In a cluster the engine runs on whichever instance holds the lease, and
//! its [`Ledger`] is the fenced commit to Redis. There a failed commit means
//! this engine may no longer commit at all ([`LedgerError::Deposed`]): it
//! stops at once and is thrown away, and a fresh engine starts from what
//! Redis really holds ([`Engine::start`], with the connections that are in
//! the game). The game outlives any one engine there, so stopping one says
//! no goodbye ([`Engine::without_goodbye`]).
//!
//! What a command asks of the world outside the game (its
//! [`Effect`](crate::game::Effect)s) is done only once its group is saved:
//! connections to close travel with the batch, as deliveries every node's
//! hub acts on, and errands (hashing a new password, unlocking an account)
//! go to the accounts service given with [`Engine::send_errands_to`], which
//! reports back through the queue. Each audit entry a group saved is
//! written to the log at info, also only once it is saved.

mod deliveries;
mod inputs;
mod ledger;
mod presence;
mod sequence;
mod stats;
#[cfg(test)]
mod tests;

use std::sync::Arc;
use std::time::Duration;

use tokio::sync::mpsc;
use tokio::time::Instant;

use tokio_util::sync::CancellationToken;

use crate::bus::{Batch, Delivery};
use crate::game::{
    Actor, Audience, AuditEntry, Change, Errand, Event, EventKind, Game, Input, Outcome,
    PresenceNews, Rules, Time, World,
};
use crate::store::records::{self, Record, Touched};
use crate::store::{Store, StoreError};

use self::deliveries::{Asker, deliver, tell};
use self::inputs::Gathered;
use self::presence::Present;
use self::sequence::Sequencer;

pub use inputs::{Flush, Inputs, Position, Queue, Request, Stopped, queue};
pub use ledger::{Group, Ledger, LedgerError, LedgerFuture, LocalLedger};
pub use presence::{ConnectionAddress, ConnectionChange};
pub use stats::Stats;

/// Most inputs applied (and saved) as one group.
const MAX_GROUP: usize = 1024;

/// How often the world itself gets to act (timers, NPCs).
const TICK: Duration = Duration::from_secs(1);

/// How long the engine stays careful after a failed commit before it tries
/// a real commit again.
const RETRY_SAVING_AFTER: Duration = Duration::from_secs(5);

/// After a failed commit the saved game is read back; while that fails too
/// (a disk failing for reads as well, a database being reopened), it is
/// tried again this often, for up to [`RELOAD_PATIENCE`]. Inputs wait
/// meanwhile: the game in memory holds what was never saved, so nothing
/// may be decided on it.
const RELOAD_RETRY: Duration = Duration::from_secs(1);
const RELOAD_PATIENCE: Duration = Duration::from_secs(120);

/// What a player is told when what they asked would need saving and the
/// server cannot save.
pub const CANNOT_SAVE: &str = "The server cannot save right now, so that was not done. Talking and looking around still work.";

#[derive(Debug, thiserror::Error)]
pub enum EngineError {
    #[error("could not load the saved game: {0}")]
    Load(StoreError),
    #[error("could not save the game as reconciled with the world file: {0}")]
    Reconcile(LedgerError),
    #[error("a commit failed and the saved game could not be read back for two minutes: {0}")]
    Reload(StoreError),
    /// The ledger refused this engine (see [`LedgerError::Deposed`]).
    #[error("{0}")]
    Deposed(LedgerError),
}

/// What an engine starts from.
#[derive(Debug, Default)]
pub struct Saved {
    /// Every saved record.
    pub records: Vec<Record>,
    /// The connections in the game when it was saved, with their players:
    /// none on one server, whose players reconnect after a restart; in a
    /// cluster, everyone connected to a live instance.
    pub connections: Vec<(ConnectionAddress, Actor)>,
}

pub struct Engine {
    game: Game,
    store: Arc<dyn Store>,
    ledger: Box<dyn Ledger>,
    queue: Queue,
    numbers: Sequencer,
    /// The connections in the game.
    present: Present,
    /// Set while the engine cannot save: when to try a real commit again.
    retry_saving_at: Option<Instant>,
    stats: Arc<Stats>,
    /// Whether stopping tells everyone the game stops.
    says_goodbye: bool,
    /// Where errands go; without one they are dropped with a warning.
    errands: Option<mpsc::UnboundedSender<Errand>>,
}

/// One group, decided: what it commits, the presence changes (connections
/// coming and going) it made, in order, to take back if the commit fails,
/// and what must happen once it is saved.
#[derive(Default)]
struct Decided {
    group: Group,
    presence: Vec<Change>,
    errands: Vec<Errand>,
    audited: Vec<AuditEntry>,
}

impl Engine {
    /// Loads the saved game from `store`, reconciles it with `world` and
    /// commits the result through `ledger`. `epoch` numbers this run: a
    /// number above every earlier run's (see [`crate::bus::Seq`]).
    pub async fn load(
        world: Arc<World>,
        store: Arc<dyn Store>,
        ledger: Box<dyn Ledger>,
        epoch: u64,
    ) -> Result<(Engine, Inputs), EngineError> {
        let records = store.load_records().await.map_err(EngineError::Load)?;
        let saved = Saved {
            records,
            connections: Vec::new(),
        };
        Engine::start(world, saved, store, ledger, epoch).await
    }

    /// Starts from `saved` (already read from `store`, which a failed commit
    /// reads again), reconciles it with `world` and commits the result
    /// through `ledger`; the connections of `saved` are in the game again,
    /// without a word to anyone (for them nothing changed).
    pub async fn start(
        world: Arc<World>,
        saved: Saved,
        store: Arc<dyn Store>,
        ledger: Box<dyn Ledger>,
        epoch: u64,
    ) -> Result<(Engine, Inputs), EngineError> {
        let Saved {
            records,
            connections,
        } = saved;
        let saved = records::saved_state(records)
            .map_err(|error| EngineError::Load(StoreError::Storage(error.to_string())))?;
        let new_game = saved.items.is_empty() && saved.characters.is_empty();
        let (game, reconciled) = Game::restore(world, saved);
        if new_game {
            tracing::info!(world = game.world().name(), "a new game begins");
        } else if !reconciled.is_empty() {
            tracing::info!(
                changes = reconciled.len(),
                "reconciled the saved game with a changed world file"
            );
        }
        let writes = records::writes(&reconciled, game.state());
        if !writes.is_empty() {
            let group = Group {
                writes,
                ..Group::default()
            };
            ledger.commit(group).await.map_err(|error| match error {
                LedgerError::Deposed(_) => EngineError::Deposed(error),
                LedgerError::NotSaved(_) => EngineError::Reconcile(error),
            })?;
        }
        let mut game = game;
        for (_, actor) in &connections {
            game.resume_connection(&actor.key);
        }
        let (inputs, queue) = inputs::queue();
        let engine = Engine {
            game,
            store,
            ledger,
            queue,
            numbers: Sequencer::new(epoch),
            present: Present::of(connections),
            retry_saving_at: None,
            stats: Arc::new(Stats::default()),
            says_goodbye: true,
            errands: None,
        };
        Ok((engine, inputs))
    }

    /// Hands the errands of saved groups to `errands` (the accounts service).
    pub fn send_errands_to(&mut self, errands: mpsc::UnboundedSender<Errand>) {
        self.errands = Some(errands);
    }

    /// Makes the host's `--admin` accounts admins (see
    /// [`Game::appoint_admins`]) and saves the appointments.
    pub async fn appoint_admins(&mut self, names: &[String]) -> Result<(), EngineError> {
        let outcome = self.game.appoint_admins(names, Time::now());
        let writes = records::writes(&outcome.changes, self.game.state());
        if writes.is_empty() {
            return Ok(());
        }
        self.ledger
            .commit(Group {
                writes,
                ..Group::default()
            })
            .await
            .map_err(EngineError::Reconcile)?;
        log_audited(&audited(&outcome).collect::<Vec<_>>());
        Ok(())
    }

    pub fn stats(&self) -> Arc<Stats> {
        self.stats.clone()
    }

    /// Counts into `stats` rather than counters of its own (in a cluster,
    /// one instance's engines come and go; its counters stay).
    pub fn sharing_stats(mut self, stats: Arc<Stats>) -> Engine {
        self.stats = stats;
        self
    }

    /// Stops without telling anyone the game is stopping: in a cluster
    /// another instance carries on with it.
    pub fn without_goodbye(mut self) -> Engine {
        self.says_goodbye = false;
        self
    }

    /// Plays by `rules` (a host's settings) from now on.
    pub fn set_rules(&mut self, rules: Rules) {
        self.game.set_rules(rules);
    }

    /// Runs until `stop` is cancelled, then finishes every input already
    /// queued (answering it), tells everyone the server is stopping, and
    /// returns. Inputs submitted after `stop` come back as [`Stopped`].
    pub async fn run(mut self, stop: CancellationToken) -> Result<(), EngineError> {
        let mut ticks = tokio::time::interval(TICK);
        ticks.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
        loop {
            tokio::select! {
                gathered = self.queue.gather(MAX_GROUP) => {
                    let Some(gathered) = gathered else {
                        break;
                    };
                    self.apply_group(gathered, false).await?;
                }
                _ = ticks.tick() => self.apply_group(Gathered::default(), true).await?,
                () = stop.cancelled(), if !self.queue.is_closed() => self.queue.close(),
            }
        }
        if self.says_goodbye {
            self.say_goodbye().await;
        }
        Ok(())
    }

    /// Applies a group of requests (after the world's own turn, when
    /// `tick`), commits it and so publishes what it produced.
    async fn apply_group(&mut self, gathered: Gathered, tick: bool) -> Result<(), EngineError> {
        let Gathered { requests, position } = gathered;
        let now = Time::now();
        let careful = self
            .retry_saving_at
            .is_some_and(|retry_at| Instant::now() < retry_at);
        self.numbers.begin_group();
        let mut decided = self.decide(&requests, tick, now, careful);
        let commands = requests.len();
        let group = &decided.group;
        if commands == 0 && group.writes.is_empty() && group.batch.is_empty() {
            return Ok(());
        }
        let saved = !group.writes.is_empty();
        decided.group.position = position.clone();
        let connections = decided.group.connections.clone();
        let committing = std::time::Instant::now();
        match self.ledger.commit(decided.group).await {
            Ok(()) => {
                if saved && self.retry_saving_at.take().is_some() {
                    self.stats.set_saving(true);
                    tracing::warn!("saving works again; the game carries on as usual");
                }
                self.stats.record_group(commands, saved);
                crate::metrics::group_saved(
                    &requests,
                    committing.elapsed(),
                    self.game.state().online_count(),
                );
                log_audited(&decided.audited);
                self.send_errands(decided.errands);
            }
            Err(error @ LedgerError::Deposed(_)) => {
                self.stats.record_failed_commit();
                return Err(EngineError::Deposed(error));
            }
            Err(error) => {
                tracing::error!(
                    %error,
                    "a commit failed: nothing it held was told to anyone, and the game \
                     refuses what needs saving until saving works again"
                );
                self.stats.set_saving(false);
                self.stats.record_failed_commit();
                crate::metrics::commit_failed();
                self.retry_saving_at = Some(Instant::now() + RETRY_SAVING_AFTER);
                self.forget(&decided.presence, &connections).await?;
                let again = self.decide(&requests, tick, now, true);
                let mut group = again.group;
                group.position = position;
                match self.ledger.commit(group).await {
                    Ok(()) => self.send_errands(again.errands),
                    Err(error @ LedgerError::Deposed(_)) => {
                        return Err(EngineError::Deposed(error));
                    }
                    Err(error) => {
                        tracing::error!(%error, "could not even tell players the commit failed");
                    }
                }
                self.stats.record_group(commands, false);
            }
        }
        Ok(())
    }

    /// Decides a group against the game, applying it in memory. Careful,
    /// what would need saving is refused rather than done.
    fn decide(&mut self, requests: &[Request], tick: bool, now: Time, careful: bool) -> Decided {
        let mut touched = Touched::default();
        let mut news = PresenceNews::default();
        let mut decided = Decided {
            group: Group {
                batch: Batch::with_capacity(requests.len() * 2),
                ..Group::default()
            },
            ..Decided::default()
        };
        // While saving fails, the world's own turn waits: what it does
        // (a grace running out, things going home) could not be kept, and
        // once done in memory it could not be taken back.
        if tick && !careful {
            let outcome = self.game.tick(now);
            keep(&outcome, &mut touched, &mut decided, &mut news);
            let errands = deliver(
                &mut decided.group.batch,
                outcome,
                None,
                self.game.state(),
                &mut self.numbers,
            );
            decided.errands.extend(errands);
        }
        for request in requests {
            if !self.present.admits(request) {
                continue;
            }
            let planned = self
                .game
                .plan(&request.actor, careful_input(request, careful), now);
            let outcome = if careful && records::touches_any(&planned.changes) {
                Outcome::refusal(CANNOT_SAVE)
            } else {
                self.game.carry_out(&request.actor, planned, now)
            };
            keep(&outcome, &mut touched, &mut decided, &mut news);
            let connection = self.present.record(request, &outcome.changes);
            decided.group.connections.extend(connection);
            // Nobody waits for an `Exit` or a `Leave`: its connection has closed.
            let answered = !matches!(request.input, Input::Exit | Input::Leave);
            let asker = request.route.filter(|_| answered).map(|route| Asker {
                route,
                actor: &request.actor,
                command: match &request.input {
                    Input::Command(line) => line.clone(),
                    _ => String::new(),
                },
            });
            let errands = deliver(
                &mut decided.group.batch,
                outcome,
                asker,
                self.game.state(),
                &mut self.numbers,
            );
            decided.errands.extend(errands);
        }
        if !news.is_empty() {
            decided.group.batch.push(Delivery::Presence(Arc::new(news)));
        }
        decided.group.writes = touched.writes(self.game.state());
        decided
    }

    /// Hands a saved group's errands to the accounts service.
    fn send_errands(&self, errands: Vec<Errand>) {
        for errand in errands {
            let sent = self
                .errands
                .as_ref()
                .is_some_and(|service| service.send(errand.clone()).is_ok());
            if !sent {
                tracing::warn!(
                    ?errand,
                    "no accounts service took an errand; it was not done"
                );
            }
        }
    }

    /// Forgets everything since the last commit: the game goes back to what
    /// is saved (and to who was online before the group, through which
    /// connections), and the numbers the group gave out are taken back.
    async fn forget(
        &mut self,
        presence: &[Change],
        connections: &[ConnectionChange],
    ) -> Result<(), EngineError> {
        let saved = self.read_back().await?;
        self.game.reload(saved, presence);
        self.present.undo(connections);
        self.numbers.undo_group();
        self.numbers.begin_group();
        Ok(())
    }

    /// The saved game, read back after a failed commit, trying again while
    /// reading fails, for up to [`RELOAD_PATIENCE`].
    async fn read_back(&self) -> Result<crate::game::SavedState, EngineError> {
        let give_up_at = Instant::now() + RELOAD_PATIENCE;
        loop {
            match load_saved(self.store.as_ref()).await {
                Ok(saved) => return Ok(saved),
                Err(error) if Instant::now() + RELOAD_RETRY < give_up_at => {
                    tracing::error!(
                        %error,
                        "could not read the saved game back after a failed commit; \
                         the game waits and tries again"
                    );
                    tokio::time::sleep(RELOAD_RETRY).await;
                }
                Err(error) => return Err(EngineError::Reload(error)),
            }
        }
    }

    /// The last thing everyone online hears from a stopping server.
    async fn say_goodbye(&mut self) {
        let notice = if self.retry_saving_at.is_some() {
            "The server is shutting down. Reconnect when it is back."
        } else {
            "The server is shutting down. Your progress is saved; reconnect when it is back."
        };
        let event = Event::new(
            Audience::Everyone { except: Vec::new() },
            EventKind::System,
            notice,
        );
        let mut batch = Batch::new();
        self.numbers.begin_group();
        tell(
            &mut batch,
            event,
            None,
            self.game.state(),
            &mut self.numbers,
        );
        let group = Group {
            batch,
            ..Group::default()
        };
        if let Err(error) = self.ledger.commit(group).await {
            tracing::warn!(%error, "could not tell players the server is stopping");
        }
    }
}

/// The audit entries an outcome adds.
fn audited(outcome: &Outcome) -> impl Iterator<Item = AuditEntry> + '_ {
    outcome.changes.iter().filter_map(|change| match change {
        Change::Audited(entry) => Some(entry.clone()),
        _ => None,
    })
}

/// Writes saved audit entries to the server's log, for the host.
fn log_audited(entries: &[AuditEntry]) {
    for entry in entries {
        tracing::info!(
            target: "hearth::audit",
            by = entry.by,
            action = entry.action,
            whom = entry.whom.as_deref().unwrap_or(""),
            details = entry.details.as_deref().unwrap_or(""),
            reason = entry.reason.as_deref().unwrap_or(""),
            "{}",
            entry.line()
        );
    }
}

/// Keeps what `outcome` saves, audits, undoes if the save fails (its
/// presence changes) and tells the presence feed.
fn keep(outcome: &Outcome, touched: &mut Touched, decided: &mut Decided, news: &mut PresenceNews) {
    touched.add(&outcome.changes);
    decided.audited.extend(audited(outcome));
    let presence = outcome.changes.iter().filter(|change| change.is_presence());
    decided.presence.extend(presence.cloned());
    news.merge(&outcome.presence);
}

/// What `request` is played as. Careful, a logout is played as a dropped
/// connection: a connection that closed cannot be refused, and leaving the
/// world at once would need saving when it was last seen, so the
/// character goes link-dead and leaves when its grace ends, once saving
/// works again.
fn careful_input(request: &Request, careful: bool) -> Input {
    match &request.input {
        Input::Leave if careful => Input::Exit,
        input => input.clone(),
    }
}

async fn load_saved(store: &dyn Store) -> Result<crate::game::SavedState, StoreError> {
    let records = store.load_records().await?;
    records::saved_state(records).map_err(|error| StoreError::Storage(error.to_string()))
}
