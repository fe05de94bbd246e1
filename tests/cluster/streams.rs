//! The streams: requests forwarded in order and never twice, batches read in
//! order by every instance, gaps noticed, restarts survived.

use hearth::cluster::{
    Acquired, Commit, Committer, Delivery, EntryId, Forwarder, InputEntry, InputReader, Lease,
    OutputBatch, OutputReader, load,
};

use redis::aio::ConnectionManager;

use crate::support::{TIMING, TestRedis, query, within};

/// Waits until a connection (and every clone of it) is through to Redis
/// again after a restart: the first command may still meet the old socket.
async fn until_reconnected(mut connection: ConnectionManager) {
    for _ in 0..3 {
        if redis::cmd("PING")
            .query_async::<String>(&mut connection)
            .await
            .is_ok()
        {
            return;
        }
    }
    panic!("the connection did not come back");
}

/// Reads entries until `count` requests have come.
async fn read_inputs(reader: &mut InputReader, count: usize) -> Vec<InputEntry> {
    within("the forwarded requests", async {
        let mut read: Vec<InputEntry> = Vec::new();
        while read.iter().map(|entry| entry.requests.len()).sum::<usize>() < count {
            read.extend(reader.next(1024).await.expect("Redis answers"));
        }
        read
    })
    .await
}

fn requests(entries: Vec<InputEntry>) -> Vec<Vec<u8>> {
    entries
        .into_iter()
        .flat_map(|entry| entry.requests)
        .collect()
}

/// Reads deliveries until `count` batches have come (errors, as while Redis
/// restarts, are retried: the reader resumes where it was).
async fn read_batches(reader: &mut OutputReader, count: usize) -> Vec<Delivery> {
    within("the committed batches", async {
        let mut read = Vec::new();
        while read
            .iter()
            .filter(|d| matches!(d, Delivery::Batch(_)))
            .count()
            < count
        {
            match reader.next().await {
                Ok(deliveries) => read.extend(deliveries),
                Err(_) => tokio::time::sleep(TIMING.block).await,
            }
        }
        read
    })
    .await
}

fn groups(deliveries: &[Delivery]) -> Vec<u64> {
    deliveries
        .iter()
        .filter_map(|delivery| match delivery {
            Delivery::Batch(OutputBatch { group, .. }) => Some(*group),
            Delivery::Gap { .. } => None,
        })
        .collect()
}

/// A leader committing groups that apply no input (as ticks do).
struct Leader {
    token: hearth::cluster::LeaseToken,
    committer: Committer,
    /// The committer's connection (a clone shares it).
    connection: ConnectionManager,
}

impl Leader {
    async fn start(redis: &TestRedis) -> Leader {
        let mut lease = Lease::new(
            redis.commands().await,
            redis.keys.clone(),
            TIMING.lease_ttl * 100,
        );
        let Acquired::Taken(held) = lease.try_acquire("leader").await.unwrap() else {
            panic!("the lease is free");
        };
        let connection = redis.commands().await;
        Leader {
            token: held.token,
            committer: Committer::new(
                connection.clone(),
                redis.keys.clone(),
                TIMING.output_retention,
            ),
            connection,
        }
    }

    async fn commit(&mut self, batch: &[u8]) -> hearth::cluster::Committed {
        let zero = EntryId::zero();
        self.committer
            .commit(Commit {
                token: &self.token,
                previous_cursor: &zero,
                cursor: &zero,
                writes: &[],
                batch,
            })
            .await
            .expect("the leader commits")
    }
}

#[tokio::test]
async fn forwarded_requests_reach_the_leader_in_order() {
    let redis = TestRedis::start().await;
    let (forwarder, _losses) = Forwarder::<u32>::start(redis.commands().await, &redis.keys);
    let mut reader = InputReader::new(
        redis.blocking().await,
        &redis.keys,
        EntryId::zero(),
        TIMING.block,
    );
    let sent: Vec<Vec<u8>> = (0..3000u32)
        .map(|n| format!("request {n}").into_bytes())
        .collect();
    for (n, request) in sent.iter().enumerate() {
        forwarder.forward(n as u32 % 7, request.clone()).unwrap();
    }
    let read = read_inputs(&mut reader, sent.len()).await;
    assert_eq!(reader.position(), &read.last().unwrap().id);
    assert!(
        read.len() < sent.len(),
        "requests queued together share an entry"
    );
    assert_eq!(
        requests(read),
        sent,
        "every request once, in the order forwarded"
    );
}

#[tokio::test]
async fn a_new_leader_reads_from_the_committed_cursor() {
    let redis = TestRedis::start().await;
    let mut connection = redis.commands().await;
    let mut ids = Vec::new();
    for n in 0..5 {
        let id: String = query(
            &mut connection,
            redis::cmd("XADD")
                .arg(redis.keys.input())
                .arg("*")
                .arg("r")
                .arg(n),
        )
        .await;
        ids.push(EntryId::new(id));
    }
    let mut leader = Leader::start(&redis).await;
    let zero = EntryId::zero();
    leader
        .committer
        .commit(Commit {
            token: &leader.token,
            previous_cursor: &zero,
            cursor: &ids[2],
            writes: &[],
            batch: b"",
        })
        .await
        .unwrap();

    let loaded = load(&mut connection, &redis.keys, &[]).await.unwrap();
    let mut reader = InputReader::new(
        redis.blocking().await,
        &redis.keys,
        loaded.cursor,
        TIMING.block,
    );
    let read = read_inputs(&mut reader, 2).await;
    let read_ids: Vec<&EntryId> = read.iter().map(|entry| &entry.id).collect();
    assert_eq!(
        read_ids,
        [&ids[3], &ids[4]],
        "only what the state does not include"
    );
}

#[tokio::test]
async fn a_lost_flush_is_reported_and_its_connection_sends_nothing_more() {
    let mut redis = TestRedis::start().await;
    let connection = redis.commands().await;
    let (forwarder, mut losses) = Forwarder::<&str>::start(connection.clone(), &redis.keys);
    redis.server.kill();
    forwarder.forward("ann", b"ann 1".to_vec()).unwrap();
    let lost = within("the loss report", losses.recv())
        .await
        .expect("a report");
    assert_eq!(lost.connections, ["ann"]);

    redis.server.restart().await;
    until_reconnected(connection).await;
    // Ann's socket is being closed: what it still sends is dropped, while
    // Ben's goes through. Once it is closed, Ann may come back.
    forwarder.forward("ann", b"ann 2".to_vec()).unwrap();
    forwarder.forward("ben", b"ben 1".to_vec()).unwrap();
    forwarder.forget("ann").unwrap();
    forwarder.forward("ann", b"ann 3".to_vec()).unwrap();

    let mut reader = InputReader::new(
        redis.blocking().await,
        &redis.keys,
        EntryId::zero(),
        TIMING.block,
    );
    let read = read_inputs(&mut reader, 2).await;
    let read: Vec<String> = requests(read)
        .into_iter()
        .map(|request| String::from_utf8(request).unwrap())
        .collect();
    assert_eq!(
        read,
        ["ben 1", "ann 3"],
        "a request after a lost one was sent"
    );
    assert!(losses.try_recv().is_err(), "nothing else was lost");
}

#[tokio::test]
async fn batches_arrive_in_order_and_reading_resumes_after_a_redis_restart() {
    let mut redis = TestRedis::start().await;
    let mut leader = Leader::start(&redis).await;
    leader.commit(b"before the reader").await;
    let mut reader = OutputReader::from_latest(redis.blocking().await, &redis.keys, TIMING.block)
        .await
        .unwrap();
    assert_eq!(reader.position().1, 1, "it starts after what is there");

    for n in 2..=4 {
        leader.commit(format!("batch {n}").as_bytes()).await;
    }
    let read = read_batches(&mut reader, 3).await;
    assert_eq!(groups(&read), [2, 3, 4]);
    let Delivery::Batch(first) = &read[0] else {
        panic!("no gap expected")
    };
    assert_eq!(
        (first.epoch, first.batch.as_slice()),
        (leader.token.epoch, b"batch 2".as_slice())
    );

    redis.server.kill();
    redis.server.restart().await;
    until_reconnected(leader.connection.clone()).await;
    let group = leader.commit(b"after").await.group;
    let read = read_batches(&mut reader, 1).await;
    assert_eq!(groups(&read), [group]);
    assert!(
        !read.iter().any(|d| matches!(d, Delivery::Gap { .. })),
        "no gap: {read:?}"
    );
}

#[tokio::test]
async fn a_reader_that_missed_batches_is_told() {
    let redis = TestRedis::start().await;
    let mut leader = Leader::start(&redis).await;
    let first = leader.commit(b"one").await;
    let mut reader = OutputReader::resume(
        redis.blocking().await,
        &redis.keys,
        first.id.clone(),
        first.group,
        TIMING.block,
    );
    let lost = leader.commit(b"two").await;
    leader.commit(b"three").await;
    // As if trimmed while the reader lagged.
    let _: u64 = query(
        &mut redis.commands().await,
        redis::cmd("XDEL").arg(redis.keys.output()).arg(&lost.id),
    )
    .await;

    let read = read_batches(&mut reader, 1).await;
    assert_eq!(
        read[0],
        Delivery::Gap {
            expected: 2,
            found: 3
        }
    );
    assert_eq!(groups(&read), [3]);
}

#[tokio::test]
async fn a_request_goes_from_an_edge_through_the_leader_to_every_edge() {
    let redis = TestRedis::start().await;
    let mut edges = Vec::new();
    for _ in 0..2 {
        edges.push(
            OutputReader::from_latest(redis.blocking().await, &redis.keys, TIMING.block)
                .await
                .unwrap(),
        );
    }
    let (forwarder, _losses) = Forwarder::<u32>::start(redis.commands().await, &redis.keys);
    let mut leader = Leader::start(&redis).await;
    let mut inputs = InputReader::new(
        redis.blocking().await,
        &redis.keys,
        EntryId::zero(),
        TIMING.block,
    );

    forwarder.forward(1, b"say hello".to_vec()).unwrap();
    let request = read_inputs(&mut inputs, 1).await.remove(0);
    let zero = EntryId::zero();
    let reply = [b"reply to ".as_slice(), &request.requests[0]].concat();
    leader
        .committer
        .commit(Commit {
            token: &leader.token,
            previous_cursor: &zero,
            cursor: &request.id,
            writes: &[],
            batch: &reply,
        })
        .await
        .unwrap();
    for edge in &mut edges {
        let read = read_batches(edge, 1).await;
        let Delivery::Batch(batch) = &read[0] else {
            panic!("a gap: {read:?}")
        };
        assert_eq!(batch.batch, b"reply to say hello");
    }
}
