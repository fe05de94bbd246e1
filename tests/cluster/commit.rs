//! The commit script: fenced, checked against the cursor, all or nothing,
//! durable before it answers.

use std::collections::HashMap;

use hearth::cluster::{
    Acquired, Commit, CommitError, Committed, Committer, EntryId, Held, KeyError, Lease,
    LeaseToken, RecordWrite, load,
};
use redis::aio::ConnectionManager;

use crate::support::{TIMING, TestRedis, query, within};

const LONG_LEASE: std::time::Duration = std::time::Duration::from_secs(60);

/// A leader: the lease (long enough for the whole test) and a committer.
async fn leader(redis: &TestRedis) -> (Held, Committer) {
    let mut lease = Lease::new(redis.commands().await, redis.keys.clone(), LONG_LEASE);
    let Acquired::Taken(held) = lease.try_acquire("leader").await.unwrap() else {
        panic!("the lease is free");
    };
    let committer = Committer::new(
        redis.commands().await,
        redis.keys.clone(),
        TIMING.output_retention,
    );
    (held, committer)
}

fn set(table: &'static str, key: &str, value: &str) -> RecordWrite {
    (table, key.to_owned(), Some(value.as_bytes().to_vec()))
}

fn delete(table: &'static str, key: &str) -> RecordWrite {
    (table, key.to_owned(), None)
}

async fn commit(
    committer: &mut Committer,
    token: &LeaseToken,
    cursors: (&EntryId, &EntryId),
    writes: &[RecordWrite],
    batch: &[u8],
) -> Result<Committed, CommitError> {
    committer
        .commit(Commit {
            token,
            previous_cursor: cursors.0,
            cursor: cursors.1,
            writes,
            batch,
        })
        .await
}

async fn table(connection: &mut ConnectionManager, key: String) -> HashMap<String, String> {
    query(connection, redis::cmd("HGETALL").arg(key)).await
}

/// The output stream's entries as (group, epoch, batch).
async fn output(redis: &TestRedis) -> Vec<(u64, u64, Vec<u8>)> {
    let range: redis::streams::StreamRangeReply = query(
        &mut redis.commands().await,
        redis::cmd("XRANGE")
            .arg(redis.keys.output())
            .arg("-")
            .arg("+"),
    )
    .await;
    range
        .ids
        .iter()
        .map(|entry| {
            let number = |name| {
                String::from_utf8(entry.get::<Vec<u8>>(name).unwrap())
                    .unwrap()
                    .parse::<u64>()
                    .unwrap()
            };
            (number("g"), number("e"), entry.get("b").unwrap())
        })
        .collect()
}

async fn add_inputs(redis: &TestRedis, count: usize) -> Vec<EntryId> {
    let mut connection = redis.commands().await;
    let mut ids = Vec::with_capacity(count);
    for n in 0..count {
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
    ids
}

#[tokio::test]
async fn a_commit_applies_its_writes_with_its_batch() {
    let redis = TestRedis::start().await;
    let (held, mut committer) = leader(&redis).await;
    let inputs = add_inputs(&redis, 2).await;
    let zero = EntryId::zero();

    let first = commit(
        &mut committer,
        &held.token,
        (&zero, &inputs[0]),
        &[
            set("items", "stone", "hall"),
            set("items", "lamp", "ann"),
            set("characters", "ann", "hall"),
        ],
        b"batch one",
    )
    .await
    .unwrap();
    assert_eq!(first.group, 1);
    let second = commit(
        &mut committer,
        &held.token,
        (&inputs[0], &inputs[1]),
        &[
            set("items", "stone", "ann"),
            delete("items", "lamp"),
            delete("items", "never-was"),
        ],
        b"batch two",
    )
    .await
    .unwrap();
    assert_eq!(second.group, 2);

    let mut connection = redis.commands().await;
    let items = table(&mut connection, redis.keys.table("items").unwrap()).await;
    assert_eq!(
        items,
        HashMap::from([("stone".to_owned(), "ann".to_owned())])
    );
    let characters = table(&mut connection, redis.keys.table("characters").unwrap()).await;
    assert_eq!(
        characters,
        HashMap::from([("ann".to_owned(), "hall".to_owned())])
    );
    let cursor: String = query(&mut connection, redis::cmd("GET").arg(redis.keys.cursor())).await;
    assert_eq!(cursor, inputs[1].as_str());
    let epoch = held.token.epoch;
    assert_eq!(
        output(&redis).await,
        [
            (1, epoch, b"batch one".to_vec()),
            (2, epoch, b"batch two".to_vec())
        ]
    );

    let loaded = load(
        &mut connection,
        &redis.keys,
        &["items", "characters", "empty"],
    )
    .await
    .unwrap();
    assert_eq!(loaded.cursor, inputs[1]);
    assert_eq!(loaded.group, 2);
    assert_eq!(loaded.tables["items"]["stone"], b"ann");
    assert_eq!(loaded.tables["characters"]["ann"], b"hall");
    assert!(loaded.tables["empty"].is_empty());
}

#[tokio::test]
async fn a_stale_token_is_refused_and_nothing_is_written() {
    let redis = TestRedis::start().await;
    let (held, mut committer) = leader(&redis).await;
    let zero = EntryId::zero();
    let stale = LeaseToken {
        node: held.token.node.clone(),
        epoch: held.token.epoch - 1,
    };
    let refused = commit(
        &mut committer,
        &stale,
        (&zero, &zero),
        &[set("items", "stone", "a")],
        b"x",
    )
    .await;
    match refused {
        Err(CommitError::Fenced { holder }) => assert_eq!(holder, Some(held.token.to_string())),
        other => panic!("not fenced: {other:?}"),
    }
    assert_nothing_written(&redis).await;
}

#[tokio::test]
async fn a_stale_cursor_is_refused_and_nothing_is_written() {
    let redis = TestRedis::start().await;
    let (held, mut committer) = leader(&redis).await;
    let inputs = add_inputs(&redis, 2).await;
    let zero = EntryId::zero();
    commit(
        &mut committer,
        &held.token,
        (&zero, &inputs[0]),
        &[],
        b"one",
    )
    .await
    .unwrap();

    // A leader that did not see the first commit applies from zero again.
    let refused = commit(
        &mut committer,
        &held.token,
        (&zero, &inputs[1]),
        &[set("items", "stone", "twice")],
        b"two",
    )
    .await;
    match refused {
        Err(CommitError::Conflict { stored }) => assert_eq!(stored, inputs[0]),
        other => panic!("no conflict: {other:?}"),
    }
    let mut connection = redis.commands().await;
    let items = table(&mut connection, redis.keys.table("items").unwrap()).await;
    assert!(items.is_empty());
    assert_eq!(output(&redis).await.len(), 1, "only the first batch");
}

async fn assert_nothing_written(redis: &TestRedis) {
    let mut connection = redis.commands().await;
    let items = table(&mut connection, redis.keys.table("items").unwrap()).await;
    assert!(items.is_empty(), "records were written: {items:?}");
    assert!(output(redis).await.is_empty(), "a batch was published");
    let group: Option<u64> =
        query(&mut connection, redis::cmd("GET").arg(redis.keys.group())).await;
    assert_eq!(group, None);
}

#[tokio::test]
async fn a_reserved_table_is_refused_before_anything_is_sent() {
    let redis = TestRedis::start().await;
    let (held, mut committer) = leader(&redis).await;
    let zero = EntryId::zero();
    let refused = commit(
        &mut committer,
        &held.token,
        (&zero, &zero),
        &[set("lease", "x", "y")],
        b"",
    )
    .await;
    assert!(matches!(
        refused,
        Err(CommitError::Table(KeyError::Table("lease")))
    ));
    assert_nothing_written(&redis).await;
}

#[tokio::test]
async fn the_input_stream_is_trimmed_up_to_the_cursor() {
    let redis = TestRedis::start().await;
    let (held, mut committer) = leader(&redis).await;
    let inputs = add_inputs(&redis, 500).await;
    let cursor = &inputs[399];
    commit(
        &mut committer,
        &held.token,
        (&EntryId::zero(), cursor),
        &[],
        b"",
    )
    .await
    .unwrap();

    let left: redis::streams::StreamRangeReply = query(
        &mut redis.commands().await,
        redis::cmd("XRANGE")
            .arg(redis.keys.input())
            .arg("-")
            .arg("+"),
    )
    .await;
    // Whole stream nodes (100 entries) go; every entry after the cursor stays.
    assert!(left.ids.len() <= 200, "{} entries left", left.ids.len());
    let after: Vec<&str> = left
        .ids
        .iter()
        .map(|e| e.id.as_str())
        .skip_while(|id| *id != cursor.as_str())
        .skip(1)
        .collect();
    let expected: Vec<&str> = inputs[400..].iter().map(EntryId::as_str).collect();
    assert_eq!(after, expected);
}

#[tokio::test]
async fn the_output_stream_keeps_only_its_retention() {
    let mut timing = TIMING;
    timing.output_retention = std::time::Duration::ZERO;
    let redis = TestRedis::with_timing(timing).await;
    let (held, _) = leader(&redis).await;
    let mut committer = Committer::new(
        redis.commands().await,
        redis.keys.clone(),
        timing.output_retention,
    );
    let zero = EntryId::zero();
    for _ in 0..300 {
        commit(&mut committer, &held.token, (&zero, &zero), &[], b"b")
            .await
            .unwrap();
    }
    let kept = output(&redis).await;
    assert!(kept.len() < 300, "nothing was trimmed");
    assert_eq!(
        kept.last().map(|entry| entry.0),
        Some(300),
        "the newest stays"
    );
}

#[tokio::test]
async fn a_commit_survives_redis_killed_right_after_it_answers() {
    let mut redis = TestRedis::start().await;
    let (held, mut committer) = leader(&redis).await;
    let mut lease = Lease::new(redis.commands().await, redis.keys.clone(), LONG_LEASE);
    let mut held = held;
    let mut cursor = EntryId::zero();
    for round in 1..=10u64 {
        let input = add_inputs(&redis, 1).await.remove(0);
        let value = format!("round {round}");
        let committed = commit(
            &mut committer,
            &held.token,
            (&cursor, &input),
            &[set("items", "stone", &value)],
            value.as_bytes(),
        )
        .await
        .unwrap_or_else(|error| panic!("round {round}: {error}"));
        redis.server.kill();
        redis.server.restart().await;

        let mut connection = redis.commands().await;
        let loaded = load(&mut connection, &redis.keys, &["items"])
            .await
            .unwrap();
        assert_eq!(
            loaded.tables["items"]["stone"],
            value.as_bytes(),
            "round {round}"
        );
        assert_eq!(loaded.cursor, input, "round {round}");
        assert_eq!(loaded.group, committed.group);
        assert_eq!(
            output(&redis).await.last(),
            Some(&(round, held.token.epoch, value.into_bytes()))
        );
        cursor = input;
        // Redis restarted within the TTL keeps the lease (its expiry is an
        // absolute time); take it again if the restart took longer.
        if !lease.renew(&mut held).await.unwrap() {
            let Acquired::Taken(again) = lease.try_acquire("leader").await.unwrap() else {
                panic!("nobody else wants the lease");
            };
            held = again;
        }
    }
}

#[tokio::test]
async fn nobody_ever_sees_the_records_without_their_batch() {
    const COMMITS: u64 = 300;
    let redis = TestRedis::start().await;
    let (held, mut committer) = leader(&redis).await;
    let mut observer = redis.commands().await;
    let keys = redis.keys.clone();
    // Reads the record, the group counter and the newest batch at one moment,
    // again and again while the commits run.
    let watching = tokio::spawn(async move {
        let mut observations = 0u64;
        loop {
            let (record, group, newest): (
                Option<u64>,
                Option<u64>,
                redis::streams::StreamRangeReply,
            ) = redis::pipe()
                .atomic()
                .cmd("HGET")
                .arg(keys.table("counters").unwrap())
                .arg("count")
                .cmd("GET")
                .arg(keys.group())
                .cmd("XREVRANGE")
                .arg(keys.output())
                .arg("+")
                .arg("-")
                .arg("COUNT")
                .arg(1)
                .query_async(&mut observer)
                .await
                .unwrap();
            let published = newest.ids.first().map(|entry| {
                String::from_utf8(entry.get::<Vec<u8>>("b").unwrap())
                    .unwrap()
                    .parse::<u64>()
                    .unwrap()
            });
            assert_eq!(
                record, group,
                "the record and the group number are seen apart"
            );
            assert_eq!(record, published, "the record and its batch are seen apart");
            observations += 1;
            if record == Some(COMMITS) {
                return observations;
            }
        }
    });
    let zero = EntryId::zero();
    for n in 1..=COMMITS {
        let count = n.to_string();
        commit(
            &mut committer,
            &held.token,
            (&zero, &zero),
            &[set("counters", "count", &count)],
            count.as_bytes(),
        )
        .await
        .unwrap();
    }
    let observations = within("the observer", watching)
        .await
        .expect("it saw no torn state");
    assert!(observations > 1);
}
