//! Mixed: a fixed total rate of commands, a fifth of which change saved
//! state and so wait for a durable commit before they are answered. On a
//! cluster it can also kill the leader mid-run ([`failover`]).

use std::time::Duration;

use super::{Bench, EngineCounters, failover, peaks, window};
use crate::cli::{CrowdArgs, Timing};
use crate::crowd::Activity;
use crate::report::{Report, Target};

/// How long the last answers and events have to arrive.
const PATIENCE: Duration = Duration::from_secs(10);
/// Events of a mixed run cannot be predicted exactly (players move), so
/// the drain only waits for what is already on its way.
const SETTLE: Duration = Duration::from_millis(500);

pub async fn run(
    bench: &Bench,
    crowd: &CrowdArgs,
    timing: &Timing,
    rate: f64,
    kill_leader_after: Option<Duration>,
) -> anyhow::Result<Report> {
    if kill_leader_after.is_some() {
        failover::check(bench)?;
    }
    let mut options = bench.crowd_options(crowd.players, Activity::Mixed { rate }, true);
    options.rejoin = kill_leader_after.is_some();
    let tokens = bench.sign_in(&options).await?;
    let players = bench.gather(options, crowd.room_size, tokens).await?;

    let (from, to) = window(timing.warmup, timing.duration);
    bench.tally.borrow_mut().begin(from, to);
    let cpu = bench.cpu_between(from, to);
    let memory = bench.watch_memory();
    let engine = EngineCounters::between(bench, from, to);
    let kill = kill_leader_after.map(|after| failover::kill_leader_at(bench, from + after));
    players.run(to, PATIENCE).await?;
    let peaks = peaks(memory);
    players.finish(SETTLE, || false).await;

    let cpu = cpu.await?;
    let engine = engine.await?;
    let kill = match kill {
        Some(kill) => Some(kill.await??),
        None => None,
    };
    let tally = bench.tally.borrow();
    let latencies = tally.latencies(from, to);
    let seconds = timing.duration;
    let mut report = Report::new("mixed");
    report
        .add("players", crowd.players as f64, "")
        .add("room size", crowd.room_size as f64, "")
        .add("measured", seconds, "s")
        .add("target rate", rate, "1/s")
        .add("commands/s", latencies.count as f64 / seconds, "1/s")
        .add("latency p50", latencies.p50_ms, "ms")
        .add("latency p90", latencies.p90_ms, "ms")
        .check("latency p99", latencies.p99_ms, "ms", Target::AtMost(25.0))
        .add("latency max", latencies.max_ms, "ms")
        .add(
            "messages delivered/min",
            tally.received_in_window as f64 / seconds * 60.0,
            "1/min",
        )
        .add("state changes confirmed", tally.state_changes as f64, "")
        .check(
            "errors",
            tally.error_count() as f64,
            "",
            Target::AtMost(0.0),
        );
    if let Some(kill) = &kill {
        failover::report(&mut report, &tally, kill, from, to);
    }
    bench.add_server_measures(&mut report, engine, peaks, seconds);
    drop(tally);
    bench.finish_report(&mut report, cpu);
    Ok(report)
}
