use super::matching::{Found, carried, find_item, here};
use super::{Context, command};
use crate::game::change::Change;
use crate::game::event::{Audience, Event, EventKind};
use crate::game::outcome::Outcome;
use crate::game::text;

command! {
    /// take <item>
    ///
    /// Picks up an item lying here. Some things, like fountains and statues,
    /// stay where they are. Also: "get <item>", "pick up <item>".
    pub static TAKE = "take" | "get" | "pick" => take;
}

fn take(context: &Context, phrase: &str) -> Outcome {
    let phrase = text::without_leading(phrase, "up");
    if phrase.is_empty() {
        return Outcome::reply("Take what?");
    }
    let item = match find_item(context, phrase, &[here(context)]) {
        Found::One(item) => item,
        Found::Ambiguous(question) => return Outcome::reply(question),
        Found::Nothing => {
            return Outcome::reply(match find_item(context, phrase, &[carried(context)]) {
                Found::One(item) => format!("You already have {}.", text::with_the(&item.name)),
                _ => format!("You see no {} here.", text::quoted(phrase)),
            });
        }
    };
    if !item.portable {
        return Outcome::reply(format!(
            "{} will not budge.",
            text::capitalize(&text::with_the(&item.name))
        ));
    }
    let actor = context.actor;
    let the_item = text::with_the(&item.name);
    Outcome::reply(format!("You take {the_item}."))
        .event(
            Event::new(
                Audience::Room {
                    room: actor.location.clone(),
                    except: vec![actor.key.clone()],
                },
                EventKind::Take,
                format!("{} takes {the_item}.", actor.name),
            )
            .from(&actor.name)
            .item(&item.name),
        )
        .change(Change::ItemMoved {
            item: item.id.clone(),
            from: here(context),
            to: carried(context),
        })
}
