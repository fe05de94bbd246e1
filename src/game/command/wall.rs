use super::{Context, command, staff};
use crate::game::change::Change;
use crate::game::event::{Audience, Event, EventKind};
use crate::game::outcome::Outcome;
use crate::game::role::Role;
use crate::game::text;

command! {
    /// wall <text>
    ///
    /// Announces something to everyone in the game, as a message from the
    /// server: "wall Restarting for an update in 5 minutes."
    pub static WALL = "wall" | "announce" => wall, for Role::Moderator;
}

fn wall(context: &Context, message: &str) -> Outcome {
    let message = text::clean(message, text::MAX_SPOKEN_CHARS);
    if message.is_empty() {
        return Outcome::reply("Announce what? Try \"wall Restarting in 5 minutes\".");
    }
    let actor = context.actor;
    let entry = staff::audit(context, "wall").details(message.as_str());
    Outcome::reply(format!("You announce to everyone: {message}"))
        .event(
            Event::new(
                Audience::everyone_except(&actor.key),
                EventKind::System,
                format!("Announcement from {}: {message}", actor.name),
            )
            .from(&actor.name),
        )
        .change(Change::Audited(entry))
}
