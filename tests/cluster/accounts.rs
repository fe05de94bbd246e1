//! Accounts, sessions and the login limiter in Redis, shared by instances.

use std::time::{Duration, SystemTime, UNIX_EPOCH};

use hearth::accounts::LoginLimiter;
use hearth::game::UserKey;
use hearth::store::redis::{RedisAccounts, SharedLoginLimiter};
use hearth::store::{Account, Created, Session, TokenDigest};

use crate::support::{TestRedis, within};

fn now() -> u64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .unwrap()
        .as_secs()
}

fn account(name: &str) -> Account {
    Account {
        name: name.to_owned(),
        password_hash: "$argon2id$placeholder".to_owned(),
        created_at: now(),
    }
}

fn session(name: &str, expires_at: u64) -> Session {
    Session {
        user: UserKey::new(name.to_ascii_lowercase()),
        name: name.to_owned(),
        expires_at,
    }
}

#[tokio::test]
async fn an_account_is_created_once_and_survives_a_redis_kill() {
    let mut redis = TestRedis::start().await;
    // Two instances, each with its own connection.
    let one = RedisAccounts::new(redis.commands().await, redis.keys.clone());
    let two = RedisAccounts::new(redis.commands().await, redis.keys.clone());
    let key = UserKey::new("alice");
    assert_eq!(
        one.create_account(key.clone(), account("Alice"))
            .await
            .unwrap(),
        Created::Created
    );
    assert_eq!(
        two.create_account(key.clone(), account("ALICE"))
            .await
            .unwrap(),
        Created::AlreadyExists
    );
    assert_eq!(two.account(UserKey::new("bob")).await.unwrap(), None);

    redis.server.kill();
    redis.server.restart().await;
    let fresh = RedisAccounts::new(redis.commands().await, redis.keys.clone());
    assert_eq!(fresh.account(key).await.unwrap(), Some(account("Alice")));
}

#[tokio::test]
async fn sessions_are_kept_replaced_deleted_and_expire_by_themselves() {
    let redis = TestRedis::start().await;
    let accounts = RedisAccounts::new(redis.commands().await, redis.keys.clone());
    let (kept, gone, expiring) = (
        TokenDigest([1; 32]),
        TokenDigest([2; 32]),
        TokenDigest([3; 32]),
    );

    accounts
        .put_session(kept, session("Ann", now() + 3600))
        .await
        .unwrap();
    accounts
        .put_session(kept, session("Ann", now() + 7200))
        .await
        .unwrap();
    assert_eq!(
        accounts.session(kept).await.unwrap(),
        Some(session("Ann", now() + 7200))
    );

    accounts
        .put_session(gone, session("Ben", now() + 3600))
        .await
        .unwrap();
    accounts.delete_session(gone).await.unwrap();
    assert_eq!(accounts.session(gone).await.unwrap(), None);

    accounts
        .put_session(expiring, session("Cat", now() - 1))
        .await
        .unwrap();
    assert_eq!(
        accounts.session(expiring).await.unwrap(),
        None,
        "already expired"
    );
    accounts
        .put_session(expiring, session("Cat", now() + 1))
        .await
        .unwrap();
    assert!(accounts.session(expiring).await.unwrap().is_some());
    within("the session to expire", async {
        while accounts.session(expiring).await.unwrap().is_some() {
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
    })
    .await;
}

#[tokio::test]
async fn login_failures_count_across_instances() {
    let redis = TestRedis::start().await;
    let one = SharedLoginLimiter::new(redis.commands().await, redis.keys.clone());
    let two = SharedLoginLimiter::new(redis.commands().await, redis.keys.clone());
    let key = UserKey::new("alice");
    for failure in 1..LoginLimiter::MAX_FAILURES {
        let limiter = if failure % 2 == 0 { &one } else { &two };
        limiter.record_failure(&key).await.unwrap();
    }
    assert_eq!(one.locked_for(&key).await.unwrap(), None);
    two.record_failure(&key).await.unwrap();
    let locked = one
        .locked_for(&key)
        .await
        .unwrap()
        .expect("locked everywhere");
    assert!(
        locked <= LoginLimiter::WINDOW && locked > LoginLimiter::WINDOW - Duration::from_secs(60)
    );
    assert_eq!(one.locked_for(&UserKey::new("bob")).await.unwrap(), None);

    two.clear(&key).await.unwrap();
    assert_eq!(one.locked_for(&key).await.unwrap(), None);
}
