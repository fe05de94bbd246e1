//! Accounts and sessions in Redis, shared by instances.

use std::time::{Duration, SystemTime, UNIX_EPOCH};

use hearth::cluster::SessionEnded;
use hearth::game::UserKey;
use hearth::store::redis::RedisAccounts;
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
async fn a_new_password_ends_every_session_of_its_account_and_announces_each() {
    let redis = TestRedis::start().await;
    let accounts = RedisAccounts::new(redis.commands().await, redis.keys.clone());
    let (sender, mut announced) = tokio::sync::mpsc::unbounded_channel();
    let mut listener = redis.connector.subscriber(sender).await.unwrap();
    listener.subscribe(redis.keys.logouts()).await.unwrap();
    let ann = UserKey::new("ann");
    accounts
        .create_account(ann.clone(), account("Ann"))
        .await
        .unwrap();
    let (first, second, expiring, bens) = (
        TokenDigest([1; 32]),
        TokenDigest([2; 32]),
        TokenDigest([3; 32]),
        TokenDigest([4; 32]),
    );
    for digest in [first, second] {
        accounts
            .put_session(digest, session("Ann", now() + 3600))
            .await
            .unwrap();
    }
    accounts
        .put_session(expiring, session("Ann", now() + 1))
        .await
        .unwrap();
    accounts
        .put_session(bens, session("Ben", now() + 3600))
        .await
        .unwrap();
    within("Ann's short session to expire", async {
        while accounts.session(expiring).await.unwrap().is_some() {
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
    })
    .await;

    let ended = accounts
        .replace_password(ann.clone(), "$argon2id$new".to_owned())
        .await
        .unwrap();
    assert_eq!(ended, Some(2), "the expired one was skipped");
    assert_eq!(
        accounts.account(ann).await.unwrap().unwrap().password_hash,
        "$argon2id$new"
    );
    for digest in [first, second] {
        assert_eq!(accounts.session(digest).await.unwrap(), None);
    }
    assert!(
        accounts.session(bens).await.unwrap().is_some(),
        "Ben's stays"
    );
    let mut heard = Vec::new();
    within("every session of Ann's announced", async {
        while heard.len() < 3 {
            let push = announced.recv().await.expect("still subscribed");
            if let (redis::PushKind::Message, Some(redis::Value::BulkString(digest))) =
                (&push.kind, push.data.get(1))
            {
                heard.push(digest.clone());
            }
        }
    })
    .await;
    heard.sort();
    let told = |digest| SessionEnded::NewPassword.announcement(&digest);
    assert_eq!(heard, vec![told(first), told(second), told(expiring)]);

    assert_eq!(
        accounts
            .replace_password(UserKey::new("nobody"), "$argon2id$x".to_owned())
            .await
            .unwrap(),
        None
    );
}
