use super::staff::{self, Answer};
use super::{Context, command};
use crate::game::change::Change;
use crate::game::effect::Effect;
use crate::game::outcome::Outcome;
use crate::game::presence;
use crate::game::role::Role;
use crate::game::standing::Sanction;
use crate::game::text;

command! {
    /// ban <player> [minutes] [reason]
    ///
    /// Keeps a player out of the game: every connection of theirs closes,
    /// and they cannot log in or connect again until the ban ends (after so
    /// many minutes, "30", or "2h", "1d") or "unban" lifts it.
    pub static BAN = "ban" => ban, for Role::Moderator;
}

command! {
    /// unban <player>
    ///
    /// Lifts a ban: the player may log in again.
    pub static UNBAN = "unban" => unban, for Role::Moderator;
}

fn ban(context: &Context, args: &str) -> Outcome {
    staff::settle(banning(context, args))
}

fn banning(context: &Context, args: &str) -> Answer {
    let (name, rest) = text::first_word(args);
    if name.is_empty() {
        return Err(Outcome::reply("Ban whom? Try \"ban Bob 1d griefing\"."));
    }
    let target = staff::character(context, name)?;
    staff::may_act_on(context, target, "ban")?;
    let (length, reason) = staff::length_and_reason(rest);
    let ban = Sanction::new(context.now, length, &context.actor.name, reason.as_deref());
    let notice = format!("You are banned from this game {}.", ban.describe());
    let entry = staff::audit(context, "ban")
        .whom(&target.name)
        .details(ban.length())
        .reason(reason.as_deref());
    let mut outcome = Outcome::reply(format!("You ban {} {}.", target.name, ban.length()))
        .change(Change::BanSet {
            who: target.key.clone(),
            ban: Some(ban),
        })
        .change(Change::Audited(entry))
        .effect(Effect::Disconnect {
            account: target.key.clone(),
            notice,
        });
    presence::take_out_link_dead(target, &mut outcome);
    Ok(outcome)
}

fn unban(context: &Context, args: &str) -> Outcome {
    staff::settle(unbanning(context, args))
}

fn unbanning(context: &Context, args: &str) -> Answer {
    let (name, _) = text::first_word(args);
    if name.is_empty() {
        return Err(Outcome::reply("Unban whom? Try \"unban Bob\"."));
    }
    let target = staff::character(context, name)?;
    let banned = context
        .state
        .standing(&target.key)
        .and_then(|standing| standing.ban_at(context.now));
    if banned.is_none() {
        return Err(Outcome::reply(format!("{} is not banned.", target.name)));
    }
    let entry = staff::audit(context, "unban").whom(&target.name);
    Ok(
        Outcome::reply(format!("You unban {}: they may log in again.", target.name))
            .change(Change::BanSet {
                who: target.key.clone(),
                ban: None,
            })
            .change(Change::Audited(entry)),
    )
}
