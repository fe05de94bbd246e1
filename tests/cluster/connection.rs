//! Connections outlive Redis restarts: no instance ever needs a restart
//! because Redis had one.

use std::time::Instant;

use crate::support::{PATIENCE, TestRedis, query, within};

#[tokio::test]
async fn a_connection_carries_on_after_redis_is_killed_and_restarted() {
    let mut redis = TestRedis::start().await;
    let mut connection = redis.commands().await;
    let _: () = query(&mut connection, redis::cmd("SET").arg("before").arg("kept")).await;

    redis.server.kill();
    redis.server.restart().await;

    // The same connection object, not a new one: the next command works.
    let kept: Option<String> = within(
        "the first command after the restart",
        redis::cmd("GET").arg("before").query_async(&mut connection),
    )
    .await
    .expect("the connection reconnected by itself");
    assert_eq!(kept.as_deref(), Some("kept"), "the AOF kept the write");
}

#[tokio::test]
async fn commands_fail_clearly_while_redis_is_down_and_work_once_it_is_back() {
    let mut redis = TestRedis::start().await;
    let mut connection = redis.commands().await;
    redis.server.kill();

    let started = Instant::now();
    let refused = within(
        "a command while Redis is down",
        redis::cmd("PING").query_async::<String>(&mut connection),
    )
    .await;
    let error = refused.expect_err("no answer without Redis");
    assert!(
        error.is_io_error() || error.is_connection_dropped() || error.is_connection_refusal(),
        "the failure is the lost connection, not some other error: {error}"
    );
    assert!(started.elapsed() < PATIENCE, "it fails, it does not hang");

    redis.server.restart().await;
    // The failed command started a new reconnection; a command issued now
    // either rides on it or starts the next: within two it is through.
    let mut answered = None;
    for _ in 0..2 {
        let ping = within(
            "a command after Redis is back",
            redis::cmd("PING").query_async::<String>(&mut connection),
        )
        .await;
        if let Ok(pong) = ping {
            answered = Some(pong);
            break;
        }
    }
    assert_eq!(answered.as_deref(), Some("PONG"));
}

#[tokio::test]
async fn a_blocked_read_holds_up_no_other_command() {
    let redis = TestRedis::start().await;
    let mut reader = redis.blocking().await;
    let mut commands = redis.commands().await;
    let blocked = tokio::spawn(async move {
        redis::cmd("XREAD")
            .arg("BLOCK")
            .arg(1000)
            .arg("STREAMS")
            .arg("nothing")
            .arg("$")
            .query_async::<Option<redis::Value>>(&mut reader)
            .await
    });
    // Barrier: the reader is blocked once Redis lists a blocked client.
    within("the reader to block", async {
        loop {
            let info: String = query(&mut commands, redis::cmd("INFO").arg("clients")).await;
            if info.contains("blocked_clients:1") {
                break;
            }
            tokio::time::sleep(std::time::Duration::from_millis(10)).await;
        }
    })
    .await;
    let started = Instant::now();
    let _: String = query(&mut commands, &mut redis::cmd("PING")).await;
    assert!(
        started.elapsed() < std::time::Duration::from_millis(500),
        "the command did not wait for the blocked read"
    );
    let timed_out = blocked
        .await
        .expect("the reader ran")
        .expect("XREAD answers");
    assert_eq!(timed_out, None, "the read ran out empty-handed");
}
