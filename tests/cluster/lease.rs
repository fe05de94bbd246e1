//! The lease: one holder at a time, and a holder that stops renewing is
//! replaced and fenced.

use std::time::{Duration, Instant};

use hearth::cluster::{Acquired, Commit, CommitError, Committer, EntryId, Held, Lease, LeaseToken};

use crate::support::{PATIENCE, TIMING, TestRedis, within};

async fn lease(redis: &TestRedis) -> Lease {
    Lease::new(redis.commands().await, redis.keys.clone(), TIMING.lease_ttl)
}

fn taken(acquired: Acquired) -> Held {
    match acquired {
        Acquired::Taken(held) => held,
        Acquired::HeldBy(holder) => panic!("the lease is held by {holder}"),
    }
}

/// Tries to take the lease every renewal period until it is free.
async fn take_when_free(lease: &mut Lease, node: &str) -> Held {
    within("the lease to become free", async {
        loop {
            if let Acquired::Taken(held) = lease.try_acquire(node).await.expect("Redis answers") {
                return held;
            }
            tokio::time::sleep(TIMING.renew_every).await;
        }
    })
    .await
}

#[tokio::test]
async fn one_instance_holds_the_lease_at_a_time() {
    let redis = TestRedis::start().await;
    let (mut a, mut b) = (lease(&redis).await, lease(&redis).await);

    let held = taken(a.try_acquire("a").await.unwrap());
    assert_eq!(held.token.to_string(), "a:1");
    match b.try_acquire("b").await.unwrap() {
        Acquired::HeldBy(holder) => assert_eq!(holder, "a:1"),
        Acquired::Taken(_) => panic!("two holders at once"),
    }
    let impostor = LeaseToken {
        node: "b".to_owned(),
        epoch: held.token.epoch,
    };
    assert!(
        !b.step_down(&impostor).await.unwrap(),
        "only the holder steps down"
    );

    assert!(a.step_down(&held.token).await.unwrap());
    let next = taken(b.try_acquire("b").await.unwrap());
    assert_eq!(
        next.token.to_string(),
        "b:2",
        "each holder draws a new epoch"
    );
    assert_eq!(a.holder().await.unwrap().as_deref(), Some("b:2"));
}

#[tokio::test]
async fn a_holder_that_renews_keeps_the_lease() {
    let redis = TestRedis::start().await;
    let (mut a, mut b) = (lease(&redis).await, lease(&redis).await);
    let mut held = taken(a.try_acquire("a").await.unwrap());
    let until = Instant::now() + TIMING.lease_ttl * 3;
    while Instant::now() < until {
        tokio::time::sleep(TIMING.renew_every).await;
        assert!(a.renew(&mut held).await.unwrap(), "the renewal succeeds");
        assert!(held.is_valid(Instant::now()));
        assert!(matches!(
            b.try_acquire("b").await.unwrap(),
            Acquired::HeldBy(_)
        ));
    }
}

#[tokio::test]
async fn a_paused_holder_loses_the_lease_and_its_token_is_refused() {
    let redis = TestRedis::start().await;
    let (mut a, mut b) = (lease(&redis).await, lease(&redis).await);
    let mut stale = taken(a.try_acquire("a").await.unwrap());

    // `a` stops renewing (as if paused); `b` takes over once the TTL runs out.
    let started = Instant::now();
    let fresh = take_when_free(&mut b, "b").await;
    assert!(started.elapsed() >= TIMING.lease_ttl - Duration::from_millis(50));
    assert!(started.elapsed() < PATIENCE);
    assert!(
        !stale.is_valid(Instant::now()),
        "the holder's own clock agrees"
    );
    assert_eq!(fresh.token.epoch, stale.token.epoch + 1);

    // `a` wakes up: its renewal and its commit are refused.
    assert!(
        !a.renew(&mut stale).await.unwrap(),
        "the lease is not renewed"
    );
    let mut committer = Committer::new(
        redis.commands().await,
        redis.keys.clone(),
        TIMING.output_retention,
    );
    let zero = EntryId::zero();
    let writes = [("things", "x".to_owned(), Some(b"from a".to_vec()))];
    let refused = committer
        .commit(Commit {
            token: &stale.token,
            previous_cursor: &zero,
            cursor: &zero,
            writes: &writes,
            batch: b"a's batch",
        })
        .await;
    match refused {
        Err(CommitError::Fenced { holder }) => assert_eq!(holder, Some("b:2".to_owned())),
        other => panic!("the stale commit was not fenced: {other:?}"),
    }
    // ...while the new holder's goes through.
    committer
        .commit(Commit {
            token: &fresh.token,
            previous_cursor: &zero,
            cursor: &zero,
            writes: &[],
            batch: b"b's batch",
        })
        .await
        .expect("the holder commits");
}
