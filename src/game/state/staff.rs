//! The staff's side of the state: every account's standing (those not
//! plain players in good standing) and the audit log, in order.

use std::collections::HashMap;

use crate::game::audit::AuditEntry;
use crate::game::ids::UserKey;
use crate::game::role::Role;
use crate::game::standing::{Sanction, Standing};

#[derive(Debug, Default)]
pub struct Staff {
    standings: HashMap<UserKey, Standing>,
    /// Ordered by number.
    audit: Vec<AuditEntry>,
}

impl Staff {
    pub fn restore(standings: Vec<(UserKey, Standing)>, mut audit: Vec<AuditEntry>) -> Staff {
        audit.sort_by_key(|entry| entry.number);
        Staff {
            standings: standings.into_iter().collect(),
            audit,
        }
    }

    pub fn standing(&self, who: &UserKey) -> Option<&Standing> {
        self.standings.get(who)
    }

    pub fn role_of(&self, who: &UserKey) -> Role {
        self.standing(who)
            .map_or(Role::Player, |standing| standing.role)
    }

    pub fn standings(&self) -> impl Iterator<Item = (&UserKey, &Standing)> {
        self.standings.iter()
    }

    pub fn audit(&self) -> &[AuditEntry] {
        &self.audit
    }

    /// The number the next audit entry gets.
    pub fn next_audit_number(&self) -> u64 {
        self.audit.last().map_or(1, |last| last.number + 1)
    }

    pub fn audit_entry(&self, number: u64) -> Option<&AuditEntry> {
        self.audit
            .binary_search_by_key(&number, |entry| entry.number)
            .ok()
            .map(|at| &self.audit[at])
    }

    pub fn set_role(&mut self, who: &UserKey, role: Role) {
        self.update(who, |standing| standing.role = role);
    }

    pub fn set_mute(&mut self, who: &UserKey, mute: Option<Sanction>) {
        self.update(who, |standing| standing.mute = mute);
    }

    pub fn set_ban(&mut self, who: &UserKey, ban: Option<Sanction>) {
        self.update(who, |standing| standing.ban = ban);
    }

    pub fn record(&mut self, entry: AuditEntry) {
        match self.audit.last() {
            Some(last) if last.number >= entry.number => {
                let at = self
                    .audit
                    .partition_point(|kept| kept.number < entry.number);
                if self.audit.get(at).map(|kept| kept.number) != Some(entry.number) {
                    self.audit.insert(at, entry);
                }
            }
            _ => self.audit.push(entry),
        }
    }

    /// Changes one standing, forgetting it once it is back to the default.
    fn update(&mut self, who: &UserKey, change: impl FnOnce(&mut Standing)) {
        let mut standing = self.standings.remove(who).unwrap_or_default();
        change(&mut standing);
        if !standing.is_default() {
            self.standings.insert(who.clone(), standing);
        }
    }
}
