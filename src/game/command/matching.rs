//! Working out which thing a player means.
//!
//! Items match by the words of their name or by an alias, in any case,
//! ignoring articles: "the lamp", "brass lamp" and "lantern" all find the brass
//! lamp. When a phrase fits several different items the player is asked which
//! one they mean and nothing happens.

use super::Context;
use crate::game::change::Place;
use crate::game::ids::ItemId;
use crate::game::text;
use crate::game::world::Item;

/// Words players put in front of names that never distinguish one item from another.
const ARTICLES: &[&str] = &["the", "a", "an", "some", "my"];

/// The result of looking for one item.
pub enum Found<'w> {
    One(&'w Item),
    Nothing,
    /// Several different items fit; the question asks which one.
    Ambiguous(String),
}

/// The words of a phrase that say which item is meant.
pub fn significant_words(phrase: &str) -> Vec<String> {
    phrase
        .split_whitespace()
        .map(str::to_lowercase)
        .filter(|word| !ARTICLES.contains(&word.as_str()))
        .collect()
}

/// Finds the item `phrase` means among the items at `places`, in order.
pub fn find_item<'w>(context: &Context<'w>, phrase: &str, places: &[Place]) -> Found<'w> {
    let words = significant_words(phrase);
    if words.is_empty() {
        return Found::Nothing;
    }
    let whole = words.join(" ");
    let candidates: Vec<&'w Item> = places
        .iter()
        .flat_map(|place| context.state.items_at(place))
        .filter_map(|id: &ItemId| context.world.item(id.as_str()))
        .collect();

    let named_exactly: Vec<&'w Item> = candidates
        .iter()
        .copied()
        .filter(|item| {
            std::iter::once(&item.name)
                .chain(&item.aliases)
                .any(|name| name.to_lowercase() == whole)
        })
        .collect();
    let matching = if named_exactly.is_empty() {
        candidates
            .into_iter()
            .filter(|item| {
                let keywords: Vec<String> = item.keywords().collect();
                words.iter().all(|word| keywords.contains(word))
            })
            .collect()
    } else {
        named_exactly
    };

    match matching.as_slice() {
        [] => Found::Nothing,
        [first, rest @ ..] if rest.iter().all(|item| item.name == first.name) => Found::One(first),
        several => Found::Ambiguous(which_one(several)),
    }
}

fn which_one(items: &[&Item]) -> String {
    let mut names: Vec<String> = items
        .iter()
        .map(|item| text::with_the(&item.name))
        .collect();
    names.dedup();
    format!("Which do you mean: {}?", text::list(&names, "or"))
}

/// The item the actor carries that `phrase` means, or the answer to give
/// when there is not exactly one.
pub fn carried_item<'w>(context: &Context<'w>, phrase: &str) -> Result<&'w Item, String> {
    match find_item(context, phrase, &[carried(context)]) {
        Found::One(item) => Ok(item),
        Found::Ambiguous(question) => Err(question),
        Found::Nothing => Err(format!(
            "You are not carrying any {}.",
            text::quoted(phrase)
        )),
    }
}

/// Places an actor can reach with their hands: what they carry, then the room.
pub fn within_reach(context: &Context) -> [Place; 2] {
    [carried(context), here(context)]
}

pub fn carried(context: &Context) -> Place {
    Place::Carried(context.actor.key.clone())
}

pub fn here(context: &Context) -> Place {
    Place::Room(context.actor.location.clone())
}
