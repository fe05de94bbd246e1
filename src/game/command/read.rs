use super::triggers::{self, Action};
use super::{Context, command, matching::find_items, scope};
use crate::game::outcome::Outcome;
use crate::game::text;
use crate::game::world::On;

command! {
    /// read <thing>
    ///
    /// Reads what is written on something you carry or see here: a notice,
    /// a letter, a book.
    pub static READ = "read" => read;
}

fn read(context: &Context, target: &str) -> Outcome {
    if target.is_empty() {
        return Outcome::reply("Read what?");
    }
    if !scope::can_see(context) {
        return Outcome::reply("It is too dark to read.");
    }
    let item = match find_items(context, target, &scope::within_reach(context)).single() {
        Ok(item) => item,
        Err(Some(question)) => return Outcome::reply(question),
        Err(None) => return Outcome::reply(format!("You see no {} here.", text::quoted(target))),
    };
    let Some(written) = &item.text else {
        return Outcome::reply(format!("There is nothing written on {}.", item.name.the()));
    };
    let outcome = Outcome::reply(format!("You read {}:\n{written}", item.name.the()));
    let action = Action {
        item: Some(&item.id),
        ..Action::new(On::Read, &context.actor.location)
    };
    triggers::react(context, action, outcome)
}
