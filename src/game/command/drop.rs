use super::matching::{Found, carried, find_items, here};
use super::triggers::{self, Action};
use super::{Context, command, listing};
use crate::game::change::Change;
use crate::game::event::{Audience, Event, EventKind};
use crate::game::outcome::Outcome;
use crate::game::text;
use crate::game::world::{Item, On};

command! {
    /// drop <item>
    ///
    /// Puts down an item you carry, leaving it in this room for anyone to
    /// find. "drop all" puts down everything you carry.
    pub static DROP = "drop" => drop;
}

fn drop(context: &Context, phrase: &str) -> Outcome {
    if phrase.is_empty() {
        return Outcome::reply("Drop what?");
    }
    match find_items(context, phrase, &[carried(context)]) {
        Found::One(item) => put_down(context, &[item]),
        Found::Many(items) => put_down(context, &items),
        Found::Ambiguous(question) => Outcome::reply(question),
        Found::Nothing if super::matching::Phrase::parse(phrase).all => {
            Outcome::reply("You are carrying nothing.")
        }
        Found::Nothing => Outcome::reply(format!(
            "You are not carrying any {}.",
            text::quoted(phrase)
        )),
    }
}

fn put_down(context: &Context, items: &[&Item]) -> Outcome {
    let actor = context.actor;
    let mut outcome = Outcome::reply(format!("You drop {}.", listing::definite(items)));
    for item in items {
        outcome = outcome
            .event(
                Event::new(
                    Audience::room_except(&actor.location, &actor.key),
                    EventKind::Drop,
                    format!("{} drops {}.", actor.name, item.name.the()),
                )
                .from(&actor.name)
                .item(item.name.as_str()),
            )
            .change(Change::ItemMoved {
                item: item.id.clone(),
                from: carried(context),
                to: here(context),
                when: context.now,
            });
    }
    items.iter().fold(outcome, |outcome, item| {
        let action = Action {
            item: Some(&item.id),
            ..Action::new(On::Drop, &actor.location)
        };
        triggers::react(context, action, outcome)
    })
}
