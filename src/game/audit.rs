//! The audit log: every staff action (and every change of role or password
//! made from the shell or at start-up), kept for good.
//!
//! Each entry says who did what to whom, when and why. Entries are numbered
//! in the order they happened; the number is the record's key, so the log
//! survives restarts in order. `audit` shows the latest ones; the engine
//! writes each to the server's log at info once it is saved.

use serde::{Deserialize, Serialize};

use super::clock::Time;
use super::standing::clock_time;

/// Who acts when no player does: `--admin` at start-up, `hearth admin`.
pub const THE_SERVER: &str = "the server";

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AuditEntry {
    /// Its place in the log, from 1.
    pub number: u64,
    pub at: Time,
    /// The display name of whoever acted ([`THE_SERVER`] for the host).
    pub by: String,
    /// What they did, one word: "kick", "ban", "promote"...
    pub action: String,
    /// Whom they did it to, if anyone.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub whom: Option<String>,
    /// What exactly: a length, a role, a destination, an announcement.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub details: Option<String>,
    /// Why, in their own words.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reason: Option<String>,
}

impl AuditEntry {
    /// An entry for `action` by `by` at `at`, numbered later with [`AuditEntry::numbered`].
    pub fn new(at: Time, by: &str, action: &str) -> AuditEntry {
        AuditEntry {
            number: 0,
            at,
            by: by.to_owned(),
            action: action.to_owned(),
            whom: None,
            details: None,
            reason: None,
        }
    }

    pub fn whom(mut self, whom: &str) -> AuditEntry {
        self.whom = Some(whom.to_owned());
        self
    }

    pub fn details(mut self, details: impl Into<String>) -> AuditEntry {
        self.details = Some(details.into());
        self
    }

    pub fn reason(mut self, reason: Option<&str>) -> AuditEntry {
        self.reason = reason.map(str::to_owned);
        self
    }

    pub fn numbered(mut self, number: u64) -> AuditEntry {
        self.number = number;
        self
    }

    /// One line: "2026-11-26 13:07 UTC  Mo ban Bob (for 30 minutes): spam".
    pub fn line(&self) -> String {
        let mut line = format!("{}  {} {}", clock_time(self.at), self.by, self.action);
        if let Some(whom) = &self.whom {
            line.push(' ');
            line.push_str(whom);
        }
        if let Some(details) = &self.details {
            line.push_str(&format!(" ({details})"));
        }
        if let Some(reason) = &self.reason {
            line.push_str(": ");
            line.push_str(reason);
        }
        line
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_entry_reads_as_one_line() {
        let entry = AuditEntry::new(Time::from_millis(1_800_000_000_000), "Mo", "ban")
            .whom("Bob")
            .details("for 30 minutes")
            .reason(Some("spamming the square"));
        assert_eq!(
            entry.line(),
            "2027-01-15 08:00 UTC  Mo ban Bob (for 30 minutes): spamming the square"
        );
        let wall = AuditEntry::new(Time::from_millis(1_800_000_000_000), "Mo", "wall")
            .details("Restart at noon");
        assert_eq!(
            wall.line(),
            "2027-01-15 08:00 UTC  Mo wall (Restart at noon)"
        );
    }
}
