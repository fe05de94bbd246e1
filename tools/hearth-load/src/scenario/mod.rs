//! The four scenarios of issue #6 (and the flood of issue #10), and what they share: the world plan, the
//! accounts, and reading the server's cost over the measured window.
//!
//! Everything runs on one thread (a current-thread runtime with a
//! `LocalSet`): the load generator is meant to be pinned to one core, where
//! threads would only add handoffs.

mod chat;
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
use crate::plan::Plan;
use crate::process::{self, Process};
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
            } => mixed::run(&bench, &crowd, &timing, rate).await,
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
    http: Http,
    tally: Shared,
    server: Option<Process>,
    load_at_start: f64,
}

impl Bench {
    fn new(common: Common) -> anyhow::Result<Bench> {
        Ok(Bench {
            http: Http::new(&common.server),
            server: common.server_pid.map(Process::pid),
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
            server: self.common.server.clone(),
            prefix: self.common.prefix.clone(),
            players,
            activity,
            walk,
            connecting_at_once: self.common.connecting,
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

    /// CPU use of the server and of the load generator between `from` and
    /// `to`, in percent of one core.
    fn cpu_between(&self, from: Instant, to: Instant) -> JoinHandle<(Option<f64>, Option<f64>)> {
        let server = self.server.clone();
        tokio::task::spawn_local(async move {
            tokio::time::sleep_until(from.into()).await;
            let me = Process::this();
            let before = (server.as_ref().map(Process::cpu), me.cpu());
            tokio::time::sleep_until(to.into()).await;
            let after = (server.as_ref().map(Process::cpu), me.cpu());
            let server = match (before.0, after.0) {
                (Some(Ok(before)), Some(Ok(after))) => Some(before.percent_until(&after)),
                _ => None,
            };
            let me = match (before.1, after.1) {
                (Ok(before), Ok(after)) => Some(before.percent_until(&after)),
                _ => None,
            };
            (server, me)
        })
    }

    /// Adds what every report carries: errors, the machine's load, CPU.
    fn finish_report(&self, report: &mut Report, cpu: (Option<f64>, Option<f64>)) {
        if let Some(server) = cpu.0 {
            report.add("server CPU", server, "% core");
        }
        if let Some(me) = cpu.1 {
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
}

/// Adds what the server itself did over `seconds`: its engine's rates and
/// its peak memory, where they could be read.
fn add_server_measures(
    report: &mut Report,
    engine: Option<EngineCounters>,
    peak_kib: Option<u64>,
    seconds: f64,
) {
    if let Some(engine) = engine {
        engine.report(report, seconds);
    }
    if let Some(peak) = peak_kib {
        report.add("server peak RSS", mib(peak), "MiB");
    }
}

/// The server engine's counters (from `/healthz`), or their growth.
#[derive(Debug, Clone, Copy)]
struct EngineCounters {
    inputs: f64,
    groups: f64,
    commits: f64,
}

impl EngineCounters {
    async fn read(http: &Http) -> Option<EngineCounters> {
        let health = http.health().await.ok()?;
        Some(EngineCounters {
            inputs: health["inputs"].as_f64()?,
            groups: health["groups"].as_f64()?,
            commits: health["commits"].as_f64()?,
        })
    }

    /// Reads the counters at `from` and at `to`; yields their growth.
    fn between(http: &Http, from: Instant, to: Instant) -> JoinHandle<Option<EngineCounters>> {
        let http = http.clone();
        tokio::task::spawn_local(async move {
            tokio::time::sleep_until(from.into()).await;
            let before = EngineCounters::read(&http).await?;
            tokio::time::sleep_until(to.into()).await;
            let after = EngineCounters::read(&http).await?;
            Some(EngineCounters {
                inputs: after.inputs - before.inputs,
                groups: after.groups - before.groups,
                commits: after.commits - before.commits,
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
    }
}

/// The measured window of a run that starts now.
fn window(warmup: f64, duration: f64) -> (Instant, Instant) {
    let from = Instant::now() + Duration::from_secs_f64(warmup);
    (from, from + Duration::from_secs_f64(duration))
}

fn mib(kib: u64) -> f64 {
    kib as f64 / 1024.0
}
