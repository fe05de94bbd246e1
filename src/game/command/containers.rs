//! What the container commands (`take ... from`, `put ... in`, `look in`)
//! share: splitting the phrase at its preposition and finding the container.

use super::Context;
use super::matching::find_items;
use super::scope;
use crate::game::text;
use crate::game::world::Item;

/// Splits "key from the nest" at the last of `prepositions` standing as a
/// word: `("key", "the nest")`. `None` when none is there, or a side is empty.
pub fn split<'a>(phrase: &'a str, prepositions: &[&str]) -> Option<(&'a str, &'a str)> {
    let lower = phrase.to_ascii_lowercase();
    let (at, length) = prepositions
        .iter()
        .filter_map(|word| {
            let spaced = format!(" {word} ");
            lower.rfind(&spaced).map(|at| (at, spaced.len()))
        })
        .max()?;
    let (what, container) = (phrase[..at].trim(), phrase[at + length..].trim());
    (!what.is_empty() && !container.is_empty()).then_some((what, container))
}

/// The container in reach that `phrase` means, if it is open; otherwise
/// what to answer.
pub fn open_container<'w>(context: &Context<'w>, phrase: &str) -> Result<&'w Item, String> {
    let found = find_items(context, phrase, &scope::within_reach(context)).single();
    let container = found.map_err(|question| {
        question.unwrap_or_else(|| format!("You see no {} here.", text::quoted(phrase)))
    })?;
    if !container.is_container() {
        return Err(format!(
            "{} cannot hold anything.",
            text::capitalize(&container.name.the())
        ));
    }
    if !scope::is_open_container(context.state, container) {
        return Err(format!(
            "{} is closed.",
            text::capitalize(&container.name.the())
        ));
    }
    Ok(container)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_phrase_splits_at_its_last_preposition() {
        assert_eq!(
            split("key from the nest", &["from"]),
            Some(("key", "the nest"))
        );
        assert_eq!(
            split("coin from fountain from square", &["from"]),
            Some(("coin from fountain", "square"))
        );
        assert_eq!(
            split("all out of bag", &["from", "out of"]),
            Some(("all", "bag"))
        );
        assert_eq!(split("from nest", &["from"]), None);
        assert_eq!(split("frombork key", &["from"]), None);
    }
}
