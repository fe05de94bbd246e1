//! The engine runs the game: it owns the [`Game`], takes the inputs of every
//! connection from one queue, applies them in arrival order, saves what
//! changed, and only then publishes the replies and events on the bus.
//!
//! Why one queue and one task: commands of one player must run in the order
//! sent and exactly once, and two players grabbing one item must not both get
//! it. Applying inputs one at a time to in-memory state gives both for free,
//! and the rules themselves take microseconds. The slow part is the durable
//! commit, so inputs are taken in groups: everything that queued up while the
//! previous group was being saved is applied together and saved in one
//! transaction (group commit). A reply is never sent before its change is on
//! disk, yet a hundred concurrent commands cost one fsync.

mod stats;

use std::sync::Arc;

use tokio::sync::mpsc;
use tokio_util::sync::CancellationToken;

use crate::bus::{Batch, Dispatch, Publisher};
use crate::game::{Actor, Change, Game, Input, Outcome, Reply, Time, World};
use crate::store::{Store, StoreError};

pub use stats::Stats;

/// Most inputs applied (and saved) as one group.
const MAX_GROUP: usize = 1024;

/// How often the world itself gets to act (timers, NPCs).
const TICK: std::time::Duration = std::time::Duration::from_secs(1);

/// One input from one connection.
pub struct Request<R> {
    pub actor: Actor,
    pub input: Input,
    /// Where the reply goes; `None` for inputs nobody waits on (a closing
    /// connection).
    pub reply_to: Option<R>,
}

/// The sending side of the engine's queue; cheap to clone, never blocks.
pub struct Inputs<R>(mpsc::UnboundedSender<Request<R>>);

impl<R> Clone for Inputs<R> {
    fn clone(&self) -> Self {
        Inputs(self.0.clone())
    }
}

impl<R> Inputs<R> {
    /// Queues a request. Synchronous on purpose: called inline as a socket's
    /// messages are read, it keeps each connection's inputs in order. Once
    /// the engine has stopped, the request comes back, so its sender can
    /// still be answered.
    pub fn submit(&self, request: Request<R>) -> Result<(), Stopped<R>> {
        self.0.send(request).map_err(|refused| Stopped(refused.0))
    }
}

/// The game has stopped; holds the request it could not take.
pub struct Stopped<R>(pub Request<R>);

#[derive(Debug, thiserror::Error)]
pub enum EngineError {
    #[error("could not load the saved game: {0}")]
    Load(StoreError),
    #[error("could not save the game, so it stopped to protect what was saved: {0}")]
    Save(StoreError),
}

pub struct Engine<R> {
    game: Game,
    store: Arc<dyn Store>,
    queue: mpsc::UnboundedReceiver<Request<R>>,
    bus: Publisher<R>,
    stats: Arc<Stats>,
    new_game: bool,
}

impl<R: Send + 'static> Engine<R> {
    /// Loads the saved game, reconciles it with `world` and saves the result.
    pub async fn load(
        world: Arc<World>,
        store: Arc<dyn Store>,
        bus: Publisher<R>,
    ) -> Result<(Engine<R>, Inputs<R>), EngineError> {
        let saved = store.load_game().await.map_err(EngineError::Load)?;
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
        if !reconciled.is_empty() {
            store
                .save_game(reconciled)
                .await
                .map_err(EngineError::Save)?;
        }
        let (sender, queue) = mpsc::unbounded_channel();
        let engine = Engine {
            game,
            store,
            queue,
            bus,
            stats: Arc::new(Stats::default()),
            new_game,
        };
        Ok((engine, Inputs(sender)))
    }

    pub fn stats(&self) -> Arc<Stats> {
        self.stats.clone()
    }

    /// Whether nothing was saved before: this game begins now.
    pub fn is_new_game(&self) -> bool {
        self.new_game
    }

    /// Runs until `stop` is cancelled, then finishes every input already
    /// queued (saving it) before returning.
    pub async fn run(mut self, stop: CancellationToken) -> Result<(), EngineError> {
        let mut group = Vec::with_capacity(MAX_GROUP);
        let mut ticks = tokio::time::interval(TICK);
        ticks.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
        loop {
            let received = tokio::select! {
                received = self.queue.recv_many(&mut group, MAX_GROUP) => received,
                _ = ticks.tick() => {
                    self.apply_group(Vec::new(), true).await?;
                    continue;
                }
                () = stop.cancelled(), if !self.queue.is_closed() => {
                    self.queue.close();
                    continue;
                }
            };
            if received == 0 {
                return Ok(());
            }
            self.apply_group(std::mem::take(&mut group), false).await?;
        }
    }

    /// Applies a group of requests (after the world's own turn, when `tick`),
    /// saves it and publishes what it produced.
    async fn apply_group(
        &mut self,
        requests: Vec<Request<R>>,
        tick: bool,
    ) -> Result<(), EngineError> {
        let mut batch = Batch::with_capacity(requests.len() * 2);
        let mut durable = Vec::new();
        let commands = requests.len();
        let now = Time::now();
        let ticked = tick.then(|| (self.game.tick(now), None));
        let handled = requests.into_iter().map(
            |Request {
                 actor,
                 input,
                 reply_to,
             }| { (self.game.handle(&actor, input, now), reply_to) },
        );
        for (outcome, reply_to) in ticked.into_iter().chain(handled) {
            durable.extend(
                outcome
                    .changes
                    .iter()
                    .filter(|change| change.is_durable())
                    .cloned(),
            );
            dispatch_outcome(&mut batch, outcome, reply_to);
        }
        if commands == 0 && durable.is_empty() && batch.is_empty() {
            return Ok(());
        }
        let saved = !durable.is_empty();
        if saved {
            self.store
                .save_game(durable)
                .await
                .map_err(EngineError::Save)?;
        }
        self.stats.record_group(commands, saved);
        self.bus.publish(batch).await;
        Ok(())
    }
}

/// Appends what an outcome asks of the transport: membership changes first
/// (so a joiner hears its own join), then the reply, then the events.
fn dispatch_outcome<R>(batch: &mut Batch<R>, outcome: Outcome, reply_to: Option<R>) {
    for change in &outcome.changes {
        match change {
            Change::CharacterMoved { who, from, to } => batch.push(Dispatch::Moved {
                who: who.clone(),
                from: from.clone(),
                to: to.clone(),
            }),
            Change::ChannelJoined { who, channel } => batch.push(Dispatch::Subscribed {
                who: who.clone(),
                channel: channel.clone(),
            }),
            Change::ChannelLeft { who, channel } => batch.push(Dispatch::Unsubscribed {
                who: who.clone(),
                channel: channel.clone(),
            }),
            _ => {}
        }
    }
    if let Some(to) = reply_to
        && outcome.reply != Reply::Nothing
    {
        batch.push(Dispatch::Reply {
            to,
            reply: outcome.reply,
        });
    }
    batch.extend(outcome.events.into_iter().map(Dispatch::Event));
}
