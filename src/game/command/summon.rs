use super::go::{arrived, left};
use super::staff::{self, Answer};
use super::{Context, command, describe_room};
use crate::game::change::Change;
use crate::game::event::{Audience, Event, EventKind};
use crate::game::outcome::Outcome;
use crate::game::role::Role;
use crate::game::text;

command! {
    /// summon <player>
    ///
    /// Brings a player who is playing now to the room you are in: the way
    /// to free someone stuck where no exit leads out ("home" frees
    /// anyone, too).
    pub static SUMMON = "summon" => summon, for Role::Moderator;
}

fn summon(context: &Context, args: &str) -> Outcome {
    staff::settle(summoning(context, args))
}

fn summoning(context: &Context, args: &str) -> Answer {
    let (name, _) = text::first_word(args);
    if name.is_empty() {
        return Err(Outcome::reply("Summon whom? Try \"summon Bob\"."));
    }
    let target = staff::playing(context, name)?;
    let actor = context.actor;
    if target.key == actor.key {
        return Err(Outcome::reply("You are already here."));
    }
    staff::may_act_on(context, target, "summon")?;
    if target.location == actor.location {
        return Err(Outcome::reply(format!("{} is here already.", target.name)));
    }
    let room = context.room();
    let view = describe_room(context.world, context.state, room, &target.key);
    let described = view.text().unwrap_or(&room.name).to_owned();
    let vanishes = format!("{} vanishes.", target.name);
    let appears = format!("{} appears, summoned by {}.", target.name, actor.name);
    let mut arrival = arrived(&room.id, target, &appears, None);
    if let Audience::Room { except, .. } = &mut arrival.audience {
        except.push(actor.key.clone());
    }
    let entry = staff::audit(context, "summon")
        .whom(&target.name)
        .details(room.id.as_str());
    Ok(Outcome::reply(format!(
        "You summon {}; {} appears before you.",
        target.name,
        text::capitalize(&target.name)
    ))
    .event(left(&target.location, target, &vanishes, None))
    .event(arrival)
    .event(Event::new(
        Audience::User(target.key.clone()),
        EventKind::System,
        format!("{} summons you.\n{described}", actor.name),
    ))
    .change(Change::CharacterMoved {
        who: target.key.clone(),
        from: target.location.clone(),
        to: room.id.clone(),
    })
    .change(Change::Audited(entry)))
}
