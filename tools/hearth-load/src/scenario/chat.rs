//! Chat: players in rooms of ten talk as fast as they are answered.

use std::time::Duration;

use super::{Bench, EngineCounters, peaks, window};
use crate::cli::{CrowdArgs, Timing};
use crate::crowd::Activity;
use crate::report::{Report, Target};

/// How long stragglers have to arrive once the talking stops.
const DELIVERY_PATIENCE: Duration = Duration::from_secs(10);

pub async fn run(bench: &Bench, crowd: &CrowdArgs, timing: &Timing) -> anyhow::Result<Report> {
    let options = bench.crowd_options(crowd.players, Activity::Chat, true);
    let tokens = bench.sign_in(&options).await?;
    let players = bench.gather(options, crowd.room_size, tokens).await?;

    let (from, to) = window(timing.warmup, timing.duration);
    bench.tally.borrow_mut().begin(from, to);
    let cpu = bench.cpu_between(from, to);
    let engine = EngineCounters::between(bench, from, to);
    let memory = bench.watch_memory();
    players.run(to, DELIVERY_PATIENCE).await?;
    let peaks = peaks(memory);
    let tally = bench.tally.clone();
    players
        .finish(DELIVERY_PATIENCE, || {
            let tally = tally.borrow();
            tally.says_received >= tally.says_expected
        })
        .await;

    let cpu = cpu.await?;
    let engine = engine.await?;
    let tally = bench.tally.borrow();
    let latencies = tally.latencies(from, to);
    let seconds = timing.duration;
    let missing = tally.says_expected.saturating_sub(tally.says_received);
    let extra = tally.says_received.saturating_sub(tally.says_expected);
    let mut report = Report::new("chat");
    report
        .add("players", crowd.players as f64, "")
        .add("room size", crowd.room_size as f64, "")
        .add("measured", seconds, "s")
        .check(
            "commands/s",
            latencies.count as f64 / seconds,
            "1/s",
            Target::AtLeast(20_000.0),
        )
        .add("latency p50", latencies.p50_ms, "ms")
        .add("latency p90", latencies.p90_ms, "ms")
        .check("latency p99", latencies.p99_ms, "ms", Target::AtMost(50.0))
        .add("latency max", latencies.max_ms, "ms")
        .add(
            "messages delivered/min",
            tally.received_in_window as f64 / seconds * 60.0,
            "1/min",
        )
        .add("says heard", tally.says_received as f64, "")
        .add("says expected", tally.says_expected as f64, "")
        .check(
            "errors",
            (tally.error_count() + missing + extra) as f64,
            "",
            Target::AtMost(0.0),
        );
    bench.add_server_measures(&mut report, engine, peaks, seconds);
    drop(tally);
    bench.finish_report(&mut report, cpu);
    Ok(report)
}
