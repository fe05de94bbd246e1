//! Session lifetime: 30 days, sliding. Each use within the lifetime pushes the
//! expiry out again, but at most once a day, so a busy player does not cost a
//! database write on every connection.

use crate::store::Session;

pub const LIFETIME_SECS: u64 = 30 * 24 * 60 * 60;
const REFRESH_INTERVAL_SECS: u64 = 24 * 60 * 60;

#[derive(Debug, PartialEq, Eq)]
pub enum Verdict {
    Valid,
    /// Valid, and due to have its expiry moved to the given time.
    Refresh(u64),
    Expired,
}

pub fn review(session: &Session, now: u64) -> Verdict {
    if now >= session.expires_at {
        Verdict::Expired
    } else if session.expires_at - now < LIFETIME_SECS - REFRESH_INTERVAL_SECS {
        Verdict::Refresh(now + LIFETIME_SECS)
    } else {
        Verdict::Valid
    }
}

pub fn now() -> u64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|elapsed| elapsed.as_secs())
        .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::game::UserKey;

    fn session(expires_at: u64) -> Session {
        Session {
            user: UserKey::new("alice"),
            name: "Alice".to_owned(),
            expires_at,
        }
    }

    #[test]
    fn a_new_session_is_valid_without_a_write() {
        assert_eq!(
            review(&session(1_000 + LIFETIME_SECS), 1_000),
            Verdict::Valid
        );
    }

    #[test]
    fn a_session_used_after_a_day_slides_to_a_full_lifetime() {
        let now = 1_000 + REFRESH_INTERVAL_SECS + 1;
        assert_eq!(
            review(&session(1_000 + LIFETIME_SECS), now),
            Verdict::Refresh(now + LIFETIME_SECS)
        );
    }

    #[test]
    fn a_session_past_its_expiry_is_expired() {
        assert_eq!(review(&session(1_000), 1_000), Verdict::Expired);
    }
}
