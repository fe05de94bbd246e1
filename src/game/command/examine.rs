use super::matching::{Found, find_item, within_reach};
use super::{Context, command};
use crate::game::change::Place;
use crate::game::outcome::Outcome;
use crate::game::state::Character;
use crate::game::text;

command! {
    /// examine <thing>
    ///
    /// Looks closely at an item you carry or see here, or at a player in the
    /// room ("examine me" for yourself). Short: "x".
    pub static EXAMINE = "examine" | "x" | "inspect" => examine;
}

pub fn examine(context: &Context, target: &str) -> Outcome {
    if target.is_empty() {
        return Outcome::reply("Examine what?");
    }
    if ["me", "self", "myself"].contains(&target.to_lowercase().as_str()) {
        return describe_character(context, context.actor);
    }
    match find_item(context, target, &within_reach(context)) {
        Found::One(item) => Outcome::reply(format!(
            "{}\n{}",
            text::capitalize(&item.name),
            item.description
        )),
        Found::Ambiguous(question) => Outcome::reply(question),
        Found::Nothing => match player_here(context, target) {
            Some(character) => describe_character(context, character),
            None => Outcome::reply(format!("You see no {} here.", text::quoted(target))),
        },
    }
}

fn player_here<'a>(context: &Context<'a>, name: &str) -> Option<&'a Character> {
    context
        .state
        .online_character_named(name)
        .filter(|character| character.location == context.actor.location)
}

fn describe_character(context: &Context, character: &Character) -> Outcome {
    let held = context
        .state
        .items_at(&Place::Carried(character.key.clone()));
    let names: Vec<String> = held
        .iter()
        .filter_map(|id| context.world.item(id.as_str()))
        .map(|item| text::with_article(&item.name))
        .collect();
    let (subject, verb) = if character.key == context.actor.key {
        ("You".to_owned(), "are")
    } else {
        (character.name.clone(), "is")
    };
    let carrying = if names.is_empty() {
        format!("{subject} {verb} empty-handed.")
    } else {
        format!("{subject} {verb} carrying {}.", text::list(&names, "and"))
    };
    Outcome::reply(format!("{}, an adventurer.\n{carrying}", character.name))
}
