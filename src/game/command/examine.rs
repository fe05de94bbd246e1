use super::matching::{find_items, npc_here, player_here, significant_words};
use super::{Context, command, doors, listing, scope};
use crate::game::change::Place;
use crate::game::outcome::Outcome;
use crate::game::state::Character;
use crate::game::text;
use crate::game::world::{Direction, Item, Npc};

command! {
    /// examine <thing>
    ///
    /// Looks closely at something you carry or see here: an item, a door,
    /// someone in the room ("examine me" for yourself), or anything the
    /// room's description mentions. Short: "x".
    pub static EXAMINE = "examine" | "x" | "inspect" => examine;
}

pub fn examine(context: &Context, target: &str) -> Outcome {
    if target.is_empty() {
        return Outcome::reply("Examine what?");
    }
    if ["me", "self", "myself"].contains(&target.to_lowercase().as_str()) {
        return describe_character(context, context.actor);
    }
    match find_items(context, target, &scope::within_reach(context)).single() {
        Ok(item) => return Outcome::reply(describe_item(context, item)),
        Err(Some(question)) => return Outcome::reply(question),
        Err(None) => {}
    }
    if let Some(npc) = npc_here(context, target) {
        return Outcome::reply(describe_npc(npc));
    }
    if let Some(character) = player_here(context, target) {
        return describe_character(context, character);
    }
    if !scope::can_see(context) {
        return Outcome::reply("It is too dark to see anything here.");
    }
    if let Some(door) = doors::door_here(context, target) {
        return Outcome::reply(doors::describe(context, door));
    }
    let room = context.room();
    if let Some(detail) = room.detail(&significant_words(target)) {
        return Outcome::reply(detail.text.clone());
    }
    let exit = significant_words(target)
        .last()
        .and_then(|word| room.exit(word));
    match exit.and_then(|exit| Some((exit, context.world.room(exit.to.as_str())?))) {
        Some((exit, there)) if Direction::parse(&exit.word).is_some() => {
            Outcome::reply(format!("Going {} leads to {}.", exit.word, there.name))
        }
        Some((exit, there)) => {
            Outcome::reply(format!("The {} leads to {}.", exit.word, there.name))
        }
        None => Outcome::reply(format!("You see no {} here.", text::quoted(target))),
    }
}

/// `look in <container>`: what is inside.
pub fn look_inside(context: &Context, target: &str) -> Outcome {
    match find_items(context, target, &scope::within_reach(context)).single() {
        Ok(item) => Outcome::reply(
            contents(context, item)
                .unwrap_or_else(|| format!("You cannot look inside {}.", item.name.the())),
        ),
        Err(Some(question)) => Outcome::reply(question),
        Err(None) => Outcome::reply(format!("You see no {} here.", text::quoted(target))),
    }
}

/// What an item looks like close up: its description, and what it holds,
/// whether it is lit, and whether something is written on it.
fn describe_item(context: &Context, item: &Item) -> String {
    let mut lines = vec![
        text::capitalize(item.name.as_str()),
        item.description.clone(),
    ];
    lines.extend(contents(context, item));
    if item.light.is_some() {
        let lit = scope::gives_light(context.state, &item.id);
        lines.push(format!("It is {}.", if lit { "lit" } else { "not lit" }));
    }
    if item.text.is_some() {
        lines.push(format!(
            "Something is written on it: \"read {}\".",
            item.name.as_str()
        ));
    }
    lines.join("\n")
}

/// What a container holds, or that it is shut; `None` for other items.
pub fn contents(context: &Context, item: &Item) -> Option<String> {
    if !item.is_container() {
        return None;
    }
    let the_item = text::capitalize(&item.name.the());
    if !scope::is_open_container(context.state, item) {
        return Some(format!("{the_item} is closed."));
    }
    Some(inside(context, item))
}

/// What is in a container: "In the chest you see a lamp." or "The chest is empty."
pub fn inside(context: &Context, item: &Item) -> String {
    let inside = context.state.items_at(&Place::Inside(item.id.clone()));
    if inside.is_empty() {
        format!("{} is empty.", text::capitalize(&item.name.the()))
    } else {
        format!(
            "In {} you see {}.",
            item.name.the(),
            listing::sentence(context.world, inside)
        )
    }
}

fn describe_npc(npc: &Npc) -> String {
    format!(
        "{}\n{}",
        text::capitalize(npc.name.as_str()),
        npc.description
    )
}

fn describe_character(context: &Context, character: &Character) -> Outcome {
    let held = context
        .state
        .items_at(&Place::Carried(character.key.clone()));
    let (subject, verb) = if character.key == context.actor.key {
        ("You".to_owned(), "are")
    } else {
        (character.name.clone(), "is")
    };
    let carrying = if held.is_empty() {
        format!("{subject} {verb} empty-handed.")
    } else {
        format!(
            "{subject} {verb} carrying {}.",
            listing::sentence(context.world, held)
        )
    };
    Outcome::reply(format!("{}, an adventurer.\n{carrying}", character.name))
}
