use super::matching::{carried, carried_item, here};
use super::{Context, command};
use crate::game::change::Change;
use crate::game::event::{Audience, Event, EventKind};
use crate::game::outcome::Outcome;
use crate::game::text;

command! {
    /// drop <item>
    ///
    /// Puts down an item you carry, leaving it in this room for anyone to find.
    pub static DROP = "drop" => drop;
}

fn drop(context: &Context, phrase: &str) -> Outcome {
    if phrase.is_empty() {
        return Outcome::reply("Drop what?");
    }
    let item = match carried_item(context, phrase) {
        Ok(item) => item,
        Err(answer) => return Outcome::reply(answer),
    };
    let actor = context.actor;
    let the_item = text::with_the(&item.name);
    Outcome::reply(format!("You drop {the_item}."))
        .event(
            Event::new(
                Audience::Room {
                    room: actor.location.clone(),
                    except: vec![actor.key.clone()],
                },
                EventKind::Drop,
                format!("{} drops {the_item}.", actor.name),
            )
            .from(&actor.name)
            .item(&item.name),
        )
        .change(Change::ItemMoved {
            item: item.id.clone(),
            from: carried(context),
            to: here(context),
        })
}
