//! Idle: many players connected and doing nothing for longer than a ping
//! interval; what each connection costs the server, and whether it holds.
//! The memory counted includes connecting and walking home.

use std::time::{Duration, Instant};

use anyhow::bail;

use super::{Bench, mib};
use crate::crowd::Activity;
use crate::process::Process;
use crate::report::{Report, Target};

/// Time given to the announcements of everyone's arrival to go out before
/// memory is read (each arrival is told to everyone already online).
const SETTLE: Duration = Duration::from_secs(5);

pub async fn run(bench: &Bench, players: usize, idle: f64) -> anyhow::Result<Report> {
    if bench.instances.all().len() > 1 {
        bail!("idle measures what one server holds per connection: give one --server");
    }
    // Players live spread over the whole world, as many to a room as that
    // takes, and walk there (once: characters keep their rooms).
    let rooms = bench.world()?.rooms().count().max(1);
    let options = bench.crowd_options(players, Activity::Idle, true);
    let tokens = bench.sign_in(&options).await?;
    let server = bench.instances.first().process();
    let before = server.as_ref().map(Process::rss_kib).transpose()?;
    let started = Instant::now();
    let crowd = bench
        .gather(options, players.div_ceil(rooms), tokens)
        .await?;
    let connecting = started.elapsed();
    tokio::time::sleep(SETTLE).await;

    let from = Instant::now();
    let to = from + Duration::from_secs_f64(idle);
    let cpu = bench.cpu_between(from, to);
    tokio::time::sleep_until(to.into()).await;
    let cpu = cpu.await?;
    let after = server.as_ref().map(Process::rss_kib).transpose()?;
    let held = crowd.connected();
    crowd.finish(Duration::ZERO, || true).await;

    let mut report = Report::new("idle");
    report
        .add("players", players as f64, "")
        .add("connecting and walking took", connecting.as_secs_f64(), "s")
        .add("idle", idle, "s")
        .check(
            "connections held",
            held as f64,
            "",
            Target::AtLeast(players as f64),
        );
    if let (Some(before), Some(after)) = (before, after) {
        let per_connection = after.saturating_sub(before) as f64 / held.max(1) as f64;
        report
            .add("server RSS before", mib(before), "MiB")
            .add("server RSS connected", mib(after), "MiB")
            .check(
                "RSS per connection",
                per_connection,
                "KiB",
                Target::AtMost(15.0),
            );
    }
    report.check(
        "errors",
        bench.tally.borrow().error_count() as f64,
        "",
        Target::AtMost(0.0),
    );
    bench.finish_report(&mut report, cpu);
    Ok(report)
}
