//! What the game says when an errand a command sent out (a password set,
//! an account unlocked) reports back: the admin who asked is told, and
//! what was done joins the audit log. A new password also ends every
//! connection of its account.

use super::Context;
use crate::game::actor::Actor;
use crate::game::audit::AuditEntry;
use crate::game::change::Change;
use crate::game::clock::Time;
use crate::game::effect::{Effect, ErrandKind, NEW_PASSWORD_NOTICE, Report};
use crate::game::event::{Audience, Event, EventKind};
use crate::game::outcome::Outcome;
use crate::game::state::State;

/// The actor a command's errand reports back as.
pub fn asker(context: &Context) -> Actor {
    Actor {
        key: context.actor.key.clone(),
        name: context.actor.name.clone(),
    }
}

/// What `report`, of an errand `actor` sent, does.
pub fn reported(state: &State, actor: &Actor, report: Report, now: Time) -> Outcome {
    let Report {
        errand,
        account,
        name,
        failure,
    } = report;
    let told =
        |text: String| Event::new(Audience::User(actor.key.clone()), EventKind::System, text);
    if let Some(failure) = failure {
        let what = match errand {
            ErrandKind::SetPassword => format!("{name}'s password was not changed: {failure}"),
            ErrandKind::Unlock => format!("{name}'s account was not unlocked: {failure}"),
        };
        return Outcome::default().event(told(what));
    }
    let action = match errand {
        ErrandKind::SetPassword => "setpassword",
        ErrandKind::Unlock => "unlockaccount",
    };
    let entry = AuditEntry::new(now, &actor.name, action)
        .whom(&name)
        .numbered(state.next_audit_number());
    let outcome = Outcome::default().change(Change::Audited(entry));
    match errand {
        ErrandKind::SetPassword => outcome
            .event(told(format!(
                "{name}'s password is changed, and every session of theirs has ended."
            )))
            .effect(Effect::Disconnect {
                account,
                notice: NEW_PASSWORD_NOTICE.to_owned(),
            }),
        ErrandKind::Unlock => outcome.event(told(format!(
            "{name}'s failed logins are forgotten; they can log in again now."
        ))),
    }
}
