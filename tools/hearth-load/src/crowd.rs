//! Many players, moved through a scenario together.
//!
//! Each player is a task on the load generator's one thread. The coordinator
//! signs every account in, lets a bounded number connect at a time, and then
//! moves them all through the same [`Stage`]s: walk home, run, drain, stop.
//! Between stages players keep reading, so nothing queues up in the server
//! on their behalf while others catch up. Players are dealt to the servers
//! round robin; in a run that kills one, its players connect again to
//! another and carry on.

use std::cell::{Cell, RefCell};
use std::rc::Rc;
use std::time::{Duration, Instant};

use anyhow::bail;
use tokio::sync::{Semaphore, watch};
use tokio::task::JoinHandle;

use crate::accounts::{self, Http, TokenCache};
use crate::client::{Client, Refused};
use crate::instances::address_of_player;
use crate::plan::{Home, Plan};
use crate::player::{Audience, Pacing, Player, Stage};
use crate::script::{Command, Script};
use crate::tally::Shared;

/// How often the coordinator looks at the players' progress.
const POLL: Duration = Duration::from_millis(10);
/// How many times one player connects again after losing its instance.
const MAX_REJOINS: usize = 3;
/// How long a player that lost its instance tries to connect to another,
/// and how long it waits between tries (an instance that refuses at once is
/// the dead one).
const REJOIN_PATIENCE: Duration = Duration::from_secs(30);
const REJOIN_PAUSE: Duration = Duration::from_millis(100);

/// What the players do while the scenario runs.
#[derive(Debug, Clone, Copy)]
pub enum Activity {
    /// Stay connected and answer pings.
    Idle,
    /// `say`, each as soon as the last is answered.
    Chat,
    /// The mixed cycle, open loop, at `rate` commands a second in all.
    Mixed { rate: f64 },
}

pub struct CrowdOptions {
    /// The instances players are dealt to, round robin.
    pub servers: Vec<String>,
    pub prefix: String,
    pub players: usize,
    pub activity: Activity,
    /// Walk each player home before the run.
    pub walk: bool,
    pub connecting_at_once: usize,
    /// A player whose connection breaks during the run connects again to
    /// another instance and carries on (for runs that kill one).
    pub rejoin: bool,
}

/// Milestones every player passes; a player that is lost counts as having
/// passed the ones it did not reach, so nobody waits for it.
#[derive(Default)]
struct Progress {
    connected: Cell<usize>,
    ready: Cell<usize>,
    done: Cell<usize>,
}

#[derive(Clone, Copy)]
enum Milestone {
    Connected,
    Ready,
    Done,
}

impl Progress {
    fn reach(&self, milestone: Milestone) {
        let counter = match milestone {
            Milestone::Connected => &self.connected,
            Milestone::Ready => &self.ready,
            Milestone::Done => &self.done,
        };
        counter.set(counter.get() + 1);
    }

    fn give_up(&self, reached: Option<Milestone>) {
        let rest: &[Milestone] = match reached {
            None => &[Milestone::Connected, Milestone::Ready, Milestone::Done],
            Some(Milestone::Connected) => &[Milestone::Ready, Milestone::Done],
            Some(Milestone::Ready) => &[Milestone::Done],
            Some(Milestone::Done) => &[],
        };
        for milestone in rest {
            self.reach(*milestone);
        }
    }
}

/// What every player task shares.
struct CrowdState {
    servers: Vec<String>,
    plan: Plan,
    http: Http,
    tokens: RefCell<TokenCache>,
    tally: Shared,
    progress: Progress,
    connecting: Semaphore,
    /// Walks under way at once. Everyone in a room hears each player leave,
    /// so a crowd walking out of one room together is quadratic; a few at a
    /// time keeps every answer prompt.
    walking: Semaphore,
    activity: Activity,
    walk: bool,
    rejoin: bool,
    players: usize,
    /// When the run starts and ends, set as it starts.
    run: Cell<Option<(Instant, Instant)>>,
}

pub struct Crowd {
    stage: watch::Sender<Stage>,
    shared: Rc<CrowdState>,
    tasks: Vec<JoinHandle<()>>,
}

impl Crowd {
    /// The players' account names.
    pub fn names(options: &CrowdOptions) -> Vec<String> {
        (0..options.players)
            .map(|index| accounts::name(&options.prefix, index))
            .collect()
    }

    /// Connects (with the tokens in `tokens`, signing in again where one is
    /// stale) and, if asked, walks every player home; returns once all are
    /// ready or lost.
    pub async fn gather(
        options: CrowdOptions,
        plan: Plan,
        tokens: TokenCache,
        tally: Shared,
        patience: Duration,
    ) -> anyhow::Result<Crowd> {
        let http = Http::new(&options.servers[0]);
        let names = Crowd::names(&options);
        let shared = Rc::new(CrowdState {
            servers: options.servers,
            plan,
            http,
            tokens: RefCell::new(tokens),
            tally,
            progress: Progress::default(),
            connecting: Semaphore::new(options.connecting_at_once.max(1)),
            walking: Semaphore::new(options.connecting_at_once.max(1)),
            activity: options.activity,
            walk: options.walk,
            rejoin: options.rejoin,
            players: options.players,
            run: Cell::new(None),
        });
        let (stage, watcher) = watch::channel(Stage::Gather);
        let tasks = names
            .into_iter()
            .enumerate()
            .map(|(index, name)| {
                tokio::task::spawn_local(live(index, name, shared.clone(), watcher.clone()))
            })
            .collect();
        let crowd = Crowd {
            stage,
            shared,
            tasks,
        };
        crowd
            .until("connecting", patience, |progress| progress.connected.get())
            .await?;
        crowd.shared.tokens.borrow().save()?;
        crowd.stage.send_replace(Stage::Walk);
        crowd
            .until("walking home", patience, |progress| progress.ready.get())
            .await?;
        Ok(crowd)
    }

    /// Players connected right now.
    pub fn connected(&self) -> usize {
        self.shared.tally.borrow().connected
    }

    /// Lets the players run from now until `end`, and waits until they have
    /// and their commands are answered.
    pub async fn run(&self, end: Instant, patience: Duration) -> anyhow::Result<()> {
        self.shared.run.set(Some((Instant::now(), end)));
        self.stage.send_replace(Stage::Run);
        let wait = end.saturating_duration_since(Instant::now()) + patience;
        self.until("running", wait, |progress| progress.done.get())
            .await
    }

    /// Keeps everyone reading until `arrived` says all is in, or `patience`
    /// runs out; then closes every connection.
    pub async fn finish(self, patience: Duration, arrived: impl Fn() -> bool) {
        self.stage.send_replace(Stage::Drain);
        let deadline = Instant::now() + patience;
        while !arrived() && Instant::now() < deadline {
            tokio::time::sleep(POLL).await;
        }
        self.stage.send_replace(Stage::Stop);
        for task in self.tasks {
            let _ = task.await;
        }
    }

    async fn until(
        &self,
        what: &str,
        patience: Duration,
        count: impl Fn(&Progress) -> usize,
    ) -> anyhow::Result<()> {
        let deadline = Instant::now() + patience;
        while count(&self.shared.progress) < self.shared.players {
            if Instant::now() > deadline {
                bail!(
                    "{what}: only {} of {} players got there in {patience:?}",
                    count(&self.shared.progress),
                    self.shared.players
                );
            }
            tokio::time::sleep(POLL).await;
        }
        Ok(())
    }
}

/// One player's whole life.
async fn live(
    index: usize,
    name: String,
    shared: Rc<CrowdState>,
    mut stage: watch::Receiver<Stage>,
) {
    let progress = &shared.progress;
    let address = address_of_player(&shared.servers, index);
    let (client, location) = match connect(&name, &shared, address).await {
        Ok(connected) => connected,
        Err(error) => {
            shared
                .tally
                .borrow_mut()
                .error("could not connect", || format!("{error:#}"));
            progress.give_up(None);
            return;
        }
    };
    progress.reach(Milestone::Connected);
    let mut player = Player::new(client, shared.tally.clone());
    let mut reached = Milestone::Connected;
    let life = async {
        player.wait_for(&mut stage, Stage::Walk).await?;
        let home = shared.plan.home(index);
        if shared.walk {
            let _turn = player.read_until(shared.walking.acquire()).await??;
            for step in shared.plan.route(&location, &home.room)? {
                player.ask(Command::walk(&step.exit, &step.to)).await?;
            }
            // Everything said before this look has now arrived: the server
            // answers a connection in order.
            player.ask(Command::look(&home.room)).await?;
        }
        progress.reach(Milestone::Ready);
        reached = Milestone::Ready;
        if !matches!(shared.activity, Activity::Idle) {
            player.wait_for(&mut stage, Stage::Run).await?;
            let (start, end) = shared.run.get().expect("set before the run starts");
            let (mut script, mut pacing, audience) = workload(&shared, index, &name, &home, start)?;
            let mut rejoins = 0;
            while let Err(error) = player.run(&mut script, pacing, end, audience).await {
                if !shared.rejoin || rejoins == MAX_REJOINS {
                    return Err(error);
                }
                rejoins += 1;
                rejoin(&mut player, index + rejoins, &name, &shared, &home).await?;
                for command in script.start_again() {
                    player.ask(command).await?;
                }
                pacing = pacing.resumed(Instant::now());
            }
            for command in script.tidy_up() {
                player.ask(command).await?;
            }
        }
        progress.reach(Milestone::Done);
        reached = Milestone::Done;
        player.wait_for(&mut stage, Stage::Stop).await
    };
    match life.await {
        Ok(()) => player.close().await,
        Err(error) => {
            progress.give_up(Some(reached));
            player.lost(&error);
        }
    }
}

/// What player `index` types during a run starting at `start`, how fast,
/// and who hears it.
fn workload(
    shared: &CrowdState,
    index: usize,
    name: &str,
    home: &Home,
    start: Instant,
) -> anyhow::Result<(Script, Pacing, Audience)> {
    Ok(match shared.activity {
        Activity::Mixed { rate } => {
            let every = Duration::from_secs_f64(shared.players as f64 / rate);
            let first = start + every.mul_f64(index as f64 / shared.players as f64);
            (
                Script::mixed(name, &home.room, shared.plan.errand(index)?),
                Pacing::Open { first, every },
                Audience::Varies,
            )
        }
        Activity::Chat => (
            Script::chat(name, &home.room),
            Pacing::Closed,
            Audience::Fixed(home.occupants),
        ),
        Activity::Idle => bail!("idle players have no workload"),
    })
}

/// Connects `player` again after its instance died: to the instance after
/// (round robin, from turn `turn`) that takes it, within
/// [`REJOIN_PATIENCE`]; then walks it home from wherever the game has it.
async fn rejoin(
    player: &mut Player,
    turn: usize,
    name: &str,
    shared: &CrowdState,
    home: &Home,
) -> anyhow::Result<()> {
    let deadline = Instant::now() + REJOIN_PATIENCE;
    let mut turn = turn;
    let (client, location) = loop {
        match connect(name, shared, address_of_player(&shared.servers, turn)).await {
            Ok(connected) => break connected,
            Err(error) if Instant::now() >= deadline => {
                return Err(error.context(format!("rejoining within {REJOIN_PATIENCE:?}")));
            }
            Err(_) => {
                turn += 1;
                tokio::time::sleep(REJOIN_PAUSE).await;
            }
        }
    };
    player.rejoin(client);
    for step in shared.plan.route(&location, &home.room)? {
        player.ask(Command::walk(&step.exit, &step.to)).await?;
    }
    Ok(())
}

/// Connects `name` to `address` with its cached token, signing in again
/// once if the server no longer knows the token.
async fn connect(
    name: &str,
    shared: &CrowdState,
    address: &str,
) -> anyhow::Result<(Client, String)> {
    let _turn = shared.connecting.acquire().await?;
    let token = shared.tokens.borrow().get(name).map(str::to_owned);
    if let Some(token) = token {
        match Client::connect(address, &token).await {
            Err(error) if error.downcast_ref::<Refused>().is_some() => {}
            connected => return connected,
        }
    }
    let token = shared.http.sign_in(name).await?;
    shared
        .tokens
        .borrow_mut()
        .insert(name.to_owned(), token.clone());
    Client::connect(address, &token).await
}
