use super::matching::{Found, Phrase, carried, find_items, here};
use super::triggers::{self, Action};
use super::{Context, command, containers, listing, scope};
use crate::game::change::{Change, Place};
use crate::game::event::{Audience, Event, EventKind};
use crate::game::outcome::Outcome;
use crate::game::text;
use crate::game::world::{Item, On};

command! {
    /// take <item> [from <container>]
    ///
    /// Picks up an item lying here, or takes it out of a container: "take
    /// key from nest". "take all" picks up everything you can, "take all
    /// from chest" empties a chest, and "take 2.coin" the second of several.
    /// Some things, like fountains and statues, stay where they are. Also:
    /// "get <item>", "pick up <item>".
    pub static TAKE = "take" | "get" | "pick" => take;
}

fn take(context: &Context, phrase: &str) -> Outcome {
    let phrase = text::without_leading(phrase, "up");
    if phrase.is_empty() {
        return Outcome::reply("Take what?");
    }
    if let Some((what, container)) = containers::split(phrase, &["from", "out of", "off"]) {
        return take_from(context, what, container);
    }
    if !scope::can_see(context) {
        return Outcome::reply("It is too dark to find anything here.");
    }
    let lying_here = vec![here(context)];
    let found = match find_items(context, phrase, &lying_here) {
        Found::Nothing => {
            let in_open_containers = scope::with_open_insides(context, lying_here);
            find_items(context, phrase, &in_open_containers[1..])
        }
        found => found,
    };
    match found {
        Found::One(item) if !item.portable => Outcome::reply(format!(
            "{} will not budge.",
            text::capitalize(&item.name.the())
        )),
        Found::One(item) => pick_up(context, &[item], None),
        Found::Many(items) => {
            let portable: Vec<&Item> = items.into_iter().filter(|item| item.portable).collect();
            if portable.is_empty() {
                return Outcome::reply("There is nothing here you can take.");
            }
            pick_up(context, &portable, None)
        }
        Found::Ambiguous(question) => Outcome::reply(question),
        Found::Nothing => match find_items(context, phrase, &[carried(context)]) {
            Found::One(item) => Outcome::reply(format!("You already have {}.", item.name.the())),
            _ if Phrase::parse(phrase).all => Outcome::reply("There is nothing here you can take."),
            _ => Outcome::reply(format!("You see no {} here.", text::quoted(phrase))),
        },
    }
}

/// `take <item> from <container>`.
fn take_from(context: &Context, what: &str, container: &str) -> Outcome {
    let container = match containers::open_container(context, container) {
        Ok(container) => container,
        Err(why) => return Outcome::reply(why),
    };
    let inside = [Place::Inside(container.id.clone())];
    match find_items(context, what, &inside) {
        Found::One(item) => pick_up(context, &[item], Some(container)),
        Found::Many(items) => pick_up(context, &items, Some(container)),
        Found::Ambiguous(question) => Outcome::reply(question),
        Found::Nothing => Outcome::reply(format!(
            "There is no {} in {}.",
            text::quoted(what),
            container.name.the()
        )),
    }
}

/// The actor takes `items` (from the room, or from `container`).
fn pick_up(context: &Context, items: &[&Item], container: Option<&Item>) -> Outcome {
    let actor = context.actor;
    let from = container.map_or_else(String::new, |container| {
        format!(" from {}", container.name.the())
    });
    let mut outcome = Outcome::reply(format!("You take {}{from}.", listing::definite(items)));
    for item in items {
        let Some(place) = context.state.place_of(&item.id) else {
            continue;
        };
        outcome = outcome
            .event(
                Event::new(
                    Audience::room_except(&actor.location, &actor.key),
                    EventKind::Take,
                    format!("{} takes {}{from}.", actor.name, item.name.the()),
                )
                .from(&actor.name)
                .item(item.name.as_str()),
            )
            .change(Change::ItemMoved {
                item: item.id.clone(),
                from: place.clone(),
                to: carried(context),
                when: context.now,
            });
    }
    items.iter().fold(outcome, |outcome, item| {
        let action = Action {
            item: Some(&item.id),
            ..Action::new(On::Take, &actor.location)
        };
        triggers::react(context, action, outcome)
    })
}
