use super::staff::{self, Answer};
use super::{Context, command};
use crate::game::change::Change;
use crate::game::event::{Audience, Event, EventKind};
use crate::game::outcome::Outcome;
use crate::game::role::Role;
use crate::game::standing::Sanction;
use crate::game::text;

command! {
    /// mute <player> [minutes] [reason]
    ///
    /// Stops what a player says (say, emote, shout, tell and chat) from
    /// reaching anyone, for so many minutes ("30", or "2h", "1d") or until
    /// "unmute". They are told, and told again each time they try.
    pub static MUTE = "mute" | "silence" => mute, for Role::Moderator;
}

command! {
    /// unmute <player>
    ///
    /// Lets a muted player be heard again.
    pub static UNMUTE = "unmute" => unmute, for Role::Moderator;
}

/// The refusal a muted actor gets for trying to speak; `None` if they may.
pub fn silenced(context: &Context) -> Option<Outcome> {
    let mute = context
        .state
        .standing(&context.actor.key)?
        .mute_at(context.now)?;
    Some(Outcome::reply(format!(
        "You are muted ({}), so no one hears you.",
        mute.remaining(context.now)
    )))
}

fn mute(context: &Context, args: &str) -> Outcome {
    staff::settle(muting(context, args))
}

fn muting(context: &Context, args: &str) -> Answer {
    let (name, rest) = text::first_word(args);
    if name.is_empty() {
        return Err(Outcome::reply("Mute whom? Try \"mute Bob 30 shouting\"."));
    }
    let target = staff::character(context, name)?;
    staff::may_act_on(context, target, "mute")?;
    let (length, reason) = staff::length_and_reason(rest);
    let actor = context.actor;
    let mute = Sanction::new(context.now, length, &actor.name, reason.as_deref());
    let told = staff::with_reason(
        &format!("{} muted you {}", actor.name, mute.length()),
        reason.as_deref(),
    );
    let entry = staff::audit(context, "mute")
        .whom(&target.name)
        .details(mute.length())
        .reason(reason.as_deref());
    Ok(
        Outcome::reply(format!("You mute {} {}.", target.name, mute.length()))
            .event(Event::new(
                Audience::User(target.key.clone()),
                EventKind::System,
                told,
            ))
            .change(Change::MuteSet {
                who: target.key.clone(),
                mute: Some(mute),
            })
            .change(Change::Audited(entry)),
    )
}

fn unmute(context: &Context, args: &str) -> Outcome {
    staff::settle(unmuting(context, args))
}

fn unmuting(context: &Context, args: &str) -> Answer {
    let (name, _) = text::first_word(args);
    if name.is_empty() {
        return Err(Outcome::reply("Unmute whom? Try \"unmute Bob\"."));
    }
    let target = staff::character(context, name)?;
    let muted = context
        .state
        .standing(&target.key)
        .and_then(|standing| standing.mute_at(context.now));
    if muted.is_none() {
        return Err(Outcome::reply(format!("{} is not muted.", target.name)));
    }
    let entry = staff::audit(context, "unmute").whom(&target.name);
    Ok(Outcome::reply(format!("You unmute {}.", target.name))
        .event(Event::new(
            Audience::User(target.key.clone()),
            EventKind::System,
            format!(
                "{} unmuted you; you can be heard again.",
                context.actor.name
            ),
        ))
        .change(Change::MuteSet {
            who: target.key.clone(),
            mute: None,
        })
        .change(Change::Audited(entry)))
}
