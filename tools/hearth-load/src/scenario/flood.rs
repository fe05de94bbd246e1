//! Flood: one client sends `shout` and `who` far faster than anyone types
//! while PLAYERS run the mixed workload. Each of those commands reaches
//! every player (a shout is an event for each, `who` lists them all), so
//! one socket could make the server do a thousand times its share; the
//! command rate limit is the defence, and for shouts the game's own limit
//! on how often a voice carries (`src/game/voice.rs`). The players' latency is measured over
//! a calm window and then over an equal window with the flood: the flooded
//! p99 should stay within twice the calm one.
//!
//! Run the server with its limits on (the rate limit is what is measured),
//! and the per-address limits raised so one machine may bring every player.

use std::time::{Duration, Instant};

use super::{Bench, window};
use crate::cli::{CrowdArgs, Timing};
use crate::client::Client;
use crate::crowd::Activity;
use crate::protocol::{Event, Packet};
use crate::report::{Report, Target};

/// How long the last answers and events have to arrive.
const PATIENCE: Duration = Duration::from_secs(10);
/// The flood's answers still on their way once it stops.
const SETTLE: Duration = Duration::from_millis(500);

/// What the flooding client sent and got back.
#[derive(Debug, Default)]
struct Flooded {
    sent: u64,
    /// Commands the server ran and answered.
    answered: u64,
    /// Of those, shouts that everyone heard (the game lets a voice shout
    /// only so often, and answers the rest that it is hoarse).
    heard: u64,
    /// Commands refused as too fast (`error` events).
    refused: u64,
}

pub async fn run(
    bench: &Bench,
    crowd: &CrowdArgs,
    timing: &Timing,
    rate: f64,
    flood_rate: f64,
) -> anyhow::Result<Report> {
    let options = bench.crowd_options(crowd.players, Activity::Mixed { rate }, true);
    let tokens = bench.sign_in(&options).await?;
    let flooder = format!("{}flood", bench.common.prefix);
    let flooder_token = bench.http.sign_in(&flooder).await?;
    let players = bench.gather(options, crowd.room_size, tokens).await?;
    let (client, _) = Client::connect(&bench.instances.first().address, &flooder_token).await?;

    let (from, calm_until) = window(timing.warmup, timing.duration);
    let flooded_until = calm_until + Duration::from_secs_f64(timing.duration);
    bench.tally.borrow_mut().begin(from, flooded_until);
    let cpu = bench.cpu_between(calm_until, flooded_until);
    let every = Duration::from_secs_f64(1.0 / flood_rate);
    let flood = tokio::task::spawn_local(flood(client, calm_until, flooded_until, every));
    players.run(flooded_until, PATIENCE).await?;
    let flooded = flood.await??;
    players.finish(SETTLE, || false).await;

    let cpu = cpu.await?;
    let tally = bench.tally.borrow();
    let calm = tally.latencies(from, calm_until);
    let stormy = tally.latencies(calm_until, flooded_until);
    let seconds = timing.duration;
    let mut report = Report::new("flood");
    report
        .add("players", crowd.players as f64, "")
        .add("room size", crowd.room_size as f64, "")
        .add("measured, each window", seconds, "s")
        .add("players' target rate", rate, "1/s")
        .add("calm commands/s", calm.count as f64 / seconds, "1/s")
        .add("calm latency p50", calm.p50_ms, "ms")
        .add("calm latency p99", calm.p99_ms, "ms")
        .add("flooded commands/s", stormy.count as f64 / seconds, "1/s")
        .add("flooded latency p50", stormy.p50_ms, "ms")
        .add("flooded latency p99", stormy.p99_ms, "ms")
        .check(
            "flooded p99 / calm p99",
            stormy.p99_ms / calm.p99_ms.max(0.001),
            "",
            Target::AtMost(2.0),
        )
        .add("flood sent/s", flooded.sent as f64 / seconds, "1/s")
        .add("flood run/s", flooded.answered as f64 / seconds, "1/s")
        .add("flood refused/s", flooded.refused as f64 / seconds, "1/s")
        .add("flood shouts heard", flooded.heard as f64, "")
        .check(
            "errors",
            tally.error_count() as f64,
            "",
            Target::AtMost(0.0),
        );
    drop(tally);
    bench.finish_report(&mut report, cpu);
    Ok(report)
}

/// Sends `shout` and `who` in turn, one every `every`, from `from` until
/// `to`, reading everything the server sends meanwhile (so the flood is
/// its commands, not a socket that stopped reading).
async fn flood(
    mut client: Client,
    from: Instant,
    to: Instant,
    every: Duration,
) -> anyhow::Result<Flooded> {
    let mut flooded = Flooded::default();
    let mut due = from;
    loop {
        let sending = due < to;
        if !sending && Instant::now() >= to + SETTLE {
            client.close().await;
            return Ok(flooded);
        }
        let wake = if sending { due } else { to + SETTLE };
        tokio::select! {
            biased;
            frame = client.next() => {
                let frame = frame?;
                match frame.packet() {
                    Ok(Packet::Event(Event::CommandResponse(response))) => {
                        flooded.answered += 1;
                        if response.response.starts_with("You shout") {
                            flooded.heard += 1;
                        }
                    }
                    Ok(Packet::Event(Event::Error(_))) => flooded.refused += 1,
                    _ => {}
                }
            }
            () = tokio::time::sleep_until(wake.into()) => {
                if sending {
                    let text = if flooded.sent % 2 == 0 {
                        format!("shout flood {}", flooded.sent)
                    } else {
                        "who".to_owned()
                    };
                    client.command(&text).await?;
                    flooded.sent += 1;
                    due += every;
                }
            }
        }
    }
}
