//! Node liveness: live nodes are listed, a node that stops renewing drops
//! out, and it cannot quietly come back under the same id.

use std::time::Instant;

use hearth::cluster::Liveness;

use crate::support::{PATIENCE, TIMING, TestRedis, within};

#[tokio::test]
async fn live_nodes_are_listed_until_they_leave() {
    let redis = TestRedis::start().await;
    let mut liveness = Liveness::new(redis.commands().await, redis.keys.clone(), TIMING.node_ttl);
    assert!(liveness.register("n1").await.unwrap());
    assert!(liveness.register("n2").await.unwrap());
    assert!(
        !liveness.register("n1").await.unwrap(),
        "an id is used once"
    );
    assert_eq!(liveness.live_nodes().await.unwrap(), ["n1", "n2"]);

    liveness.leave("n1").await.unwrap();
    assert_eq!(liveness.live_nodes().await.unwrap(), ["n2"]);
}

#[tokio::test]
async fn a_node_that_stops_renewing_is_dropped_and_cannot_renew() {
    let redis = TestRedis::start().await;
    let mut liveness = Liveness::new(redis.commands().await, redis.keys.clone(), TIMING.node_ttl);
    liveness.register("steady").await.unwrap();
    liveness.register("stalled").await.unwrap();

    let started = Instant::now();
    within("the stalled node to drop out", async {
        loop {
            assert!(
                liveness.renew("steady").await.unwrap(),
                "a renewing node stays"
            );
            if liveness.live_nodes().await.unwrap() == ["steady"] {
                break;
            }
            tokio::time::sleep(TIMING.heartbeat_every).await;
        }
    })
    .await;
    assert!(started.elapsed() >= TIMING.node_ttl - TIMING.heartbeat_every);
    assert!(started.elapsed() < PATIENCE);
    assert!(
        !liveness.renew("stalled").await.unwrap(),
        "an expired node must come back under a new id"
    );
    let members: Vec<String> = redis::cmd("SMEMBERS")
        .arg(redis.keys.nodes())
        .query_async(&mut redis.commands().await)
        .await
        .unwrap();
    assert_eq!(members, ["steady"], "the listing swept the dead id");
}
