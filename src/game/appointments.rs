//! The host's admins (`--admin NAME`): accounts the game knows are made
//! admins at start-up, and any other named account as it first comes in
//! (usually right after registering). Either way the appointment is saved
//! and audited like a `promote`, so taking a name off the list later
//! demotes no one; `promote NAME player` does.

use super::actor::Actor;
use super::audit::{AuditEntry, THE_SERVER};
use super::change::Change;
use super::clock::Time;
use super::ids::UserKey;
use super::outcome::Outcome;
use super::role::Role;
use super::state::State;

/// Why the audit log says they were made admins.
const REASON: &str = "named with --admin";

/// Appoints every named account the game knows that is not an admin yet.
pub fn of_known(state: &State, admins: &[UserKey], now: Time) -> Outcome {
    let mut outcome = Outcome::default();
    let mut number = state.next_audit_number();
    for key in admins {
        if let Some(character) = state.character(key)
            && state.role_of(key) < Role::Admin
        {
            outcome
                .changes
                .extend(appointment(key, &character.name, number, now));
            number += 1;
        }
    }
    outcome
}

/// A connection of `actor` opening: `enter` (given the account's role as
/// it will be) decides what that does, and a named admin who is not one
/// yet is appointed with it.
pub fn entering(
    state: &State,
    admins: &[UserKey],
    actor: &Actor,
    now: Time,
    enter: impl FnOnce(Role) -> Outcome,
) -> Outcome {
    let appointed = admins.contains(&actor.key) && state.role_of(&actor.key) < Role::Admin;
    if !appointed {
        return enter(state.role_of(&actor.key));
    }
    let mut outcome = enter(Role::Admin);
    let number = state.next_audit_number();
    outcome
        .changes
        .extend(appointment(&actor.key, &actor.name, number, now));
    outcome
}

fn appointment(key: &UserKey, name: &str, number: u64, now: Time) -> [Change; 2] {
    [
        Change::RoleSet {
            who: key.clone(),
            role: Role::Admin,
        },
        Change::Audited(
            AuditEntry::new(now, THE_SERVER, "promote")
                .whom(name)
                .details(Role::Admin.as_str())
                .reason(Some(REASON))
                .numbered(number),
        ),
    ]
}
