use super::matching::{carried, carried_item, npc_here, player_here};
use super::triggers::{self, Action};
use super::{Context, command};
use crate::game::change::{Change, Place};
use crate::game::event::{Audience, Event, EventKind};
use crate::game::outcome::Outcome;
use crate::game::state::Character;
use crate::game::text;
use crate::game::world::{Item, Npc, On};

command! {
    /// give <item> to <someone>
    ///
    /// Hands an item you carry to a player in the same room, or to someone
    /// who lives here if they want it. "give lamp Bob" and "give Bob lamp"
    /// work too.
    pub static GIVE = "give" | "hand" => give;
}

/// Words that mean the giver.
const MYSELF: &[&str] = &["me", "myself", "self"];

/// Who is given to.
enum Receiver<'a> {
    Player(&'a Character),
    Npc(&'a Npc),
    Myself,
}

fn give(context: &Context, args: &str) -> Outcome {
    const HOW: &str = "Give what to whom? Try \"give lamp to Alice\".";
    let Some((item, name, receiver)) = item_and_receiver(context, args) else {
        return Outcome::reply(HOW);
    };
    let item = match carried_item(context, item) {
        Ok(item) => item,
        Err(answer) => return Outcome::reply(answer),
    };
    match receiver {
        Some(Receiver::Myself) => Outcome::reply(format!("You already have {}.", item.name.the())),
        Some(Receiver::Player(player)) => to_player(context, item, player),
        Some(Receiver::Npc(npc)) => to_npc(context, item, npc),
        None => Outcome::reply(format!(
            "There is no one called {} here.",
            text::quoted(name)
        )),
    }
}

/// Reads "lamp to Bob", "lamp Bob" or "Bob lamp": the item's phrase, the
/// receiver's, and who that is (`None` when no one here). `None`
/// altogether when the line is a single word.
fn item_and_receiver<'a, 'w>(
    context: &Context<'w>,
    args: &'a str,
) -> Option<(&'a str, &'a str, Option<Receiver<'w>>)> {
    if let Some((item, name)) = split_at_to(args) {
        return Some((item, name, receiver(context, name)));
    }
    if text::first_word(args).0.eq_ignore_ascii_case("to") {
        return None;
    }
    let words = word_spans(args);
    for cut in 1..words.len() {
        let left = &args[..words[cut - 1].1];
        let right = &args[words[cut].0..];
        if let Some(found) = receiver(context, right) {
            return Some((left, right, Some(found)));
        }
        if let Some(found) = receiver(context, left) {
            return Some((right, left, Some(found)));
        }
    }
    match words.as_slice() {
        [.., before_last, last] => Some((&args[..before_last.1], &args[last.0..], None)),
        _ => None,
    }
}

/// Splits "lamp to Bob" at its last "to", in any case: an item's name may
/// hold the word, a player's name never does.
fn split_at_to(args: &str) -> Option<(&str, &str)> {
    let at = args.to_ascii_lowercase().rfind(" to ")?;
    let (phrase, name) = (args[..at].trim(), args[at + " to ".len()..].trim());
    (!phrase.is_empty() && !name.is_empty()).then_some((phrase, name))
}

/// Where each word of `text` starts and ends, in bytes.
fn word_spans(text: &str) -> Vec<(usize, usize)> {
    let mut spans = Vec::new();
    let mut start = None;
    for (at, c) in text
        .char_indices()
        .chain(std::iter::once((text.len(), ' ')))
    {
        match (c.is_whitespace(), start) {
            (true, Some(begun)) => {
                spans.push((begun, at));
                start = None;
            }
            (false, None) => start = Some(at),
            _ => {}
        }
    }
    spans
}

fn receiver<'w>(context: &Context<'w>, name: &str) -> Option<Receiver<'w>> {
    let lower = name.trim().to_lowercase();
    if MYSELF.contains(&lower.as_str()) || lower == context.actor.name.to_lowercase() {
        return Some(Receiver::Myself);
    }
    player_here(context, name)
        .map(Receiver::Player)
        .or_else(|| npc_here(context, name).map(Receiver::Npc))
}

fn to_player(context: &Context, item: &Item, receiver: &Character) -> Outcome {
    let actor = context.actor;
    let the_item = item.name.the();
    let to_receiver = Event::new(
        Audience::User(receiver.key.clone()),
        EventKind::Give,
        format!("{} gives you {the_item}.", actor.name),
    );
    let to_room = Event::new(
        Audience::Room {
            room: actor.location.clone(),
            except: vec![actor.key.clone(), receiver.key.clone()],
        },
        EventKind::Give,
        format!("{} gives {the_item} to {}.", actor.name, receiver.name),
    );
    let details = |event: Event| {
        event
            .from(&actor.name)
            .item(item.name.as_str())
            .to(&receiver.name)
    };
    Outcome::reply(format!("You give {the_item} to {}.", receiver.name))
        .event(details(to_receiver))
        .event(details(to_room))
        .change(Change::ItemMoved {
            item: item.id.clone(),
            from: carried(context),
            to: Place::Carried(receiver.key.clone()),
            when: context.now,
        })
}

/// An NPC takes what a trigger wants it given, and refuses anything else;
/// when a trigger wants it but what it gives for it is with a player, the
/// NPC says so instead of refusing as if it did not want it.
fn to_npc(context: &Context, item: &Item, npc: &Npc) -> Outcome {
    let actor = context.actor;
    let action = Action {
        item: Some(&item.id),
        npc: Some(&npc.id),
        ..Action::new(On::Give, &actor.location)
    };
    let the_npc = npc.name.the();
    if triggers::fitting(context, &action).is_empty() {
        let held = triggers::gifts_held_by_players(context, &action);
        if let Some(reward) = held.first().and_then(|id| context.world.item(id.as_str())) {
            return Outcome::reply(format!(
                "{} would take {}, but has nothing to give for it while someone else has {}. \
                 Try again later.",
                text::capitalize(&the_npc),
                item.name.the(),
                reward.name.the()
            ));
        }
        let refusal = npc.refuses.clone().unwrap_or_else(|| {
            format!(
                "{} does not want {}.",
                text::capitalize(&the_npc),
                item.name.the()
            )
        });
        return Outcome::reply(refusal.replace("{player}", &actor.name));
    }
    let the_item = item.name.the();
    let outcome = Outcome::reply(format!("You give {the_item} to {the_npc}."))
        .event(
            Event::new(
                Audience::room_except(&actor.location, &actor.key),
                EventKind::Give,
                format!("{} gives {the_item} to {the_npc}.", actor.name),
            )
            .from(&actor.name)
            .item(item.name.as_str())
            .to(npc.name.as_str()),
        )
        .change(Change::ItemMoved {
            item: item.id.clone(),
            from: carried(context),
            to: Place::Npc(npc.id.clone()),
            when: context.now,
        });
    triggers::react(context, action, outcome)
}
