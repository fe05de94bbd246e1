//! The four scenarios of issue #6 (and the flood of issue #10, and the
//! failover of issue #9), and what they share: the world plan, the accounts,
//! and reading the servers' cost (and Redis's, for a cluster) over the
//! measured window.
//!
//! Everything runs on one thread (a current-thread runtime with a
//! `LocalSet`): the load generator is meant to be pinned to one core, where
//! threads would only add handoffs.

mod chat;
mod failover;
mod flood;
mod idle;
mod mixed;
mod storm;

use std::path::Path;
use std::time::{Duration, Instant};

use hearth::game::World;
use tokio::task::JoinHandle;

use crate::accounts::{Http, TokenCache};
use crate::cli::{Cli, Common, Scenario};
use crate::crowd::{Activity, Crowd, CrowdOptions};
use crate::instances::{Instance, Instances};
use crate::plan::Plan;
use crate::process::{self, CpuReading, PeakMemory, Process};
use crate::report::Report;
use crate::tally::{Shared, Tally};

/// Runs the scenario the command line names.
pub fn run(cli: Cli) -> anyhow::Result<Report> {
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()?;
    let local = tokio::task::LocalSet::new();
    local.block_on(&runtime, async move {
        let bench = Bench::new(cli.common)?;
        match cli.scenario {
            Scenario::SignIn { players } => {
                let started = Instant::now();
                bench
                    .sign_in(&bench.crowd_options(players, Activity::Idle, false))
                    .await?;
                let mut report = Report::new("sign-in");
                report.add("accounts", players as f64, "").add(
                    "took",
                    started.elapsed().as_secs_f64(),
                    "s",
                );
                Ok(report)
            }
            Scenario::Chat { crowd, timing } => chat::run(&bench, &crowd, &timing).await,
            Scenario::Mixed {
                crowd,
                timing,
                rate,
                kill_leader_after,
            } => {
                let kill_after = kill_leader_after.map(Duration::from_secs_f64);
                mixed::run(&bench, &crowd, &timing, rate, kill_after).await
            }
            Scenario::Flood {
                crowd,
                timing,
                rate,
                flood_rate,
            } => flood::run(&bench, &crowd, &timing, rate, flood_rate).await,
            Scenario::Idle { players, idle } => idle::run(&bench, players, idle).await,
            Scenario::LoginStorm {
                crowd,
                timing,
                rate,
                logins,
                storm_after,
            } => {
                let storm = storm::Storm {
                    rate,
                    logins,
                    after: Duration::from_secs_f64(storm_after),
                };
                storm::run(&bench, &crowd, &timing, &storm).await
            }
        }
    })
}

/// What every scenario starts from.
pub struct Bench {
    common: Common,
    instances: Instances,
    /// The first instance's, through which accounts are signed in.
    http: Http,
    redis: Option<Process>,
    tally: Shared,
    load_at_start: f64,
}

impl Bench {
    fn new(common: Common) -> anyhow::Result<Bench> {
        let instances = Instances::new(&common.server, &common.server_pid)?;
        Ok(Bench {
            http: instances.first().http.clone(),
            instances,
            redis: common.redis_pid.map(Process::pid),
            tally: Tally::shared(),
            load_at_start: process::load_average(),
            common,
        })
    }

    fn world(&self) -> anyhow::Result<World> {
        Ok(match &self.common.world {
            Some(path) => World::load(path)?,
            None => World::builtin(),
        })
    }

    fn crowd_options(&self, players: usize, activity: Activity, walk: bool) -> CrowdOptions {
        CrowdOptions {
            servers: self.instances.addresses(),
            prefix: self.common.prefix.clone(),
            players,
            activity,
            walk,
            connecting_at_once: self.common.connecting,
            rejoin: false,
        }
    }

    /// Makes sure every player of `options` has an account and a token.
    async fn sign_in(&self, options: &CrowdOptions) -> anyhow::Result<TokenCache> {
        let path = &self.common.accounts;
        let mut tokens = TokenCache::open((path != Path::new("none")).then_some(path.as_path()))?;
        tokens.fill(&self.http, &Crowd::names(options)).await?;
        Ok(tokens)
    }

    /// Signs everyone in, connects them and walks them home.
    async fn gather(
        &self,
        options: CrowdOptions,
        room_size: usize,
        tokens: TokenCache,
    ) -> anyhow::Result<Crowd> {
        let plan = Plan::new(self.world()?, options.players, room_size)?;
        let patience =
            Duration::from_secs(60).max(Duration::from_millis(50) * options.players as u32);
        Crowd::gather(options, plan, tokens, self.tally.clone(), patience).await
    }

    /// CPU use of every instance, of Redis and of the load generator
    /// between `from` and `to`, in percent of one core.
    fn cpu_between(&self, from: Instant, to: Instant) -> JoinHandle<CpuUse> {
        let instances: Vec<Option<Process>> =
            self.instances.all().iter().map(Instance::process).collect();
        let redis = self.redis.clone();
        tokio::task::spawn_local(async move {
            let mut processes = instances;
            processes.push(redis);
            processes.push(Some(Process::this()));
            tokio::time::sleep_until(from.into()).await;
            let before: Vec<_> = processes.iter().map(cpu_of).collect();
            tokio::time::sleep_until(to.into()).await;
            let mut percents: Vec<Option<f64>> = processes
                .iter()
                .zip(before)
                .map(|(process, before)| Some(before?.percent_until(&cpu_of(process)?)))
                .collect();
            let me = percents.pop().flatten();
            let redis = percents.pop().flatten();
            CpuUse {
                instances: percents,
                redis,
                me,
            }
        })
    }

    /// Samples every instance's resident memory until the result is
    /// dropped, keeping each one's peak.
    fn watch_memory(&self) -> Vec<Option<PeakMemory>> {
        self.instances
            .all()
            .iter()
            .map(|instance| instance.process().map(|process| process.watch_peak()))
            .collect()
    }

    /// Adds what every report carries: errors, the machine's load, CPU.
    fn finish_report(&self, report: &mut Report, cpu: CpuUse) {
        for (index, percent) in cpu.instances.iter().enumerate() {
            if let Some(percent) = percent {
                report.add(&self.instances.label(index, "CPU"), *percent, "% core");
            }
        }
        if cpu.instances.len() > 1 && cpu.instances.iter().all(Option::is_some) {
            report.add(
                "servers' CPU together",
                cpu.instances.iter().flatten().sum(),
                "% core",
            );
        }
        if let Some(redis) = cpu.redis {
            report.add("Redis CPU", redis, "% core");
        }
        if let Some(me) = cpu.me {
            report.add("load generator CPU", me, "% core");
        }
        report.add("load average at start", self.load_at_start, "");
        let tally = self.tally.borrow();
        report.add("commands sent", tally.sent as f64, "").add(
            "commands answered",
            tally.answered as f64,
            "",
        );
        report.errors = tally
            .errors
            .iter()
            .map(|(kind, (count, example))| (kind.clone(), *count, example.clone()))
            .collect();
    }

    /// Adds what the servers themselves did over `seconds`: their engine's
    /// rates and their peak memory, where they could be read.
    fn add_server_measures(
        &self,
        report: &mut Report,
        engine: Option<EngineCounters>,
        peaks_kib: Vec<Option<u64>>,
        seconds: f64,
    ) {
        if let Some(engine) = engine {
            engine.report(report, seconds);
        }
        for (index, peak) in peaks_kib.into_iter().enumerate() {
            if let Some(peak) = peak {
                report.add(&self.instances.label(index, "peak RSS"), mib(peak), "MiB");
            }
        }
    }
}

/// Stops sampling memory; yields each instance's peak.
fn peaks(memory: Vec<Option<PeakMemory>>) -> Vec<Option<u64>> {
    memory
        .into_iter()
        .map(|peak| peak.map(|peak| peak.kib()))
        .collect()
}

/// What processes used of a core over a measured window.
pub struct CpuUse {
    /// Each instance's, in `--server` order (`None`: not known, or it died).
    instances: Vec<Option<f64>>,
    redis: Option<f64>,
    me: Option<f64>,
}

fn cpu_of(process: &Option<Process>) -> Option<CpuReading> {
    process.as_ref()?.cpu().ok()
}

/// The engine's counters (from every instance's `/healthz`, added up: only
/// the instance running the game counts inputs), or their growth.
#[derive(Debug, Clone, Copy)]
struct EngineCounters {
    inputs: f64,
    groups: f64,
    commits: f64,
    /// A cluster's runs of the commit script (one per group: its batch goes
    /// to the output stream even when nothing is saved), and the bytes of
    /// the batches they appended (`None` for a lone server).
    cluster_commits: Option<f64>,
    batch_bytes: Option<f64>,
    /// Which instance ran the game (a cluster's leader), when first read.
    leader: Option<usize>,
}

impl EngineCounters {
    /// The counters of every instance together; `None` unless all answer.
    async fn read(instances: &[Http]) -> Option<EngineCounters> {
        let mut total = EngineCounters {
            inputs: 0.0,
            groups: 0.0,
            commits: 0.0,
            cluster_commits: None,
            batch_bytes: None,
            leader: None,
        };
        for (index, http) in instances.iter().enumerate() {
            let health = http.health().await.ok()?;
            if health["cluster"]["leader"].as_bool() == Some(true) {
                total.leader = Some(index);
            }
            total.inputs += health["inputs"].as_f64()?;
            total.groups += health["groups"].as_f64()?;
            total.commits += health["commits"].as_f64()?;
            let cluster = &health["cluster"];
            add_up(&mut total.cluster_commits, cluster["commits"].as_f64());
            add_up(&mut total.batch_bytes, cluster["batch_bytes"].as_f64());
        }
        Some(total)
    }

    /// Reads the counters at `from` and at `to`; yields their growth (none
    /// if an instance did not answer, as one killed on purpose does not).
    fn between(bench: &Bench, from: Instant, to: Instant) -> JoinHandle<Option<EngineCounters>> {
        let instances: Vec<Http> = bench
            .instances
            .all()
            .iter()
            .map(|instance| instance.http.clone())
            .collect();
        tokio::task::spawn_local(async move {
            tokio::time::sleep_until(from.into()).await;
            let before = EngineCounters::read(&instances).await?;
            tokio::time::sleep_until(to.into()).await;
            let after = EngineCounters::read(&instances).await?;
            Some(EngineCounters {
                inputs: after.inputs - before.inputs,
                groups: after.groups - before.groups,
                commits: after.commits - before.commits,
                cluster_commits: growth(after.cluster_commits, before.cluster_commits),
                batch_bytes: growth(after.batch_bytes, before.batch_bytes),
                leader: before.leader,
            })
        })
    }

    /// Adds the rates of growth over `seconds`, and how inputs were grouped.
    fn report(self, report: &mut Report, seconds: f64) {
        report
            .add("server inputs/s", self.inputs / seconds, "1/s")
            .add("server groups/s", self.groups / seconds, "1/s")
            .add("server commits/s", self.commits / seconds, "1/s")
            .add("inputs per group", self.inputs / self.groups.max(1.0), "");
        if let Some(commits) = self.cluster_commits {
            report
                .add("cluster commits/s", commits / seconds, "1/s")
                .add(
                    "inputs per cluster commit",
                    self.inputs / commits.max(1.0),
                    "",
                );
        }
        if let Some(leader) = self.leader {
            report.add("leader: instance", (leader + 1) as f64, "");
        }
        if let Some(bytes) = self.batch_bytes {
            report
                .add("output stream bytes/s", bytes / seconds, "B/s")
                .add(
                    "output stream bytes per input",
                    bytes / self.inputs.max(1.0),
                    "B",
                );
        }
    }
}

/// Adds `value`, if there is one, to `total`.
fn add_up(total: &mut Option<f64>, value: Option<f64>) {
    if let Some(value) = value {
        *total = Some(total.unwrap_or(0.0) + value);
    }
}

fn growth(after: Option<f64>, before: Option<f64>) -> Option<f64> {
    Some(after? - before?)
}

/// The measured window of a run that starts now.
fn window(warmup: f64, duration: f64) -> (Instant, Instant) {
    let from = Instant::now() + Duration::from_secs_f64(warmup);
    (from, from + Duration::from_secs_f64(duration))
}

fn mib(kib: u64) -> f64 {
    kib as f64 / 1024.0
}
