use super::triggers::{self, Action};
use super::{Context, command};
use crate::game::event::{Audience, Event, EventKind};
use crate::game::outcome::Outcome;
use crate::game::text;
use crate::game::world::On;

command! {
    /// say <text>
    ///
    /// Speaks to everyone in the room. Someone who lives here may answer a
    /// word they know about. Short: start the line with a quote, like
    /// 'hello.
    pub static SAY = "say" => say;
}

fn say(context: &Context, speech: &str) -> Outcome {
    if let Some(refusal) = super::mute::silenced(context) {
        return refusal;
    }
    let spoken = text::Spoken::of(speech);
    let speech = &spoken.text;
    if speech.is_empty() {
        return Outcome::reply("Say what?");
    }
    let actor = context.actor;
    let others = Audience::room_except(&actor.location, &actor.key);
    let mut outcome = Outcome::reply(spoken.answer(format!("You say, \"{speech}\""))).event(
        Event::new(
            others.clone(),
            EventKind::Say,
            format!("{} says, \"{speech}\"", actor.name),
        )
        .from(&actor.name),
    );
    let listeners = context.state.npcs_in(&actor.location);
    // Only someone listening needs the words (most rooms have nobody).
    let words: Vec<String> = match listeners.is_empty() {
        true => Vec::new(),
        false => speech
            .split(|c: char| !c.is_alphanumeric())
            .filter(|word| !word.is_empty())
            .map(str::to_lowercase)
            .collect(),
    };
    for npc in listeners
        .iter()
        .filter_map(|id| context.world.npc(id.as_str()))
    {
        if let Some(topic) = words.iter().find_map(|word| npc.topic(word)) {
            let answer = topic.answer.replace("{player}", &actor.name);
            outcome = outcome
                .with_line(&answer)
                .event(Event::new(others.clone(), EventKind::Say, answer).npc(npc.name.as_str()));
        }
    }
    let action = Action {
        said: Some(speech),
        ..Action::new(On::Say, &actor.location)
    };
    triggers::react(context, action, outcome)
}
