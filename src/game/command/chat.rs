use super::channels::channel_name;
use super::{Context, command};
use crate::game::event::{Audience, Event, EventKind};
use crate::game::outcome::Outcome;
use crate::game::text;

command! {
    /// chat <channel> <text>
    ///
    /// Speaks on a chat channel you have joined; everyone in it hears you,
    /// wherever they are. "join <channel>" first.
    pub static CHAT = "chat" | "ch" => chat;
}

fn chat(context: &Context, args: &str) -> Outcome {
    if let Some(refusal) = super::mute::silenced(context) {
        return refusal;
    }
    let (name, message) = text::first_word(args);
    let spoken = text::Spoken::of(message);
    let message = &spoken.text;
    if name.is_empty() {
        return Outcome::reply("Chat where? Try \"chat ooc hello\".");
    }
    if message.is_empty() {
        return Outcome::reply("Chat what? Try \"chat ooc hello\".");
    }
    let channel = match channel_name(name) {
        Ok(channel) => channel,
        Err(problem) => return Outcome::reply(problem),
    };
    let actor = context.actor;
    if !actor.channels.contains(&channel) {
        return Outcome::reply(format!(
            "You are not in {channel}. Type \"join {channel}\" first."
        ));
    }
    Outcome::reply(spoken.answer(format!("[{channel}] You: {message}"))).event(
        Event::new(
            Audience::Channel {
                channel: channel.clone(),
                except: vec![actor.key.clone()],
            },
            EventKind::Channel,
            format!("[{channel}] {}: {message}", actor.name),
        )
        .from(&actor.name)
        .channel(&channel),
    )
}
