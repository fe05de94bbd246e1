//! What the staff's commands share: finding whom a command is about,
//! deciding who may act on whom, reading lengths and reasons, and starting
//! the audit entry each action leaves.
//!
//! A command here returns an [`Answer`]: `Err` is a refusal, said to the
//! actor with nothing done, so each command reads as its happy path.

use std::time::Duration;

use super::Context;
use crate::game::audit::AuditEntry;
use crate::game::outcome::Outcome;
use crate::game::state::Character;
use crate::game::text;

/// A staff command's outcome, or its refusal.
pub type Answer = Result<Outcome, Outcome>;

/// The outcome to hand back, whichever it is.
pub fn settle(answer: Answer) -> Outcome {
    answer.unwrap_or_else(|refusal| refusal)
}

/// Longest reason kept, in characters.
const MAX_REASON_CHARS: usize = 200;

/// The longest length accepted: ten years.
const LONGEST: Duration = Duration::from_secs(10 * 365 * 24 * 60 * 60);

/// The character named `name`, online or not.
pub fn character<'a>(context: &'a Context, name: &str) -> Result<&'a Character, Outcome> {
    context
        .state
        .character_named(name)
        .ok_or_else(|| Outcome::reply(format!("There is no player called {}.", text::quoted(name))))
}

/// The character named `name`, who must be playing now.
pub fn playing<'a>(context: &'a Context, name: &str) -> Result<&'a Character, Outcome> {
    let character = character(context, name)?;
    if !character.is_online() {
        return Err(Outcome::reply(format!(
            "{} is not playing now.",
            character.name
        )));
    }
    Ok(character)
}

/// Whether the actor may `verb` the target: never themselves, and only
/// someone of a lower role (a moderator cannot kick an admin, nor another
/// moderator).
pub fn may_act_on(context: &Context, target: &Character, verb: &str) -> Result<(), Outcome> {
    if target.key == context.actor.key {
        return Err(Outcome::reply(format!("You cannot {verb} yourself.")));
    }
    let theirs = context.state.role_of(&target.key);
    if theirs >= context.role {
        return Err(Outcome::reply(format!(
            "{} is {} {theirs}, so you cannot {verb} them; ask an admin.",
            target.name,
            if theirs == crate::game::Role::Admin {
                "an"
            } else {
                "a"
            },
        )));
    }
    Ok(())
}

/// A length as staff type it: minutes ("30"), or with a unit ("90m",
/// "2h", "3d"); `None` if `word` is not one.
pub fn length(word: &str) -> Option<Duration> {
    let word = word.to_ascii_lowercase();
    let (number, unit) = match word.find(|c: char| !c.is_ascii_digit()) {
        Some(at) => word.split_at(at),
        None => (word.as_str(), "m"),
    };
    let count: u64 = number.parse().ok().filter(|count| *count > 0)?;
    let seconds = match unit {
        "m" | "min" | "mins" | "minute" | "minutes" => 60,
        "h" | "hour" | "hours" => 60 * 60,
        "d" | "day" | "days" => 24 * 60 * 60,
        _ => return None,
    };
    Some(Duration::from_secs(count.saturating_mul(seconds)).min(LONGEST))
}

/// An optional length then an optional reason: "30 spamming", "spamming", "".
pub fn length_and_reason(args: &str) -> (Option<Duration>, Option<String>) {
    let (first, rest) = text::first_word(args);
    match length(first) {
        Some(length) => (Some(length), reason(rest)),
        None => (None, reason(args)),
    }
}

/// The reason given, cleaned, or `None` if none was.
pub fn reason(text: &str) -> Option<String> {
    let reason = text::clean(text, MAX_REASON_CHARS);
    (!reason.is_empty()).then_some(reason)
}

/// The audit entry for the actor doing `action` now, numbered next.
pub fn audit(context: &Context, action: &str) -> AuditEntry {
    AuditEntry::new(context.now, &context.actor.name, action)
        .numbered(context.state.next_audit_number())
}

/// `text`, followed by ": reason" when there is one.
pub fn with_reason(text: &str, reason: Option<&str>) -> String {
    match reason {
        Some(reason) => format!("{text}: {reason}"),
        None => format!("{text}."),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lengths_are_minutes_unless_a_unit_says_otherwise() {
        assert_eq!(length("30"), Some(Duration::from_secs(30 * 60)));
        assert_eq!(length("2h"), Some(Duration::from_secs(2 * 3600)));
        assert_eq!(length("1d"), Some(Duration::from_secs(86_400)));
        assert_eq!(length("90m"), Some(Duration::from_secs(90 * 60)));
        for not_a_length in ["", "0", "soon", "h", "5y", "-3"] {
            assert_eq!(length(not_a_length), None, "{not_a_length}");
        }
        assert_eq!(length("99999999999d"), Some(LONGEST));
    }

    #[test]
    fn a_reason_may_follow_a_length_or_stand_alone() {
        let (length, reason) = length_and_reason("30 spamming the square");
        assert_eq!(length, Some(Duration::from_secs(1800)));
        assert_eq!(reason.as_deref(), Some("spamming the square"));
        assert_eq!(length_and_reason("rude"), (None, Some("rude".to_owned())));
        assert_eq!(length_and_reason("  "), (None, None));
    }
}
