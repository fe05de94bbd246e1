use super::matching::{npc_here, player_here, significant_words};
use super::open::seen;
use super::{Context, command};
use crate::game::event::{Audience, Event, EventKind};
use crate::game::outcome::Outcome;
use crate::game::text;
use crate::game::world::Npc;

command! {
    /// ask <someone> about <word>
    ///
    /// Asks someone who lives here about something: "ask marta about the
    /// key". "ask marta" alone shows what she will talk about. Also: "talk
    /// to <someone>".
    pub static ASK = "ask" | "talk" => ask;
}

fn ask(context: &Context, args: &str) -> Outcome {
    let args = text::without_leading(args, "to");
    let (who, topic) = match args.to_ascii_lowercase().find(" about ") {
        Some(at) => (args[..at].trim(), args[at + " about ".len()..].trim()),
        None => (args.trim(), ""),
    };
    if who.is_empty() {
        return Outcome::reply("Ask whom? Try \"ask <someone> about <word>\".");
    }
    let Some(npc) = npc_here(context, who) else {
        return Outcome::reply(match player_here(context, who) {
            Some(player) => format!(
                "{} is a player: talk with \"say\", or \"tell {} <text>\".",
                player.name, player.name
            ),
            None => format!("There is no one called {} here.", text::quoted(who)),
        });
    };
    if topic.is_empty() {
        return topics(npc);
    }
    let answer = significant_words(topic)
        .iter()
        .find_map(|word| npc.topic(word))
        .map(|topic| topic.answer.clone())
        .or_else(|| npc.no_topic.clone())
        .unwrap_or_else(|| {
            format!(
                "{} has nothing to say about that.",
                text::capitalize(&npc.name.the())
            )
        })
        .replace("{player}", &context.actor.name);
    let actor = context.actor;
    let asked = format!(
        "{} asks {} about {}.",
        actor.name,
        npc.name.the(),
        text::shorten(topic)
    );
    let answered = Event::new(
        Audience::room_except(&actor.location, &actor.key),
        EventKind::Say,
        answer.clone(),
    )
    .npc(npc.name.as_str());
    Outcome::reply(format!(
        "You ask {} about {}.\n{answer}",
        npc.name.the(),
        text::shorten(topic)
    ))
    .event(seen(context, &asked))
    .event(answered)
}

/// What an NPC will talk about.
fn topics(npc: &Npc) -> Outcome {
    let name = text::capitalize(&npc.name.the());
    let words: Vec<String> = npc.topics.iter().map(|topic| topic.word.clone()).collect();
    Outcome::reply(match words.as_slice() {
        [] => format!("{name} has nothing much to talk about."),
        _ => format!(
            "{name} could tell you about {}. Try \"ask {} about {}\".",
            text::list(&words, "or"),
            npc.name.as_str().to_lowercase(),
            words[0]
        ),
    })
}
