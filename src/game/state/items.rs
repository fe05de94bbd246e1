//! Where every item is, since when, and whether containers are shut and
//! lights lit, with an index of what is at each place so that no command
//! scans the whole world.

use std::collections::HashMap;

use crate::game::change::Place;
use crate::game::clock::Time;
use crate::game::ids::ItemId;

#[derive(Debug, Default)]
pub(super) struct Items {
    places: HashMap<ItemId, Place>,
    /// When each item got where it is.
    since: HashMap<ItemId, Time>,
    contents: HashMap<Place, Vec<ItemId>>,
    closed: HashMap<ItemId, bool>,
    lit: HashMap<ItemId, bool>,
}

impl Items {
    pub(super) fn place_of(&self, item: &ItemId) -> Option<&Place> {
        self.places.get(item)
    }

    pub(super) fn since(&self, item: &ItemId) -> Time {
        self.since.get(item).copied().unwrap_or_default()
    }

    pub(super) fn at(&self, place: &Place) -> &[ItemId] {
        self.contents.get(place).map_or(&[], Vec::as_slice)
    }

    /// Every place that holds something, with what it holds.
    pub(super) fn all(&self) -> impl Iterator<Item = (&Place, &[ItemId])> {
        self.contents
            .iter()
            .map(|(place, items)| (place, items.as_slice()))
    }

    pub(super) fn closed(&self, item: &ItemId) -> Option<bool> {
        self.closed.get(item).copied()
    }

    pub(super) fn lit(&self, item: &ItemId) -> Option<bool> {
        self.lit.get(item).copied()
    }

    pub(super) fn set_closed(&mut self, item: &ItemId, closed: bool) {
        self.closed.insert(item.clone(), closed);
    }

    pub(super) fn set_lit(&mut self, item: &ItemId, lit: bool) {
        self.lit.insert(item.clone(), lit);
    }

    /// Puts `item` at `place` as of `since`, taking it from wherever it was.
    pub(super) fn put(&mut self, item: ItemId, place: Place, since: Time) {
        self.take(&item);
        self.contents
            .entry(place.clone())
            .or_default()
            .push(item.clone());
        self.since.insert(item.clone(), since);
        self.places.insert(item, place);
    }

    /// Removes `item` from wherever it is, by the state's own record rather
    /// than a change's claim.
    pub(super) fn take(&mut self, item: &ItemId) {
        let Some(place) = self.places.remove(item) else {
            return;
        };
        self.since.remove(item);
        if let Some(items) = self.contents.get_mut(&place) {
            items.retain(|held| held != item);
            if items.is_empty() {
                self.contents.remove(&place);
            }
        }
    }

    /// Forgets everything about `item`.
    pub(super) fn forget(&mut self, item: &ItemId) {
        self.take(item);
        self.closed.remove(item);
        self.lit.remove(item);
    }
}
