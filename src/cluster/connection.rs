//! Connections to Redis that survive Redis restarts.
//!
//! Every connection is a [`ConnectionManager`]: a multiplexed connection that
//! reconnects by itself when Redis goes away and comes back, so no instance
//! ever needs a restart after a Redis restart. (socketioxide-redis's default
//! driver was measured never to reconnect; that is one reason it is kept out
//! of the game path.) It never resends a command whose answer was lost:
//! that error reaches the caller, who alone knows whether a retry is safe.
//!
//! Two kinds are handed out. [`Connector::commands`] is the shared one for
//! short commands (scripts, `XADD`, heartbeats), many in flight at once.
//! [`Connector::blocking`] is a new connection for one blocking `XREAD`:
//! Redis answers a connection's commands in order, so a read that blocks for
//! a second would hold up every command queued behind it on a shared one.
//!
//! Connections speak RESP3 (Redis 7, which the contract requires): a RESP3
//! connection notices a dropped socket at once and starts reconnecting
//! before the next command is even issued.

use std::time::Duration;

use redis::aio::{ConnectionManager, ConnectionManagerConfig};
use redis::{Client, IntoConnectionInfo, ProtocolVersion, PushInfo, RedisResult};
use tokio::sync::mpsc;

use super::Timing;

/// The first pause between reconnection attempts; they double up to
/// [`MAX_RECONNECT_DELAY`] (each with up to as much again of jitter).
const MIN_RECONNECT_DELAY: Duration = Duration::from_millis(50);
/// The longest pause between attempts, which bounds how long after Redis is
/// back an instance notices.
const MAX_RECONNECT_DELAY: Duration = Duration::from_millis(500);
/// How long one attempt to open a socket may take.
const CONNECT_TIMEOUT: Duration = Duration::from_secs(1);

/// Opens connections to one Redis with the cluster's timing.
#[derive(Clone)]
pub struct Connector {
    client: Client,
    timing: Timing,
}

impl Connector {
    /// Parses the URL (`redis://[user:password@]host:port/db`); connects
    /// nothing yet.
    pub fn new(url: &str, timing: Timing) -> RedisResult<Connector> {
        let info = url.into_connection_info()?;
        let resp3 = info
            .redis_settings()
            .clone()
            .set_protocol(ProtocolVersion::RESP3);
        let client = Client::open(info.set_redis_settings(resp3))?;
        Ok(Connector { client, timing })
    }

    pub fn timing(&self) -> Timing {
        self.timing
    }

    /// A connection for short commands, shared by cloning it. Fails if Redis
    /// cannot be reached now; once made, it reconnects by itself.
    pub async fn commands(&self) -> RedisResult<ConnectionManager> {
        self.connect(self.timing.response_timeout()).await
    }

    /// A connection of its own for one blocking reader.
    pub async fn blocking(&self) -> RedisResult<ConnectionManager> {
        self.connect(self.timing.blocking_response_timeout()).await
    }

    /// A connection for subscriptions: what its channels carry is sent to
    /// `pushes`, and it subscribes again by itself after reconnecting (a
    /// message published meanwhile is missed, as pub/sub goes).
    pub async fn subscriber(
        &self,
        pushes: mpsc::UnboundedSender<PushInfo>,
    ) -> RedisResult<ConnectionManager> {
        let config = self
            .config(self.timing.response_timeout())
            .set_push_sender(pushes)
            .set_automatic_resubscription();
        self.client.get_connection_manager_with_config(config).await
    }

    async fn connect(&self, response_timeout: Duration) -> RedisResult<ConnectionManager> {
        let config = self.config(response_timeout);
        self.client.get_connection_manager_with_config(config).await
    }

    fn config(&self, response_timeout: Duration) -> ConnectionManagerConfig {
        ConnectionManagerConfig::new()
            .set_response_timeout(Some(response_timeout))
            .set_connection_timeout(Some(CONNECT_TIMEOUT))
            .set_min_delay(MIN_RECONNECT_DELAY)
            .set_max_delay(MAX_RECONNECT_DELAY)
            .set_number_of_retries(reconnect_attempts(response_timeout))
    }
}

/// How many attempts one reconnection makes: enough that their pauses add up
/// to at least the response timeout. A command issued while Redis is away
/// waits that long for the reconnection and then fails with a clear error
/// (the next command starts a new reconnection); a command issued just
/// before Redis returns gets through.
fn reconnect_attempts(response_timeout: Duration) -> usize {
    // The pauses before reaching the maximum: 50 + 100 + 200 + 400 ms.
    const RAMP: Duration = Duration::from_millis(750);
    let at_max =
        response_timeout.saturating_sub(RAMP).as_millis() / MAX_RECONNECT_DELAY.as_millis();
    4 + usize::try_from(at_max).unwrap_or(usize::MAX) + 1
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reconnection_keeps_trying_for_about_the_response_timeout() {
        assert_eq!(reconnect_attempts(Duration::from_secs(4)), 11);
        assert_eq!(reconnect_attempts(Duration::from_millis(100)), 5);
    }

    #[test]
    fn a_bad_url_is_refused_before_connecting() {
        let refused = Connector::new("http://127.0.0.1/", Timing::default())
            .err()
            .expect("an http URL is refused");
        assert_eq!(
            refused.kind(),
            redis::ErrorKind::InvalidClientConfig,
            "{refused}"
        );
        assert!(Connector::new("redis://127.0.0.1:1/0", Timing::default()).is_ok());
    }
}
