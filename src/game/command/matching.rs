//! Working out which thing a player means.
//!
//! Items match by the words of their name or by an alias, in any case,
//! ignoring articles: "the lamp", "brass lamp" and "lantern" all find the
//! brass lamp. A phrase may also be `all` (or `everything`), a plural the
//! world gives ("coins", "all coins"), or pick one of several by number:
//! `2.key` or "second key". When a phrase fits several different items the
//! player is asked which one they mean and nothing happens.

use super::Context;
use crate::game::change::Place;
use crate::game::ids::ItemId;
use crate::game::text;
use crate::game::world::{Item, Npc};

/// Words players put in front of names that never distinguish one item from another.
const ARTICLES: &[&str] = &["the", "a", "an", "some", "my"];

/// Words that mean every item in reach.
const ALL: &[&str] = &["all", "everything"];

/// Ordinal words, for "second key"; `2.key` says the same.
const ORDINALS: &[&str] = &[
    "first", "second", "third", "fourth", "fifth", "sixth", "seventh", "eighth", "ninth", "tenth",
];

/// What a player's phrase asks for.
#[derive(Debug, PartialEq, Eq)]
pub struct Phrase {
    /// The significant words, lower case, articles dropped.
    pub words: Vec<String>,
    /// `all` or `everything` came first.
    pub all: bool,
    /// `2.key` or "second key": the second of those that fit, counted from 1.
    pub ordinal: Option<usize>,
}

impl Phrase {
    pub fn parse(text: &str) -> Phrase {
        let mut words = significant_words(text);
        let all = words
            .first()
            .is_some_and(|word| ALL.contains(&word.as_str()));
        if all {
            words.remove(0);
        }
        let mut ordinal = None;
        if let Some(first) = words.first().cloned() {
            if let Some((number, rest)) = first.split_once('.')
                && let Ok(number) = number.parse::<usize>()
                && number > 0
            {
                ordinal = Some(number);
                words[0] = rest.to_owned();
                words.retain(|word| !word.is_empty());
            } else if let Some(at) = ORDINALS.iter().position(|word| *word == first)
                && words.len() > 1
            {
                ordinal = Some(at + 1);
                words.remove(0);
            }
        }
        Phrase {
            words,
            all,
            ordinal,
        }
    }

    pub fn is_empty(&self) -> bool {
        self.words.is_empty() && !self.all
    }
}

/// The result of looking for items.
pub enum Found<'w> {
    One(&'w Item),
    /// `all`, or a plural: every item that fits, in order.
    Many(Vec<&'w Item>),
    Nothing,
    /// Several different items fit; the question asks which one.
    Ambiguous(String),
}

impl<'w> Found<'w> {
    /// The one item meant (the first, when several identical ones fit), or
    /// the question to ask (`Some`) or nothing found (`None`).
    pub fn single(self) -> Result<&'w Item, Option<String>> {
        match self {
            Found::One(item) => Ok(item),
            Found::Many(items) => Ok(items[0]),
            Found::Ambiguous(question) => Err(Some(question)),
            Found::Nothing => Err(None),
        }
    }
}

/// The words of a phrase that say which item is meant.
pub fn significant_words(phrase: &str) -> Vec<String> {
    phrase
        .split_whitespace()
        .map(str::to_lowercase)
        .filter(|word| !ARTICLES.contains(&word.as_str()))
        .collect()
}

/// Finds the items `phrase` means among the items at `places`, in order.
pub fn find_items<'w>(context: &Context<'w>, phrase: &str, places: &[Place]) -> Found<'w> {
    let candidates: Vec<&'w Item> = places
        .iter()
        .flat_map(|place| context.state.items_at(place))
        .filter_map(|id: &ItemId| context.world.item(id.as_str()))
        .collect();
    choose(Phrase::parse(phrase), candidates)
}

/// Picks what `phrase` means from `candidates`, in order.
pub fn choose(phrase: Phrase, candidates: Vec<&Item>) -> Found<'_> {
    if phrase.is_empty() {
        return Found::Nothing;
    }
    if phrase.words.is_empty() {
        return match candidates.is_empty() {
            true => Found::Nothing,
            false => Found::Many(candidates),
        };
    }
    let whole = phrase.words.join(" ");
    let named = |item: &&Item| {
        std::iter::once(item.name.as_str())
            .chain(item.aliases.iter().map(String::as_str))
            .any(|name| name.to_lowercase() == whole)
    };
    let described = |item: &&Item| {
        let keywords: Vec<String> = item.keywords().collect();
        phrase.words.iter().all(|word| keywords.contains(word))
    };
    let plural = |item: &&Item| is_plural_of(&phrase.words, item);
    let exactly: Vec<&Item> = candidates.iter().copied().filter(named).collect();
    let loosely: Vec<&Item> = candidates.iter().copied().filter(described).collect();
    let plurals: Vec<&Item> = candidates.iter().copied().filter(plural).collect();
    let singular = if exactly.is_empty() { loosely } else { exactly };

    if let Some(ordinal) = phrase.ordinal {
        let fitting = if singular.is_empty() {
            plurals
        } else {
            singular
        };
        return fitting
            .get(ordinal - 1)
            .map_or(Found::Nothing, |item| Found::One(item));
    }
    if phrase.all {
        let fitting = if plurals.is_empty() {
            singular
        } else {
            plurals
        };
        return if fitting.is_empty() {
            Found::Nothing
        } else {
            Found::Many(fitting)
        };
    }
    match (singular.as_slice(), plurals.is_empty()) {
        ([], true) => Found::Nothing,
        ([], false) => Found::Many(plurals),
        ([first, rest @ ..], _) if rest.iter().all(|item| item.name == first.name) => {
            Found::One(first)
        }
        (several, _) => Found::Ambiguous(which_one(several)),
    }
}

/// Whether `words` name `item` in the plural: "coins", "gold coins",
/// "sacks" or "sacks of flour". They must hold the word that makes the
/// plural ("coins", "sacks"), and every other word must belong to the item.
fn is_plural_of(words: &[String], item: &Item) -> bool {
    let singular = item.name.as_str().to_lowercase();
    let plural = item.name.plural().to_lowercase();
    let singular_words: Vec<&str> = singular.split_whitespace().collect();
    let plural_words: Vec<&str> = plural.split_whitespace().collect();
    let Some(plural_noun) = plural_words
        .iter()
        .find(|word| !singular_words.contains(word))
    else {
        return false;
    };
    let keywords: Vec<String> = item.keywords().collect();
    words.iter().any(|word| word == plural_noun)
        && words
            .iter()
            .all(|word| keywords.contains(word) || plural_words.contains(&word.as_str()))
}

fn which_one(items: &[&Item]) -> String {
    let mut names: Vec<String> = items.iter().map(|item| item.name.the()).collect();
    names.dedup();
    format!("Which do you mean: {}?", text::list(&names, "or"))
}

/// The item the actor carries that `phrase` means, or the answer to give
/// when there is not exactly one.
pub fn carried_item<'w>(context: &Context<'w>, phrase: &str) -> Result<&'w Item, String> {
    find_items(context, phrase, &[carried(context)])
        .single()
        .map_err(|question| {
            question
                .unwrap_or_else(|| format!("You are not carrying any {}.", text::quoted(phrase)))
        })
}

/// The NPC in the actor's room that `phrase` names, if they can see it.
pub fn npc_here<'w>(context: &Context<'w>, phrase: &str) -> Option<&'w Npc> {
    let words = significant_words(phrase);
    if words.is_empty() || !super::scope::can_see(context) {
        return None;
    }
    context
        .state
        .npcs_in(&context.actor.location)
        .iter()
        .filter_map(|id| context.world.npc(id.as_str()))
        .find(|npc| {
            let keywords: Vec<String> = npc.keywords().collect();
            words.iter().all(|word| keywords.contains(word))
        })
}

/// The online player in the actor's room called `name`.
pub fn player_here<'s>(
    context: &Context<'s>,
    name: &str,
) -> Option<&'s crate::game::state::Character> {
    context
        .state
        .online_character_named(name.trim())
        .filter(|character| character.location == context.actor.location)
}

pub fn carried(context: &Context) -> Place {
    Place::Carried(context.actor.key.clone())
}

pub fn here(context: &Context) -> Place {
    Place::Room(context.actor.location.clone())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::game::ids::RoomId;
    use crate::game::world::{Location, Name};

    fn item(name: &str, aliases: &[&str]) -> Item {
        Item {
            id: ItemId::new("thing"),
            name: Name::plain(name),
            aliases: aliases.iter().map(|alias| alias.to_string()).collect(),
            description: "A thing.".to_owned(),
            location: Location::Room(RoomId::new("hall")),
            portable: true,
            container: None,
            text: None,
            light: None,
            respawn: None,
        }
    }

    #[test]
    fn the_plural_of_a_name_with_of_is_its_first_noun() {
        let sack = item("sack of flour", &["sack"]);
        let plural = |phrase: &str| is_plural_of(&Phrase::parse(phrase).words, &sack);
        assert!(plural("sacks"));
        assert!(plural("sacks of flour"));
        assert!(plural("the sacks of flour"));
        assert!(
            !plural("flour"),
            "the singular's words alone are not the plural"
        );
        assert!(!plural("sack"));
        assert!(!plural("sacks of wheat"));
        let loaf = item("loaf of bread", &["loaf"]);
        assert!(is_plural_of(&Phrase::parse("loaves").words, &loaf));
        let coin = item("gold coin", &[]);
        assert!(is_plural_of(&Phrase::parse("gold coins").words, &coin));
        assert!(is_plural_of(&Phrase::parse("coins").words, &coin));
        assert!(!is_plural_of(&Phrase::parse("gold").words, &coin));
    }

    #[test]
    fn a_phrase_reads_all_numbers_and_ordinals() {
        let phrase = Phrase::parse("the 2.key");
        assert_eq!(
            (phrase.words, phrase.ordinal),
            (vec!["key".to_owned()], Some(2))
        );
        let phrase = Phrase::parse("second silver key");
        assert_eq!(phrase.ordinal, Some(2));
        assert_eq!(phrase.words, ["silver", "key"]);
        let phrase = Phrase::parse("all coins");
        assert!(phrase.all);
        assert_eq!(phrase.words, ["coins"]);
        assert!(Phrase::parse("everything").all);
        assert!(Phrase::parse("the").is_empty());
        assert_eq!(
            Phrase::parse("second").words,
            ["second"],
            "alone it is a word"
        );
    }
}
