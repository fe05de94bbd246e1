//! The failover of issue #9: the instance running a cluster's game is
//! killed with SIGKILL during a mixed run, and the players measure how long
//! the game stood still and whether anything was lost.
//!
//! The other instance takes the lease once it runs out (about its 3 s TTL)
//! and answers everything that waited meanwhile. The dead instance's players
//! lose their connection; they connect again to another instance and carry
//! on (see [`crate::crowd`]). What they had in flight may or may not have
//! run, so it is counted apart ("cut off"), and every other command must be
//! answered.

use std::time::{Duration, Instant};

use anyhow::{Context as _, bail};
use tokio::task::JoinHandle;

use super::Bench;
use crate::report::{Report, Target};
use crate::tally::Tally;

/// The leader killed, and when.
pub struct Kill {
    at: Instant,
    instance: usize,
}

/// Refuses a kill that could not be carried out: it needs a cluster, and
/// every instance's pid to know which to kill.
pub fn check(bench: &Bench) -> anyhow::Result<()> {
    let instances = bench.instances.all();
    if instances.len() < 2 {
        bail!("--kill-leader-after needs a cluster: give two or more --server");
    }
    if instances.iter().any(|instance| instance.pid.is_none()) {
        bail!("--kill-leader-after needs --server-pid for every server, to kill the leader");
    }
    Ok(())
}

/// At `at`, finds the leader from the instances' `/healthz` and kills it.
pub fn kill_leader_at(bench: &Bench, at: Instant) -> JoinHandle<anyhow::Result<Kill>> {
    let instances = bench.instances.clone();
    tokio::task::spawn_local(async move {
        tokio::time::sleep_until(at.into()).await;
        let instance = instances.leader().await?;
        let pid = instances.all()[instance]
            .pid
            .expect("checked before the run");
        let status = std::process::Command::new("kill")
            .args(["-KILL", &pid.to_string()])
            .status()
            .context("running kill")?;
        if !status.success() {
            bail!("kill -KILL {pid} failed: {status}");
        }
        Ok(Kill {
            at: Instant::now(),
            instance,
        })
    })
}

/// Adds what the failover cost: the stall, and that nothing was lost.
pub fn report(report: &mut Report, tally: &Tally, kill: &Kill, from: Instant, to: Instant) {
    let stall = tally
        .first_answer_to_one_sent_after(kill.at)
        .map_or(Duration::MAX, |answered| answered - kill.at);
    let lost = tally
        .sent
        .saturating_sub(tally.answered)
        .saturating_sub(tally.cut_off);
    report
        .add("leader killed: instance", (kill.instance + 1) as f64, "")
        .add("killed after", (kill.at - from).as_secs_f64(), "s")
        .add("failover stall", stall.as_secs_f64(), "s")
        .add(
            "longest time with no answer",
            tally.longest_silence(from, to).as_secs_f64(),
            "s",
        )
        .add("players rejoined", tally.rejoined as f64, "")
        .add("commands cut off by the kill", tally.cut_off as f64, "")
        .check("commands lost", lost as f64, "", Target::AtMost(0.0));
}
