use super::staff::{self, Answer};
use super::{Context, command};
use crate::game::change::Change;
use crate::game::event::{Audience, Event, EventKind};
use crate::game::outcome::Outcome;
use crate::game::role::Role;
use crate::game::text;

command! {
    /// promote <player> <role>
    ///
    /// Makes someone a player, a moderator or an admin. Moderators keep
    /// order (kick, mute, ban, wall, goto, summon, audit); admins may also
    /// promote, set passwords and unlock accounts.
    pub static PROMOTE = "promote" | "demote" => promote, for Role::Admin;
}

fn promote(context: &Context, args: &str) -> Outcome {
    staff::settle(promoting(context, args))
}

fn promoting(context: &Context, args: &str) -> Answer {
    let (name, rest) = text::first_word(args);
    let (role_word, _) = text::first_word(rest);
    if name.is_empty() || role_word.is_empty() {
        return Err(Outcome::reply(
            "Promote whom to what? Try \"promote Bob moderator\" (or player, or admin).",
        ));
    }
    let Some(role) = Role::parse(role_word) else {
        return Err(Outcome::reply(format!(
            "{} is not a role; the roles are player, moderator and admin.",
            text::capitalize(&text::quoted(role_word))
        )));
    };
    let target = staff::character(context, name)?;
    if target.key == context.actor.key {
        return Err(Outcome::reply(
            "You cannot change your own role; another admin can.",
        ));
    }
    if context.state.role_of(&target.key) == role {
        return Err(Outcome::reply(format!(
            "{} is already {}.",
            target.name,
            a_role(role)
        )));
    }
    let entry = staff::audit(context, "promote")
        .whom(&target.name)
        .details(role.as_str());
    Ok(
        Outcome::reply(format!("{} is now {}.", target.name, a_role(role)))
            .event(Event::new(
                Audience::User(target.key.clone()),
                EventKind::System,
                format!(
                    "{} made you {}. Type \"help\" to see the commands you may use.",
                    context.actor.name,
                    a_role(role)
                ),
            ))
            .change(Change::RoleSet {
                who: target.key.clone(),
                role,
            })
            .change(Change::Audited(entry)),
    )
}

/// "a player", "a moderator", "an admin".
fn a_role(role: Role) -> String {
    match role {
        Role::Admin => "an admin".to_owned(),
        other => format!("a {other}"),
    }
}
