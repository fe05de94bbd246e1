//! The connections this node holds, by id and by account.
//!
//! A connection is *open* from the moment its transport registers it, and
//! *in the game* from the moment the hub delivers its welcome; only then
//! does it hear what its account is told. Joining at the welcome, in the
//! order the engine produced it, is what keeps a new tab from hearing
//! anything before `connected`.

use std::sync::Arc;

use foldhash::HashMap;

use super::outlet::Outlet;
use crate::bus::{ConnectionId, Seq};
use crate::game::UserKey;
use crate::store::TokenDigest;

pub struct Link {
    pub account: UserKey,
    pub outlet: Arc<dyn Outlet>,
    /// The session the connection was opened with.
    pub session: Option<TokenDigest>,
    /// The last message the client saw before it (re)connected, if it said.
    pub since: Option<Seq>,
    /// Set once it is in the game.
    pub in_game: bool,
    /// Set once a send failed: it is closing, and nothing more is tried.
    pub failed: bool,
    /// Set when it is closed for good, not dropped: its session ended (a
    /// logout) or its account was put out (kicked, banned).
    pub closed_for_good: bool,
}

#[derive(Default)]
pub struct Registry {
    next_id: u64,
    open: HashMap<ConnectionId, Link>,
    in_game: HashMap<UserKey, Vec<ConnectionId>>,
    open_per_account: HashMap<UserKey, usize>,
}

impl Registry {
    pub fn open(&mut self, link: Link) -> ConnectionId {
        self.next_id += 1;
        let id = ConnectionId(self.next_id);
        *self
            .open_per_account
            .entry(link.account.clone())
            .or_default() += 1;
        self.open.insert(id, link);
        id
    }

    /// Forgets a connection; returns it, if it was open.
    pub fn close(&mut self, id: ConnectionId) -> Option<Link> {
        let link = self.open.remove(&id)?;
        self.leave_game(&link.account, id);
        if let Some(count) = self.open_per_account.get_mut(&link.account) {
            *count -= 1;
            if *count == 0 {
                self.open_per_account.remove(&link.account);
            }
        }
        Some(link)
    }

    pub fn link(&self, id: ConnectionId) -> Option<&Link> {
        self.open.get(&id)
    }

    /// Open connections of `account`.
    pub fn count_of(&self, account: &UserKey) -> usize {
        self.open_per_account.get(account).copied().unwrap_or(0)
    }

    pub fn open_count(&self) -> usize {
        self.open.len()
    }

    /// Accounts with a connection in the game.
    pub fn accounts_in_game(&self) -> usize {
        self.in_game.len()
    }

    /// Puts a connection in the game: it hears its account's messages from now on.
    pub fn enter_game(&mut self, id: ConnectionId) {
        let Some(link) = self.open.get_mut(&id) else {
            return;
        };
        if link.in_game || link.failed {
            return;
        }
        link.in_game = true;
        self.in_game
            .entry(link.account.clone())
            .or_default()
            .push(id);
    }

    /// Connections in the game for `account`.
    pub fn in_game(&self, account: &UserKey) -> impl Iterator<Item = (ConnectionId, &Link)> {
        self.in_game
            .get(account)
            .into_iter()
            .flatten()
            .filter_map(|id| self.open.get(id).map(|link| (*id, link)))
    }

    /// Marks a connection that could not take a message: it hears nothing more.
    pub fn fail(&mut self, id: ConnectionId) {
        let Some(link) = self.open.get_mut(&id) else {
            return;
        };
        link.failed = true;
        let account = link.account.clone();
        self.leave_game(&account, id);
    }

    /// Marks the open connections opened with `session` as closing because
    /// it ended, and returns them.
    pub fn end_session(&mut self, session: TokenDigest) -> Vec<Arc<dyn Outlet>> {
        self.open
            .values_mut()
            .filter(|link| link.session == Some(session))
            .map(|link| {
                link.closed_for_good = true;
                link.outlet.clone()
            })
            .collect()
    }

    /// Every connection in the game.
    pub fn every_in_game(&self) -> impl Iterator<Item = (ConnectionId, &Link)> {
        self.in_game
            .values()
            .flatten()
            .filter_map(|id| self.open.get(id).map(|link| (*id, link)))
    }

    /// Marks every open connection of `account`, in the game or not yet, as
    /// closing for good (kicked, banned), and returns them.
    pub fn put_out(&mut self, account: &UserKey) -> Vec<Arc<dyn Outlet>> {
        self.open
            .values_mut()
            .filter(|link| link.account == *account)
            .map(|link| {
                link.closed_for_good = true;
                link.outlet.clone()
            })
            .collect()
    }

    /// Every open connection.
    pub fn every_outlet(&self) -> Vec<Arc<dyn Outlet>> {
        self.open.values().map(|link| link.outlet.clone()).collect()
    }

    fn leave_game(&mut self, account: &UserKey, id: ConnectionId) {
        if let Some(ids) = self.in_game.get_mut(account) {
            ids.retain(|held| *held != id);
            if ids.is_empty() {
                self.in_game.remove(account);
            }
        }
    }
}
