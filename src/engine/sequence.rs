//! Numbering what each account is sent (`seq` on the wire).
//!
//! All of an account's connections share one sequence, so a client that
//! comes back can say what it last saw and be sent the rest. The numbers of
//! one engine run start at its epoch's base, above every earlier run's, so
//! they only grow, across restarts and (in a cluster) across failovers.

use foldhash::{HashMap, HashMapExt};

use crate::bus::Seq;
use crate::game::UserKey;

pub struct Sequencer {
    base: Seq,
    last: HashMap<UserKey, Seq>,
    /// What each number given out since [`Sequencer::begin_group`] replaced,
    /// so a group that could not be saved gives its numbers back.
    undo: Vec<(UserKey, Option<Seq>)>,
}

impl Sequencer {
    pub fn new(epoch: u64) -> Sequencer {
        Sequencer {
            base: Seq::base_of_epoch(epoch),
            last: HashMap::new(),
            undo: Vec::new(),
        }
    }

    /// The number of the next message to `account`.
    pub fn next(&mut self, account: &UserKey) -> Seq {
        let previous = self.last.get(account).copied();
        let next = previous.unwrap_or(self.base).next();
        self.last.insert(account.clone(), next);
        self.undo.push((account.clone(), previous));
        next
    }

    /// Starts a group: the numbers given out from here on can be taken back.
    pub fn begin_group(&mut self) {
        self.undo.clear();
    }

    /// Takes back every number given out since [`Sequencer::begin_group`]:
    /// nothing numbered was sent, and clients must not see a hole.
    pub fn undo_group(&mut self) {
        for (account, previous) in self.undo.drain(..).rev() {
            match previous {
                Some(previous) => self.last.insert(account, previous),
                None => self.last.remove(&account),
            };
        }
    }

    /// The last number used for `account` (the base when none was).
    pub fn last(&self, account: &UserKey) -> Seq {
        self.last.get(account).copied().unwrap_or(self.base)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_account_counts_from_the_epochs_base() {
        let mut numbers = Sequencer::new(3);
        let (alice, bob) = (UserKey::new("alice"), UserKey::new("bob"));
        let base = Seq::base_of_epoch(3);
        assert_eq!(numbers.last(&alice), base);
        assert_eq!(numbers.next(&alice), base.next());
        assert_eq!(numbers.next(&alice), base.next().next());
        assert_eq!(numbers.next(&bob), base.next());
        assert_eq!(numbers.last(&alice), base.next().next());
        assert!(Sequencer::new(4).next(&alice) > numbers.last(&alice));
    }

    #[test]
    fn a_group_taken_back_gives_its_numbers_back() {
        let mut numbers = Sequencer::new(1);
        let alice = UserKey::new("alice");
        let kept = numbers.next(&alice);
        numbers.begin_group();
        numbers.next(&alice);
        numbers.next(&UserKey::new("bob"));
        numbers.undo_group();
        assert_eq!(numbers.last(&alice), kept);
        assert_eq!(
            numbers.next(&UserKey::new("bob")),
            Seq::base_of_epoch(1).next()
        );
    }
}
