use super::{Context, command};
use crate::game::outcome::Outcome;
use crate::game::role::Role;

command! {
    /// audit [count]
    ///
    /// Shows the latest staff actions, oldest first: when, who did what to
    /// whom, and why. The last 20, or as many as you ask for, up to 100.
    pub static AUDIT = "audit" => audit, for Role::Moderator;
}

const SHOWN: usize = 20;
const MOST_SHOWN: usize = 100;

fn audit(context: &Context, args: &str) -> Outcome {
    let wanted = match args.trim() {
        "" => SHOWN,
        count => match count.parse::<usize>() {
            Ok(count) if count > 0 => count.min(MOST_SHOWN),
            _ => return Outcome::reply("Show how many? Try \"audit\" or \"audit 50\"."),
        },
    };
    let log = context.state.audit();
    if log.is_empty() {
        return Outcome::reply("No staff action has been taken yet.");
    }
    let shown = &log[log.len().saturating_sub(wanted)..];
    let lines: Vec<String> = shown.iter().map(|entry| entry.line()).collect();
    Outcome::reply(format!(
        "The last {} of {} staff actions:\n{}",
        shown.len(),
        log.len(),
        lines.join("\n")
    ))
}
