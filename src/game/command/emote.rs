use super::{Context, command};
use crate::game::event::{Audience, Event, EventKind};
use crate::game::outcome::Outcome;
use crate::game::text;

command! {
    /// emote <action>
    ///
    /// Shows everyone in the room what you do: "emote waves" shows "Alice
    /// waves." Short: start the line with a colon, like :waves.
    pub static EMOTE = "emote" | "me" | "pose" => emote;
}

fn emote(context: &Context, action: &str) -> Outcome {
    if let Some(refusal) = super::mute::silenced(context) {
        return refusal;
    }
    let spoken = text::Spoken::of(action);
    let action = &spoken.text;
    if action.is_empty() {
        return Outcome::reply("Emote what? Try \"emote waves\".");
    }
    let actor = context.actor;
    let ends_a_sentence = action.ends_with(['.', '!', '?']);
    let joins_the_name = action.starts_with(['\'', ',']);
    let line = format!(
        "{}{}{action}{}",
        actor.name,
        if joins_the_name { "" } else { " " },
        if ends_a_sentence { "" } else { "." }
    );
    Outcome::reply(spoken.answer(line.clone())).event(
        Event::new(
            Audience::room_except(&actor.location, &actor.key),
            EventKind::Emote,
            line,
        )
        .from(&actor.name),
    )
}
