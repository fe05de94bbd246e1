//! Ending a session closes its connections on every instance: the
//! instance that ends a session (a logout, `RedisAccounts::delete_session`;
//! a new password, `RedisAccounts::replace_password`) announces its digest
//! on a channel, followed by why it ended, and every instance, subscribed,
//! closes the connections it holds that were opened with it, telling them
//! why.
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
use crate::game::NEW_PASSWORD_NOTICE;
use crate::store::TokenDigest;
use crate::transport::game_link::LOGGED_OUT;

/// Why a session ended, as its announcement says after the digest's bytes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SessionEnded {
    /// Its player logged out.
    LoggedOut,
    /// An admin gave its account a new password.
    NewPassword,
}

impl SessionEnded {
    const ALL: [SessionEnded; 2] = [SessionEnded::LoggedOut, SessionEnded::NewPassword];

    /// The announcement of `digest`'s session ended this way.
    pub fn announcement(self, digest: &TokenDigest) -> Vec<u8> {
        [digest.0.as_slice(), self.mark().as_bytes()].concat()
    }

    /// What follows the digest in the announcement.
    pub fn mark(self) -> &'static str {
        match self {
            SessionEnded::LoggedOut => "",
            SessionEnded::NewPassword => "new-password",
        }
    }

    /// What the session's connections are told as they close.
    fn notice(self) -> &'static str {
        match self {
            SessionEnded::LoggedOut => LOGGED_OUT,
            SessionEnded::NewPassword => NEW_PASSWORD_NOTICE,
        }
    }
}

/// Subscribes, then closes the connections of ended sessions until `stop`.
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
            if let Some((digest, ended)) = revoked(push) {
                hub.close_session(digest, ended.notice());
            }
        }
    });
    Ok(())
}

/// The digest an announcement carries, and why its session ended.
fn revoked(push: PushInfo) -> Option<(TokenDigest, SessionEnded)> {
    if push.kind != PushKind::Message {
        return None;
    }
    let Some(Value::BulkString(payload)) = push.data.into_iter().nth(1) else {
        return None;
    };
    let (digest, mark) = payload.split_at_checked(32)?;
    let ended = SessionEnded::ALL
        .into_iter()
        .find(|ended| ended.mark().as_bytes() == mark)?;
    Some((TokenDigest(digest.try_into().ok()?), ended))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn message(payload: Vec<u8>) -> PushInfo {
        PushInfo {
            kind: PushKind::Message,
            data: vec![
                Value::BulkString(b"hearth:{test}:logouts".to_vec()),
                Value::BulkString(payload),
            ],
        }
    }

    #[test]
    fn an_announcement_says_which_session_ended_and_why() {
        let digest = TokenDigest([7; 32]);
        for ended in SessionEnded::ALL {
            let heard = revoked(message(ended.announcement(&digest)));
            assert_eq!(heard, Some((digest, ended)));
        }
        assert_eq!(SessionEnded::NewPassword.notice(), NEW_PASSWORD_NOTICE);
    }

    #[test]
    fn a_garbled_announcement_is_ignored() {
        for payload in [vec![7; 31], [vec![7; 32], b"why not".to_vec()].concat()] {
            assert_eq!(revoked(message(payload)), None);
        }
    }
}
