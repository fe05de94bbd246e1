//! Where each account stands with the staff: its role, and whether it is
//! muted or banned. The game keeps this as its own durable state (one
//! record per account that is not a plain player in good standing), so a
//! `promote`, `mute` or `ban` is saved with the group that made it and
//! holds at once for every connection of the account: commands ask the
//! game's state for the actor's role, never the connection.
//!
//! A ban is also read outside the game, by the accounts service, from the
//! saved record: logging in and opening a socket are refused while one is
//! in force ([`Sanction::describe`] is what the refusal says).

use std::time::{Duration, SystemTime, UNIX_EPOCH};

use serde::{Deserialize, Serialize};

use super::clock::Time;
use super::role::Role;

/// One account's standing; the default is a player nobody has sanctioned.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Standing {
    pub role: Role,
    /// Set while (or since) the account was muted.
    pub mute: Option<Sanction>,
    /// Set while (or since) the account was banned.
    pub ban: Option<Sanction>,
}

/// A mute or a ban: since when, until when, by whom and why.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Sanction {
    pub since: Time,
    /// When it ends by itself; `None` until it is lifted.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub until: Option<Time>,
    /// The display name of the one who imposed it.
    pub by: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reason: Option<String>,
}

impl Standing {
    /// Whether there is nothing to keep: a player with no sanction.
    pub fn is_default(&self) -> bool {
        *self == Standing::default()
    }

    /// The mute in force at `now`, if there is one.
    pub fn mute_at(&self, now: Time) -> Option<&Sanction> {
        self.mute.as_ref().filter(|mute| mute.in_force(now))
    }

    /// The ban in force at `now`, if there is one.
    pub fn ban_at(&self, now: Time) -> Option<&Sanction> {
        self.ban.as_ref().filter(|ban| ban.in_force(now))
    }
}

impl Sanction {
    pub fn new(since: Time, length: Option<Duration>, by: &str, reason: Option<&str>) -> Sanction {
        Sanction {
            since,
            until: length.map(|length| since + length),
            by: by.to_owned(),
            reason: reason.map(str::to_owned),
        }
    }

    pub fn in_force(&self, now: Time) -> bool {
        self.until.is_none_or(|until| now < until)
    }

    /// How long it lasts, as a phrase: "for 30 minutes", "until lifted".
    pub fn length(&self) -> String {
        match self.until {
            Some(until) => format!("for {}", minutes(until.since(self.since))),
            None => "until lifted".to_owned(),
        }
    }

    /// What is left of it at `now`: "12 more minutes", "until lifted".
    pub fn remaining(&self, now: Time) -> String {
        match self.until {
            Some(until) => format!("{} more", minutes(until.since(now))),
            None => "until lifted".to_owned(),
        }
    }

    /// The sanction as its subject is told it: "until 2026-11-26 13:07 UTC
    /// (by Mo: spamming)", or "until lifted (by Mo)".
    pub fn describe(&self) -> String {
        let until = match self.until {
            Some(until) => format!("until {}", clock_time(until)),
            None => "until lifted".to_owned(),
        };
        match &self.reason {
            Some(reason) => format!("{until} (by {}: {reason})", self.by),
            None => format!("{until} (by {})", self.by),
        }
    }
}

/// A length in whole minutes, rounded up: "1 minute", "90 minutes".
pub fn minutes(length: Duration) -> String {
    match length.as_secs().div_ceil(60) {
        1 => "1 minute".to_owned(),
        count => format!("{count} minutes"),
    }
}

/// A moment as hosts and players read it: "2026-11-26 13:07 UTC".
pub fn clock_time(time: Time) -> String {
    let moment = UNIX_EPOCH + Duration::from_millis(time.as_millis());
    let stamp = humantime::format_rfc3339_seconds(moment.min(far_future())).to_string();
    // "2026-11-26T13:07:09Z" → "2026-11-26 13:07 UTC"
    format!("{} {} UTC", &stamp[..10], &stamp[11..16])
}

/// The latest moment humantime formats (the year 9999).
fn far_future() -> SystemTime {
    UNIX_EPOCH + Duration::from_secs(253_402_300_799)
}

#[cfg(test)]
mod tests {
    use super::*;

    const MINUTE: Duration = Duration::from_secs(60);

    #[test]
    fn a_sanction_holds_until_its_end_and_one_without_an_end_until_lifted() {
        let since = Time::from_millis(1_000_000);
        let mute = Sanction::new(since, Some(30 * MINUTE), "Mo", None);
        assert!(mute.in_force(since + 29 * MINUTE));
        assert!(!mute.in_force(since + 30 * MINUTE));
        assert_eq!(mute.length(), "for 30 minutes");
        assert_eq!(mute.remaining(since + 29 * MINUTE), "1 minute more");
        let ban = Sanction::new(since, None, "Mo", Some("spam"));
        assert!(ban.in_force(since + 1000 * MINUTE));
        assert_eq!(ban.describe(), "until lifted (by Mo: spam)");
    }

    #[test]
    fn moments_read_as_dates_and_minutes() {
        assert_eq!(
            clock_time(Time::from_millis(1_800_000_000_000)),
            "2027-01-15 08:00 UTC"
        );
        assert_eq!(
            clock_time(Time::from_millis(u64::MAX)),
            "9999-12-31 23:59 UTC"
        );
        let standing = Standing {
            mute: Some(Sanction::new(Time::default(), Some(MINUTE), "Mo", None)),
            ..Standing::default()
        };
        assert!(standing.mute_at(Time::default()).is_some());
        assert!(standing.mute_at(Time::default() + MINUTE).is_none());
        assert!(!standing.is_default());
    }
}
