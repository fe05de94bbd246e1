use super::{Context, command};
use crate::game::event::{Audience, Event, EventKind};
use crate::game::outcome::Outcome;
use crate::game::text;

command! {
    /// tell <player> <text>
    ///
    /// Speaks privately to one player, wherever they are. Only they hear it.
    pub static TELL = "tell" | "whisper" | "page" => tell;
}

fn tell(context: &Context, args: &str) -> Outcome {
    if let Some(refusal) = super::mute::silenced(context) {
        return refusal;
    }
    let (name, message) = text::first_word(args);
    let name = name.trim_end_matches([',', ':']);
    let spoken = text::Spoken::of(message);
    let message = &spoken.text;
    if name.is_empty() || message.is_empty() {
        return Outcome::reply("Tell whom what? Try \"tell Alice hello\".");
    }
    let actor = context.actor;
    let Some(listener) = context.state.online_character_named(name) else {
        let lower = name.to_lowercase();
        let npc = context
            .world
            .npcs()
            .find(|npc| npc.keywords().any(|word| word == lower));
        return Outcome::reply(match npc {
            Some(npc) => format!(
                "{} is not a player, so cannot be told anything. Say it where they can hear, \
                 or \"ask {lower} about <word>\".",
                text::capitalize(&npc.name.the())
            ),
            None => format!("No one called {} is playing now.", text::quoted(name)),
        });
    };
    if listener.key == actor.key {
        return Outcome::reply(spoken.answer(format!("You tell yourself, \"{message}\"")));
    }
    let answer = spoken.answer(format!("You tell {}, \"{message}\"", listener.name));
    Outcome::reply(answer).event(
        Event::new(
            Audience::User(listener.key.clone()),
            EventKind::Tell,
            format!("{} tells you, \"{message}\"", actor.name),
        )
        .from(&actor.name),
    )
}
