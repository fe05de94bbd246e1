use super::matching::{carried, carried_item};
use super::{Context, command};
use crate::game::change::{Change, Place};
use crate::game::event::{Audience, Event, EventKind};
use crate::game::outcome::Outcome;
use crate::game::text;

command! {
    /// give <item> to <player>
    ///
    /// Hands an item you carry to a player in the same room.
    pub static GIVE = "give" | "hand" => give;
}

fn give(context: &Context, args: &str) -> Outcome {
    let Some((phrase, name)) = item_and_receiver(args) else {
        return Outcome::reply("Give what to whom? Try \"give lamp to Alice\".");
    };
    let item = match carried_item(context, phrase) {
        Ok(item) => item,
        Err(answer) => return Outcome::reply(answer),
    };
    let actor = context.actor;
    let the_item = text::with_the(&item.name);
    let receiver = match context.state.online_character_named(name) {
        Some(receiver) if receiver.key == actor.key => {
            return Outcome::reply(format!("You already have {the_item}."));
        }
        Some(receiver) if receiver.location == actor.location => receiver,
        _ => {
            return Outcome::reply(format!(
                "There is no one called {} here.",
                text::quoted(name)
            ));
        }
    };
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
    let details = |event: Event| event.from(&actor.name).item(&item.name).to(&receiver.name);
    Outcome::reply(format!("You give {the_item} to {}.", receiver.name))
        .event(details(to_receiver))
        .event(details(to_room))
        .change(Change::ItemMoved {
            item: item.id.clone(),
            from: carried(context),
            to: Place::Carried(receiver.key.clone()),
        })
}

/// Splits "lamp to Bob" at its last "to", in any case: an item's name may
/// hold the word, a player's name never does.
fn item_and_receiver(args: &str) -> Option<(&str, &str)> {
    let at = args.to_ascii_lowercase().rfind(" to ")?;
    let (phrase, name) = (args[..at].trim(), args[at + " to ".len()..].trim());
    (!phrase.is_empty() && !name.is_empty()).then_some((phrase, name))
}
