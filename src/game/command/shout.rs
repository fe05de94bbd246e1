use super::{Context, command};
use crate::game::change::Change;
use crate::game::event::{Audience, Event, EventKind};
use crate::game::outcome::Outcome;
use crate::game::text;

command! {
    /// shout <text>
    ///
    /// Shouts so that every player in every room hears you. Use it
    /// sparingly: a voice tires after two shouts in twenty seconds.
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
    if let Some(rest) = actor.voice.rest_needed(context.now) {
        let wait = match rest.as_millis().div_ceil(1000) {
            0 | 1 => "a second".to_owned(),
            seconds => format!("{seconds} seconds"),
        };
        return Outcome::reply(format!(
            "Your voice is hoarse from shouting. Rest it {wait} before you shout again."
        ));
    }
    Outcome::reply(spoken.answer(format!("You shout, \"{message}\"")))
        .event(
            Event::new(
                Audience::everyone_except(&actor.key),
                EventKind::Shout,
                format!("{} shouts, \"{message}\"", actor.name),
            )
            .from(&actor.name),
        )
        .change(Change::Shouted {
            who: actor.key.clone(),
            at: context.now,
        })
}
