//! Logging out closes the session's connections on every instance: the
//! instance that revokes a session announces its digest on a channel
//! (`RedisAccounts::delete_session`), and every instance, subscribed,
//! closes the connections it holds that were opened with it.
//!
//! Pub/sub loses what is published while a subscriber is reconnecting;
//! that costs only the prompt close, never the logout: the session is gone
//! from Redis, so nothing can use it again.

use std::sync::Arc;

use redis::{PushInfo, PushKind, Value};
use tokio::sync::mpsc;
use tokio_util::sync::CancellationToken;

use super::{Connector, Keys};
use crate::delivery::Hub;
use crate::store::TokenDigest;
use crate::transport::game_link::LOGGED_OUT;

/// Subscribes, then closes logged-out connections until `stop`.
pub async fn close_logged_out(
    connector: Connector,
    keys: Keys,
    hub: Arc<Hub>,
    stop: CancellationToken,
) -> redis::RedisResult<()> {
    let (sender, mut pushes) = mpsc::unbounded_channel();
    let mut connection = connector.subscriber(sender).await?;
    connection.subscribe(keys.logouts()).await?;
    tokio::spawn(async move {
        // Kept for as long as it listens.
        let _subscribed = connection;
        loop {
            let push = tokio::select! {
                () = stop.cancelled() => return,
                push = pushes.recv() => push,
            };
            let Some(push) = push else {
                return;
            };
            if let Some(digest) = revoked(push) {
                hub.close_session(digest, LOGGED_OUT);
            }
        }
    });
    Ok(())
}

/// The digest a logout message carries.
fn revoked(push: PushInfo) -> Option<TokenDigest> {
    if push.kind != PushKind::Message {
        return None;
    }
    let Some(Value::BulkString(payload)) = push.data.into_iter().nth(1) else {
        return None;
    };
    Some(TokenDigest(payload.try_into().ok()?))
}
