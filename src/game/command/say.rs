use super::{Context, command};
use crate::game::event::{Audience, Event, EventKind};
use crate::game::outcome::Outcome;
use crate::game::text;

command! {
    /// say <text>
    ///
    /// Speaks to everyone in the room. Short: start the line with a quote,
    /// like 'hello.
    pub static SAY = "say" => say;
}

fn say(context: &Context, speech: &str) -> Outcome {
    let spoken = text::Spoken::of(speech);
    let speech = &spoken.text;
    if speech.is_empty() {
        return Outcome::reply("Say what?");
    }
    let actor = context.actor;
    Outcome::reply(spoken.answer(format!("You say, \"{speech}\""))).event(
        Event::new(
            Audience::Room {
                room: actor.location.clone(),
                except: vec![actor.key.clone()],
            },
            EventKind::Say,
            format!("{} says, \"{speech}\"", actor.name),
        )
        .from(&actor.name),
    )
}
