//! The cluster tests' harness: a real redis-server per test, and the
//! building blocks connected to it with short timings so faults play out in
//! a fraction of a second.

mod redis_server;

use std::future::Future;
use std::time::Duration;

use hearth::cluster::{Connector, Keys, Timing};
use redis::aio::ConnectionManager;

pub use redis_server::RedisServer;

/// How long a test waits for something that should happen promptly.
pub const PATIENCE: Duration = Duration::from_secs(10);

/// Short clocks: a lease lapses in a second.
pub const TIMING: Timing = Timing {
    lease_ttl: Duration::from_secs(1),
    renew_every: Duration::from_millis(250),
    node_ttl: Duration::from_secs(1),
    heartbeat_every: Duration::from_millis(250),
    block: Duration::from_millis(250),
    output_retention: Duration::from_secs(30),
};

/// One Redis and what every building block needs to use it.
pub struct TestRedis {
    pub server: RedisServer,
    pub connector: Connector,
    pub keys: Keys,
}

impl TestRedis {
    pub async fn start() -> TestRedis {
        TestRedis::with_timing(TIMING).await
    }

    pub async fn with_timing(timing: Timing) -> TestRedis {
        TestRedis::on(RedisServer::start().await, timing)
    }

    /// On the real disk, for the measurements.
    pub async fn on_disk(timing: Timing) -> TestRedis {
        TestRedis::on(RedisServer::start_on_disk().await, timing)
    }

    fn on(server: RedisServer, timing: Timing) -> TestRedis {
        let connector = Connector::new(&server.url(), timing).expect("the URL is valid");
        TestRedis {
            server,
            connector,
            keys: Keys::new("test").expect("a valid name"),
        }
    }

    /// A new connection for short commands.
    pub async fn commands(&self) -> ConnectionManager {
        self.connector.commands().await.expect("Redis answers")
    }

    /// A new connection for one blocking reader.
    pub async fn blocking(&self) -> ConnectionManager {
        self.connector.blocking().await.expect("Redis answers")
    }
}

/// Awaits `future`, failing the test if it takes longer than [`PATIENCE`].
pub async fn within<T>(what: &str, future: impl Future<Output = T>) -> T {
    tokio::time::timeout(PATIENCE, future)
        .await
        .unwrap_or_else(|_| panic!("{what}: still waiting after {PATIENCE:?}"))
}

/// Runs one command on a fresh look at Redis (for checks the code under test
/// does not make itself).
pub async fn query<T: redis::FromRedisValue>(
    connection: &mut ConnectionManager,
    command: &mut redis::Cmd,
) -> T {
    command
        .query_async(connection)
        .await
        .expect("the check's command succeeds")
}
