//! Measurements of the building blocks on this machine, for docs/cluster.md.
//! Not run by default (they take a minute and assert nothing about speed):
//!
//! ```sh
//! cargo test --release --features redis --test cluster measure -- --ignored --nocapture --test-threads=1
//! ```
//!
//! Each prints rows of a Markdown table: p50 and p99 latency and the rate of
//! sequential operations, against a fresh redis-server with the contract's
//! settings (AOF, `appendfsync always`) on loopback, its AOF in `TMPDIR`
//! (so `TMPDIR=/dev/shm` measures what is left without the disk).

use std::time::{Duration, Instant};

use hearth::cluster::{
    Acquired, Commit, Committer, Delivery, EntryId, Forwarder, InputReader, Lease, LeaseToken,
    OutputReader, RecordWrite, Timing,
};
use redis::aio::ConnectionManager;
use tokio::sync::mpsc;

use crate::support::{TestRedis, query};

/// Operations per measured row.
const ROUNDS: usize = 2000;
/// The size of one record value, about a character's JSON record.
const RECORD_BYTES: usize = 100;
/// Batch bytes per record write, as in the design note (20 KB for 100).
const BATCH_BYTES_PER_WRITE: usize = 200;

/// Production timing: the measurements should see what an instance sees.
async fn redis() -> TestRedis {
    TestRedis::on_disk(Timing::default()).await
}

fn row(what: &str, mut samples: Vec<Duration>, elapsed: Duration) {
    samples.sort();
    let at = |fraction: f64| {
        let index = ((samples.len() as f64 * fraction) as usize).min(samples.len() - 1);
        samples[index].as_secs_f64() * 1000.0
    };
    let rate = samples.len() as f64 / elapsed.as_secs_f64();
    println!(
        "| {what} | {:.3} / {:.3} | {rate:.0}/s |",
        at(0.50),
        at(0.99)
    );
}

async fn take_lease(redis: &TestRedis) -> LeaseToken {
    let mut lease = Lease::new(
        redis.commands().await,
        redis.keys.clone(),
        Duration::from_secs(600),
    );
    match lease.try_acquire("bench").await.unwrap() {
        Acquired::Taken(held) => held.token,
        Acquired::HeldBy(holder) => panic!("held by {holder}"),
    }
}

/// Times `ROUNDS` sequential runs of `operation`.
async fn time_each<F, Fut>(mut operation: F) -> (Vec<Duration>, Duration)
where
    F: FnMut(usize) -> Fut,
    Fut: std::future::Future<Output = ()>,
{
    let mut samples = Vec::with_capacity(ROUNDS);
    let started = Instant::now();
    for n in 0..ROUNDS {
        let one = Instant::now();
        operation(n).await;
        samples.push(one.elapsed());
    }
    (samples, started.elapsed())
}

/// What one fsync costs on the disk Redis writes to, right now: the floor
/// under every durable command (and the first thing to compare when these
/// figures differ from another run's).
fn measure_fdatasync(dir: &std::path::Path) {
    use std::io::Write;
    let mut file = std::fs::File::create(dir.join("fsync-probe")).unwrap();
    let mut samples = Vec::with_capacity(ROUNDS);
    let started = Instant::now();
    for _ in 0..ROUNDS {
        let one = Instant::now();
        file.write_all(&[b'x'; RECORD_BYTES]).unwrap();
        file.sync_data().unwrap();
        samples.push(one.elapsed());
    }
    row("bare write + fdatasync", samples, started.elapsed());
}

#[tokio::test]
#[ignore = "a measurement: see the module docs"]
async fn measure_basic_commands() {
    let redis = redis().await;
    measure_fdatasync(redis.server.dir());
    let connection = redis.commands().await;
    let (samples, elapsed) = time_each(|_| {
        let mut connection = connection.clone();
        async move {
            let _: String = query(&mut connection, &mut redis::cmd("PING")).await;
        }
    })
    .await;
    row("PING", samples, elapsed);
    let stream = redis.keys.input();
    let (samples, elapsed) = time_each(|n| {
        let mut connection = connection.clone();
        let stream = stream.clone();
        async move {
            let _: String = query(
                &mut connection,
                redis::cmd("XADD").arg(stream).arg("*").arg("r").arg(n),
            )
            .await;
        }
    })
    .await;
    row("XADD (fsynced)", samples, elapsed);

    // One edge flush of 100 requests: an entry each (what the forwarder
    // does) or one entry holding them all (the design note's choice).
    let (samples, elapsed) = time_each(|_| {
        let mut connection = connection.clone();
        let stream = stream.clone();
        async move {
            let mut pipeline = redis::pipe();
            for _ in 0..100 {
                pipeline
                    .cmd("XADD")
                    .arg(&stream)
                    .arg("*")
                    .arg("r")
                    .arg(&[b'r'; 64][..])
                    .ignore();
            }
            pipeline.exec_async(&mut connection).await.unwrap();
        }
    })
    .await;
    row(
        "flush of 100 requests: 100 pipelined XADDs",
        samples,
        elapsed,
    );
    let (samples, elapsed) = time_each(|_| {
        let mut connection = connection.clone();
        let stream = stream.clone();
        async move {
            let mut xadd = redis::cmd("XADD");
            xadd.arg(&stream).arg("*");
            for _ in 0..100 {
                xadd.arg("r").arg(&[b'r'; 64][..]);
            }
            let _: String = query(&mut connection, &mut xadd).await;
        }
    })
    .await;
    row(
        "flush of 100 requests: one XADD of 100 fields",
        samples,
        elapsed,
    );
}

#[tokio::test]
#[ignore = "a measurement: see the module docs"]
async fn measure_the_commit_script() {
    let redis = redis().await;
    let token = take_lease(&redis).await;
    let mut committer = Committer::new(
        redis.commands().await,
        redis.keys.clone(),
        Timing::default().output_retention,
    );
    for writes in [10, 100, 500] {
        let records: Vec<RecordWrite> = (0..writes)
            .map(|n| ("items", format!("item-{n}"), Some(vec![b'x'; RECORD_BYTES])))
            .collect();
        let batch = vec![b'b'; writes * BATCH_BYTES_PER_WRITE];
        let zero = EntryId::zero();
        let mut samples = Vec::with_capacity(ROUNDS);
        let started = Instant::now();
        for _ in 0..ROUNDS {
            let one = Instant::now();
            committer
                .commit(Commit {
                    token: &token,
                    previous_cursor: &zero,
                    cursor: &zero,
                    writes: &records,
                    presence: &[],
                    batch: &batch,
                })
                .await
                .unwrap();
            samples.push(one.elapsed());
        }
        row(
            &format!(
                "commit script, {writes} HSET of {RECORD_BYTES} B, {} KB batch",
                batch.len() / 1000
            ),
            samples,
            started.elapsed(),
        );
    }
    let memory: Option<u64> = query(
        &mut redis.commands().await,
        redis::cmd("MEMORY")
            .arg("USAGE")
            .arg(redis.keys.output())
            .arg("SAMPLES")
            .arg(0),
    )
    .await;
    let entries: u64 = query(
        &mut redis.commands().await,
        redis::cmd("XLEN").arg(redis.keys.output()),
    )
    .await;
    println!("output stream after the runs: {entries} entries, {memory:?} bytes");
}

#[tokio::test]
#[ignore = "a measurement: see the module docs"]
async fn measure_xadd_to_a_blocked_xread() {
    let redis = redis().await;
    let mut reader = InputReader::new(
        redis.blocking().await,
        &redis.keys,
        EntryId::zero(),
        Duration::from_secs(1),
    );
    let (arrived, mut arrivals) = mpsc::unbounded_channel();
    let reading = tokio::spawn(async move {
        let mut read = 0;
        while read < ROUNDS {
            let entries = reader.next(16).await.unwrap();
            read += entries.len();
            for _ in entries {
                arrived.send(Instant::now()).unwrap();
            }
        }
    });
    let mut writer = redis.commands().await;
    let stream = redis.keys.input();
    let mut samples = Vec::with_capacity(ROUNDS);
    let started = Instant::now();
    for n in 0..ROUNDS {
        let sent = Instant::now();
        let _: String = query(
            &mut writer,
            redis::cmd("XADD").arg(&stream).arg("*").arg("r").arg(n),
        )
        .await;
        let at = arrivals.recv().await.unwrap();
        samples.push(at - sent);
    }
    row(
        "XADD → the blocked XREAD returns",
        samples,
        started.elapsed(),
    );
    reading.await.unwrap();
}

/// The leader's loop without the game (its engine and intake): read what
/// was forwarded, commit it (one record write per request) with a batch
/// echoing it.
async fn run_leader(
    redis: &TestRedis,
    token: LeaseToken,
    total: usize,
) -> tokio::task::JoinHandle<Vec<usize>> {
    let mut inputs = InputReader::new(
        redis.blocking().await,
        &redis.keys,
        EntryId::zero(),
        Duration::from_secs(1),
    );
    let mut committer = Committer::new(
        redis.commands().await,
        redis.keys.clone(),
        Timing::default().output_retention,
    );
    tokio::spawn(async move {
        let mut cursor = EntryId::zero();
        let mut applied = 0;
        let mut group_sizes = Vec::new();
        while applied < total {
            let read = inputs.next(1024).await.unwrap();
            if read.is_empty() {
                continue;
            }
            let requests: Vec<Vec<u8>> =
                read.into_iter().flat_map(|entry| entry.requests).collect();
            let writes: Vec<RecordWrite> = requests
                .iter()
                .map(|request| {
                    let sender = u32::from_le_bytes(request[..4].try_into().unwrap());
                    (
                        "characters",
                        format!("c{sender}"),
                        Some(vec![b'x'; RECORD_BYTES]),
                    )
                })
                .collect();
            let batch: Vec<u8> = requests.concat();
            let next = inputs.position().clone();
            committer
                .commit(Commit {
                    token: &token,
                    previous_cursor: &cursor,
                    cursor: &next,
                    writes: &writes,
                    presence: &[],
                    batch: &batch,
                })
                .await
                .unwrap();
            cursor = next;
            applied += requests.len();
            group_sizes.push(requests.len());
        }
        group_sizes
    })
}

/// Requests (8 bytes: the sender and its sequence) back to the edge.
fn requests_in(deliveries: Vec<Delivery>) -> Vec<(u32, u32)> {
    deliveries
        .into_iter()
        .map(|delivery| match delivery {
            Delivery::Batch(batch) => batch.batch,
            Delivery::Gap { .. } => panic!("a gap"),
        })
        .flat_map(|batch| {
            batch
                .chunks_exact(8)
                .map(|request| {
                    let sender = u32::from_le_bytes(request[..4].try_into().unwrap());
                    let sequence = u32::from_le_bytes(request[4..].try_into().unwrap());
                    (sender, sequence)
                })
                .collect::<Vec<_>>()
        })
        .collect()
}

#[tokio::test]
#[ignore = "a measurement: see the module docs"]
async fn measure_edge_to_leader_to_edge() {
    for in_flight in [1u32, 10, 100] {
        let redis = redis().await;
        let token = take_lease(&redis).await;
        let mut edge =
            OutputReader::from_latest(redis.blocking().await, &redis.keys, Duration::from_secs(1))
                .await
                .unwrap();
        let (forwarder, _losses) = Forwarder::<u32>::start(redis.commands().await, &redis.keys);
        let per_sender = ROUNDS as u32 * 2 / in_flight.max(2);
        let total = (per_sender * in_flight) as usize;
        let leader = run_leader(&redis, token, total).await;

        // Each sender keeps one request in flight, as a player waiting for
        // each reply does.
        let mut sent_at = vec![Instant::now(); in_flight as usize];
        let mut next_sequence = vec![0u32; in_flight as usize];
        let started = Instant::now();
        for sender in 0..in_flight {
            forwarder
                .forward(sender, [sender.to_le_bytes(), 0u32.to_le_bytes()].concat())
                .unwrap();
        }
        let mut samples = Vec::with_capacity(total);
        while samples.len() < total {
            let now_read = edge.next().await.unwrap();
            let arrived = Instant::now();
            for (sender, sequence) in requests_in(now_read) {
                let index = sender as usize;
                assert_eq!(sequence, next_sequence[index], "in order");
                samples.push(arrived - sent_at[index]);
                next_sequence[index] += 1;
                if next_sequence[index] < per_sender {
                    sent_at[index] = Instant::now();
                    forwarder
                        .forward(
                            sender,
                            [sender.to_le_bytes(), next_sequence[index].to_le_bytes()].concat(),
                        )
                        .unwrap();
                }
            }
        }
        let elapsed = started.elapsed();
        let groups = leader.await.unwrap();
        let mean_group = total as f64 / groups.len() as f64;
        row(
            &format!(
                "edge → leader → commit → edge, {in_flight} in flight (mean group {mean_group:.1})"
            ),
            samples,
            elapsed,
        );
    }
}

/// Fills Redis with `records` records, as a big world would.
async fn fill(connection: &mut ConnectionManager, table: String, records: usize) {
    for chunk in (0..records).collect::<Vec<_>>().chunks(1000) {
        let mut pipeline = redis::pipe();
        for n in chunk {
            pipeline
                .cmd("HSET")
                .arg(&table)
                .arg(format!("record-{n}"))
                .arg(vec![b'x'; RECORD_BYTES])
                .ignore();
        }
        pipeline.exec_async(connection).await.unwrap();
    }
}

#[tokio::test]
#[ignore = "a measurement: see the module docs"]
async fn measure_recovery_from_a_redis_restart() {
    for records in [0usize, 100_000] {
        let mut redis = redis().await;
        let mut connection = redis.commands().await;
        fill(&mut connection, redis.keys.table("items").unwrap(), records).await;
        let mut restarts = Vec::new();
        let mut recoveries = Vec::new();
        for _ in 0..5 {
            let killed = Instant::now();
            redis.server.kill();
            redis.server.restart().await;
            let ready = Instant::now();
            let mut failed = 0;
            loop {
                match redis::cmd("PING")
                    .query_async::<String>(&mut connection)
                    .await
                {
                    Ok(_) => break,
                    Err(_) => failed += 1,
                }
                assert!(failed < 5, "the connection did not come back");
            }
            restarts.push(ready - killed);
            recoveries.push((ready.elapsed(), failed));
        }
        println!("{records} records: kill → Redis answers PING: {restarts:?}");
        println!(
            "{records} records: Redis answers → the old connection's PING answers (failed commands): {recoveries:?}"
        );
    }
}
