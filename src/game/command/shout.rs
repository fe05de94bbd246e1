use super::{Context, command};
use crate::game::event::{Audience, Event, EventKind};
use crate::game::outcome::Outcome;
use crate::game::text;

command! {
    /// shout <text>
    ///
    /// Shouts so that every player in every room hears you. Use it sparingly.
    pub static SHOUT = "shout" | "yell" => shout;
}

fn shout(context: &Context, message: &str) -> Outcome {
    if let Some(refusal) = super::mute::silenced(context) {
        return refusal;
    }
    let spoken = text::Spoken::of(message);
    let message = &spoken.text;
    if message.is_empty() {
        return Outcome::reply("Shout what?");
    }
    let actor = context.actor;
    Outcome::reply(spoken.answer(format!("You shout, \"{message}\""))).event(
        Event::new(
            Audience::everyone_except(&actor.key),
            EventKind::Shout,
            format!("{} shouts, \"{message}\"", actor.name),
        )
        .from(&actor.name),
    )
}
