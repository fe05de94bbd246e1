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
//!
//! Joining also checks that the instance plays the cluster's world: the
//! world file's digest is kept in `<prefix>:meta`, and an instance whose
//! world differs is refused while any instance is alive. When none is, the
//! first to join sets the world (that is how a cluster changes worlds: stop
//! every instance, start them with the new file; the first leader then
//! reconciles the saved game with it, as one server does). One script, so
//! two instances with different worlds can never both get in.

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

/// Joins: refuses a newer key layout, a different world while another
/// node lives, or a taken id; else registers the node and notes the world.
/// KEYS[1] meta, KEYS[2] the node set, KEYS[3] this node's key; ARGV[1] the
/// id, ARGV[2] the TTL in ms, ARGV[3] the world digest, ARGV[4] the node key
/// prefix, ARGV[5] this layout's version.
const JOIN: &str = r"
local layout = tonumber(redis.call('HGET', KEYS[1], 'layout') or '0')
if layout > tonumber(ARGV[5]) then return {'LAYOUT', tostring(layout)} end
local world = redis.call('HGET', KEYS[1], 'world')
if world and world ~= ARGV[3] then
  for _, id in ipairs(redis.call('SMEMBERS', KEYS[2])) do
    if redis.call('EXISTS', ARGV[4] .. id) == 1 then return {'WORLD', world} end
  end
end
if not redis.call('SET', KEYS[3], 'alive', 'NX', 'PX', ARGV[2]) then
  return {'TAKEN', ''}
end
redis.call('SADD', KEYS[2], ARGV[1])
redis.call('HSET', KEYS[1], 'world', ARGV[3], 'layout', ARGV[5])
return {'OK', ''}
";

/// The version of the cluster's key layout; a Redis written by a newer
/// layout is refused rather than misread.
pub const LAYOUT_VERSION: u64 = 1;

/// The outcome of joining.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Joined {
    Joined,
    /// The id is in use: pick another.
    IdTaken,
    /// Live instances play another world (its digest).
    WorldDiffers(String),
    /// A newer Hearth laid out the keys (its layout version).
    NewerLayout(u64),
}

pub struct Liveness {
    connection: ConnectionManager,
    keys: Keys,
    ttl: Duration,
    live_nodes: Script,
    join: Script,
}

impl Liveness {
    pub fn new(connection: ConnectionManager, keys: Keys, ttl: Duration) -> Liveness {
        Liveness {
            connection,
            keys,
            ttl,
            live_nodes: Script::new(LIVE_NODES),
            join: Script::new(JOIN),
        }
    }

    /// Announces a new node playing the world whose digest is `world`.
    pub async fn join(&mut self, node: &str, world: &str) -> RedisResult<Joined> {
        let (outcome, detail): (String, String) = self
            .join
            .key(self.keys.meta())
            .key(self.keys.nodes())
            .key(self.keys.node(node))
            .arg(node)
            .arg(millis(self.ttl))
            .arg(world)
            .arg(self.keys.node_prefix())
            .arg(LAYOUT_VERSION)
            .invoke_async(&mut self.connection)
            .await?;
        Ok(match outcome.as_str() {
            "OK" => Joined::Joined,
            "TAKEN" => Joined::IdTaken,
            "WORLD" => Joined::WorldDiffers(detail),
            _ => Joined::NewerLayout(detail.parse().unwrap_or(u64::MAX)),
        })
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
