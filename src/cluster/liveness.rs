//! Which instances are alive: each keeps a key `<prefix>:node:<id>` that
//! expires unless renewed (every second, TTL a few seconds).
//!
//! A node id is used once. Registering refuses an id that is taken, and
//! renewing only extends a key that still exists: an instance that was
//! stalled past its TTL has been declared dead (its players' presence is
//! cleared by the leader), so it must drop its sockets and come back under a
//! new id rather than quietly revive the old one.
//!
//! A set, `<prefix>:nodes`, lists the ids so they can be found without
//! scanning the keyspace (which holds a key per session); listing drops the
//! ids whose keys have expired.

use std::time::Duration;

use redis::aio::ConnectionManager;
use redis::{RedisResult, Script};

use super::Keys;
use super::timing::millis;

/// The live members of the node set; expired ones leave it.
/// KEYS[1] the set; ARGV[1] the node key prefix.
const LIVE_NODES: &str = r"
local live = {}
for _, id in ipairs(redis.call('SMEMBERS', KEYS[1])) do
  if redis.call('EXISTS', ARGV[1] .. id) == 1 then
    live[#live + 1] = id
  else
    redis.call('SREM', KEYS[1], id)
  end
end
return live
";

/// What a node key holds; only its existence matters.
const ALIVE: &str = "alive";

pub struct Liveness {
    connection: ConnectionManager,
    keys: Keys,
    ttl: Duration,
    live_nodes: Script,
}

impl Liveness {
    pub fn new(connection: ConnectionManager, keys: Keys, ttl: Duration) -> Liveness {
        Liveness {
            connection,
            keys,
            ttl,
            live_nodes: Script::new(LIVE_NODES),
        }
    }

    /// Announces a new node; `false` if the id is already in use.
    pub async fn register(&mut self, node: &str) -> RedisResult<bool> {
        let (created, _): (Option<String>, i64) = redis::pipe()
            .atomic()
            .cmd("SET")
            .arg(self.keys.node(node))
            .arg(ALIVE)
            .arg("NX")
            .arg("PX")
            .arg(millis(self.ttl))
            .cmd("SADD")
            .arg(self.keys.nodes())
            .arg(node)
            .query_async(&mut self.connection)
            .await?;
        Ok(created.is_some())
    }

    /// Keeps the node alive for another TTL; `false` if its key had already
    /// expired: the node was declared dead and must start over under a new id.
    pub async fn renew(&mut self, node: &str) -> RedisResult<bool> {
        redis::cmd("PEXPIRE")
            .arg(self.keys.node(node))
            .arg(millis(self.ttl))
            .query_async(&mut self.connection)
            .await
    }

    /// Leaves at once (a clean shutdown), without waiting for the TTL.
    pub async fn leave(&mut self, node: &str) -> RedisResult<()> {
        redis::pipe()
            .atomic()
            .cmd("DEL")
            .arg(self.keys.node(node))
            .cmd("SREM")
            .arg(self.keys.nodes())
            .arg(node)
            .exec_async(&mut self.connection)
            .await
    }

    /// The ids of the nodes alive now, sorted.
    pub async fn live_nodes(&mut self) -> RedisResult<Vec<String>> {
        let mut live: Vec<String> = self
            .live_nodes
            .key(self.keys.nodes())
            .arg(self.keys.node_prefix())
            .invoke_async(&mut self.connection)
            .await?;
        live.sort();
        Ok(live)
    }
}
