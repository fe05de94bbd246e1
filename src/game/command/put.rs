use super::matching::{Found, carried, find_items};
use super::open::seen;
use super::{Context, command, containers, listing};
use crate::game::change::{Change, Place};
use crate::game::outcome::Outcome;
use crate::game::text;
use crate::game::world::Item;

command! {
    /// put <item> in <container>
    ///
    /// Puts an item you carry into an open container you carry or see here:
    /// "put apple in basket". "put all in bag" puts in everything else you
    /// carry.
    pub static PUT = "put" | "place" => put;
}

fn put(context: &Context, args: &str) -> Outcome {
    let Some((what, container)) = containers::split(args, &["in", "into", "inside", "on"]) else {
        return Outcome::reply("Put what where? Try \"put apple in basket\".");
    };
    let container = match containers::open_container(context, container) {
        Ok(container) => container,
        Err(why) => return Outcome::reply(why),
    };
    let items = match find_items(context, what, &[carried(context)]) {
        Found::One(item) => vec![item],
        Found::Many(items) => items,
        Found::Ambiguous(question) => return Outcome::reply(question),
        Found::Nothing => {
            return Outcome::reply(format!("You are not carrying any {}.", text::quoted(what)));
        }
    };
    let (holds_itself, fits): (Vec<&Item>, Vec<&Item>) = items
        .into_iter()
        .partition(|item| contains(context, item, container));
    match (fits.as_slice(), holds_itself.as_slice()) {
        ([], [item, ..]) if item.id == container.id => {
            Outcome::reply(format!("You cannot put {} inside itself.", item.name.the()))
        }
        ([], [item, ..]) => Outcome::reply(format!(
            "{} is inside {}.",
            text::capitalize(&container.name.the()),
            item.name.the()
        )),
        (fits, _) => put_in(context, fits, container),
    }
}

/// Whether `item` is `container` or holds it, however deep.
fn contains(context: &Context, item: &Item, container: &Item) -> bool {
    let mut place = Some(Place::Inside(container.id.clone()));
    let mut steps = 0;
    while let Some(Place::Inside(outer)) = place {
        if outer == item.id {
            return true;
        }
        place = context.state.place_of(&outer).cloned();
        steps += 1;
        if steps > 64 {
            break;
        }
    }
    false
}

fn put_in(context: &Context, items: &[&Item], container: &Item) -> Outcome {
    let actor = context.actor;
    let into = container.name.the();
    let listed = listing::definite(items);
    let mut outcome = Outcome::reply(format!("You put {listed} in {into}.")).event(seen(
        context,
        &format!("{} puts {listed} in {into}.", actor.name),
    ));
    for item in items {
        outcome = outcome.change(Change::ItemMoved {
            item: item.id.clone(),
            from: carried(context),
            to: Place::Inside(container.id.clone()),
            when: context.now,
        });
    }
    outcome
}
