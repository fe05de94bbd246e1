use super::staff::{self, Answer};
use super::{Context, command};
use crate::game::change::Change;
use crate::game::effect::Effect;
use crate::game::outcome::Outcome;
use crate::game::presence;
use crate::game::role::Role;
use crate::game::text;

command! {
    /// kick <player> [reason]
    ///
    /// Closes every connection of a player who is playing now, telling
    /// them why, and takes their character out of the world (one waiting
    /// link-dead too). They may come back at once; "ban" keeps them out.
    pub static KICK = "kick" | "boot" => kick, for Role::Moderator;
}

fn kick(context: &Context, args: &str) -> Outcome {
    staff::settle(kicking(context, args))
}

fn kicking(context: &Context, args: &str) -> Answer {
    let (name, reason) = text::first_word(args);
    if name.is_empty() {
        return Err(Outcome::reply("Kick whom? Try \"kick Bob shouting\"."));
    }
    let target = staff::playing(context, name)?;
    staff::may_act_on(context, target, "kick")?;
    let reason = staff::reason(reason);
    let notice = staff::with_reason(
        &format!("{} kicked you out of the game", context.actor.name),
        reason.as_deref(),
    );
    let entry = staff::audit(context, "kick")
        .whom(&target.name)
        .reason(reason.as_deref());
    let mut outcome = Outcome::reply(format!("You kick {} out of the game.", target.name))
        .change(Change::Audited(entry))
        .effect(Effect::Disconnect {
            account: target.key.clone(),
            notice,
        });
    presence::take_out_link_dead(target, &mut outcome);
    Ok(outcome)
}
