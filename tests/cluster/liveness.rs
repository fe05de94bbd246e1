//! Node liveness: live nodes are listed, a node that stops renewing drops
//! out, and it cannot quietly come back under the same id.

use std::time::Instant;

use hearth::cluster::{Joined, Liveness};

use crate::support::{PATIENCE, TIMING, TestRedis, within};

/// The digest of the world the nodes play (any string will do here).
const WORLD: &str = "world-one";

#[tokio::test]
async fn live_nodes_are_listed_until_they_leave() {
    let redis = TestRedis::start().await;
    let mut liveness = Liveness::new(redis.commands().await, redis.keys.clone(), TIMING.node_ttl);
    assert_eq!(liveness.join("n1", WORLD).await.unwrap(), Joined::Joined);
    assert_eq!(liveness.join("n2", WORLD).await.unwrap(), Joined::Joined);
    assert_eq!(
        liveness.join("n1", WORLD).await.unwrap(),
        Joined::IdTaken,
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
    liveness.join("steady", WORLD).await.unwrap();
    liveness.join("stalled", WORLD).await.unwrap();

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

#[tokio::test]
async fn another_world_is_refused_while_a_node_lives_and_taken_once_none_does() {
    let redis = TestRedis::start().await;
    let mut liveness = Liveness::new(redis.commands().await, redis.keys.clone(), TIMING.node_ttl);
    liveness.join("first", WORLD).await.unwrap();
    assert_eq!(
        liveness.join("second", "world-two").await.unwrap(),
        Joined::WorldDiffers(WORLD.to_owned())
    );
    assert_eq!(
        liveness.live_nodes().await.unwrap(),
        ["first"],
        "the refused node is not in"
    );

    liveness.leave("first").await.unwrap();
    assert_eq!(
        liveness.join("second", "world-two").await.unwrap(),
        Joined::Joined,
        "with no live node, a new world may start"
    );
    assert_eq!(
        liveness.join("third", WORLD).await.unwrap(),
        Joined::WorldDiffers("world-two".to_owned())
    );
}
