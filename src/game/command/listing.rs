//! Saying what lies somewhere, with duplicates grouped: "a brass lamp and
//! two gold coins".

use crate::game::ids::ItemId;
use crate::game::text;
use crate::game::world::{Item, World};

/// Each distinct item once, counted, in order of first appearance:
/// `["a brass lamp", "two gold coins"]`.
pub fn grouped(items: &[&Item]) -> Vec<String> {
    groups(items)
        .into_iter()
        .map(|(item, count)| item.name.counted(count))
        .collect()
}

/// The items with these ids, grouped and joined: "a lamp and two gold coins".
pub fn sentence(world: &World, ids: &[ItemId]) -> String {
    let items: Vec<&Item> = ids
        .iter()
        .filter_map(|id| world.item(id.as_str()))
        .collect();
    text::list(&grouped(&items), "and")
}

/// The definite names of these items, grouped: "the lamp and the two coins".
pub fn definite(items: &[&Item]) -> String {
    let names: Vec<String> = groups(items)
        .into_iter()
        .map(|(item, count)| match count {
            1 => item.name.the(),
            many => format!("the {}", item.name.counted(many)),
        })
        .collect();
    text::list(&names, "and")
}

/// Items with the same name, counted, in order of first appearance.
fn groups<'w>(items: &[&'w Item]) -> Vec<(&'w Item, usize)> {
    let mut groups: Vec<(&Item, usize)> = Vec::new();
    for item in items {
        match groups.iter_mut().find(|(first, _)| first.name == item.name) {
            Some((_, count)) => *count += 1,
            None => groups.push((item, 1)),
        }
    }
    groups
}
