//! Login storm: many players log in and connect at the same moment while
//! others play. Logging in hashes a password (tens of milliseconds of CPU on
//! purpose); the players already in the game must not feel it.

use std::rc::Rc;
use std::time::{Duration, Instant};

use tokio::sync::watch;
use tokio::task::JoinHandle;

use super::{Bench, EngineCounters, peaks, window};
use crate::accounts::{self, Http};
use crate::cli::{CrowdArgs, Timing};
use crate::client::Client;
use crate::crowd::Activity;
use crate::player::{Player, Stage};
use crate::report::{Report, Target};
use crate::tally::{Latencies, Shared};

const PATIENCE: Duration = Duration::from_secs(30);

pub struct Storm {
    /// Commands per second of the players already in the game.
    pub rate: f64,
    pub logins: usize,
    /// How far into the measured window the logins start.
    pub after: Duration,
}

/// How long one newcomer took.
struct Arrival {
    logged_in: Duration,
    in_game: Duration,
}

pub async fn run(
    bench: &Bench,
    crowd: &CrowdArgs,
    timing: &Timing,
    storm: &Storm,
) -> anyhow::Result<Report> {
    let options = bench.crowd_options(crowd.players, Activity::Mixed { rate: storm.rate }, true);
    let tokens = bench.sign_in(&options).await?;
    let newcomers: Vec<String> = (0..storm.logins)
        .map(|index| accounts::name(&format!("{}s", bench.common.prefix), index))
        .collect();
    accounts::register_all(&bench.http, &newcomers).await?;
    let players = bench.gather(options, crowd.room_size, tokens).await?;

    let (from, to) = window(timing.warmup, timing.duration);
    bench.tally.borrow_mut().begin(from, to);
    let cpu = bench.cpu_between(from, to);
    let engine = EngineCounters::between(bench, from, to);
    let memory = bench.watch_memory();
    let (stop, stopped) = watch::channel(Stage::Run);
    let storm_at = from + storm.after;
    let arrivals = tokio::task::spawn_local(login_storm(
        bench.instances.first().address.clone(),
        bench.http.clone(),
        newcomers,
        storm_at,
        bench.tally.clone(),
        stopped,
    ));
    players.run(to, PATIENCE).await?;
    let peaks = peaks(memory);
    let (arrivals, storm_end, newcomers) = arrivals.await??;
    stop.send_replace(Stage::Stop);
    players.finish(Duration::from_millis(500), || false).await;
    for newcomer in newcomers {
        let _ = newcomer.await;
    }

    let cpu = cpu.await?;
    let engine = engine.await?;
    let tally = bench.tally.borrow();
    let during = tally.latencies(storm_at, storm_end);
    let whole = tally.latencies(from, to);
    let logged_in = Latencies::of(arrivals.iter().map(|arrival| arrival.logged_in));
    let in_game = Latencies::of(arrivals.iter().map(|arrival| arrival.in_game));
    let mut report = Report::new("login-storm");
    report
        .add("players in game", crowd.players as f64, "")
        .add("their rate", storm.rate, "1/s")
        .add("logins", storm.logins as f64, "")
        .check(
            "logins completed",
            arrivals.len() as f64,
            "",
            Target::AtLeast(storm.logins as f64),
        )
        .add("login p50", logged_in.p50_ms, "ms")
        .add("login p99", logged_in.p99_ms, "ms")
        .add("login max", logged_in.max_ms, "ms")
        .add("login+connect p99", in_game.p99_ms, "ms")
        .add("login+connect max", in_game.max_ms, "ms")
        .add("storm lasted", (storm_end - storm_at).as_secs_f64(), "s")
        .add("in-game commands during storm", during.count as f64, "")
        .add("in-game p50 during storm", during.p50_ms, "ms")
        .add("in-game p99 during storm", during.p99_ms, "ms")
        .check(
            "in-game max during storm",
            during.max_ms,
            "ms",
            Target::AtMost(100.0),
        )
        .add("in-game p99 whole window", whole.p99_ms, "ms")
        .check(
            "errors",
            tally.error_count() as f64,
            "",
            Target::AtMost(0.0),
        );
    bench.add_server_measures(&mut report, engine, peaks, timing.duration);
    drop(tally);
    bench.finish_report(&mut report, cpu);
    Ok(report)
}

/// At `at`, every newcomer logs in and connects at once; they then stay
/// (reading) until `stop`. Returns how long each took, when the last one
/// was in, and the tasks of those staying.
async fn login_storm(
    server: String,
    http: Http,
    names: Vec<String>,
    at: Instant,
    tally: Shared,
    stop: watch::Receiver<Stage>,
) -> anyhow::Result<(Vec<Arrival>, Instant, Vec<JoinHandle<()>>)> {
    tokio::time::sleep_until(at.into()).await;
    let server = Rc::new(server);
    let newcomers: Vec<_> = names
        .into_iter()
        .map(|name| {
            let (server, http, tally, mut stop) =
                (server.clone(), http.clone(), tally.clone(), stop.clone());
            tokio::task::spawn_local(async move {
                let started = Instant::now();
                let token = http
                    .login(&name)
                    .await?
                    .ok_or_else(|| anyhow::anyhow!("{name} was registered but cannot log in"))?;
                let logged_in = started.elapsed();
                let (client, _) = Client::connect(&server, &token).await?;
                let arrival = Arrival {
                    logged_in,
                    in_game: started.elapsed(),
                };
                let stay = tokio::task::spawn_local(async move {
                    let mut player = Player::new(client, tally);
                    match player.wait_for(&mut stop, Stage::Stop).await {
                        Ok(()) => player.close().await,
                        Err(error) => player.lost(&error),
                    }
                });
                anyhow::Ok((arrival, stay))
            })
        })
        .collect();
    let mut arrivals = Vec::new();
    let mut stays = Vec::new();
    for newcomer in newcomers {
        match newcomer.await? {
            Ok((arrival, stay)) => {
                arrivals.push(arrival);
                stays.push(stay);
            }
            Err(error) => tally
                .borrow_mut()
                .error("login failed", || format!("{error:#}")),
        }
    }
    Ok((arrivals, Instant::now(), stays))
}
