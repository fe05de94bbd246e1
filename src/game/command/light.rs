//! Lights: lighting a lantern from a flame in reach, and putting it out.

use super::matching::find_items;
use super::open::seen;
use super::{Context, command, scope};
use crate::game::change::Change;
use crate::game::outcome::Outcome;
use crate::game::text;
use crate::game::world::Item;

command! {
    /// light <thing>
    ///
    /// Lights a lantern, a candle or a torch from a flame you carry or see
    /// here, such as a fire. A lit light lets you see in the dark.
    pub static LIGHT = "light" | "kindle" => light;
}

command! {
    /// extinguish <thing>
    ///
    /// Puts out a light you carry or see here (fires and other fixed lights
    /// stay lit). Also: "snuff", "douse".
    pub static EXTINGUISH = "extinguish" | "snuff" | "douse" => extinguish;
}

fn light(context: &Context, target: &str) -> Outcome {
    let target = target.trim();
    let item = match a_light(context, target, "Light") {
        Ok(item) => item,
        Err(answer) => return Outcome::reply(answer),
    };
    let the_item = item.name.the();
    if scope::gives_light(context.state, &item.id) {
        return Outcome::reply(format!("{} is already lit.", text::capitalize(&the_item)));
    }
    let flame = scope::within_reach(context)
        .iter()
        .flat_map(|place| context.state.items_at(place))
        .filter(|id| **id != item.id && scope::gives_light(context.state, id))
        .find_map(|id| context.world.item(id.as_str()));
    let Some(flame) = flame else {
        return Outcome::reply(format!(
            "You have nothing to light {the_item} from. A fire, or another flame, would do."
        ));
    };
    let actor = context.actor;
    let from = flame.name.the();
    Outcome::reply(format!("You light {the_item} from {from}."))
        .event(seen(
            context,
            &format!("{} lights {the_item} from {from}.", actor.name),
        ))
        .change(Change::LightLit {
            item: item.id.clone(),
            lit: true,
        })
}

fn extinguish(context: &Context, target: &str) -> Outcome {
    let item = match a_light(context, target.trim(), "Extinguish") {
        Ok(item) => item,
        Err(answer) => return Outcome::reply(answer),
    };
    let the_item = item.name.the();
    if !scope::gives_light(context.state, &item.id) {
        return Outcome::reply(format!("{} is not lit.", text::capitalize(&the_item)));
    }
    if !item.portable {
        return Outcome::reply(format!("{} will not go out.", text::capitalize(&the_item)));
    }
    Outcome::reply(format!("You put out {the_item}."))
        .event(seen(
            context,
            &format!("{} puts out {the_item}.", context.actor.name),
        ))
        .change(Change::LightLit {
            item: item.id.clone(),
            lit: false,
        })
}

/// The light in reach that `target` means, or what to answer.
fn a_light<'w>(context: &Context<'w>, target: &str, verb: &str) -> Result<&'w Item, String> {
    if target.is_empty() {
        return Err(format!("{verb} what?"));
    }
    let item = find_items(context, target, &scope::within_reach(context))
        .single()
        .map_err(|question| {
            question.unwrap_or_else(|| format!("You see no {} here.", text::quoted(target)))
        })?;
    if item.light.is_none() {
        return Err(format!(
            "{} is not something you can light.",
            text::capitalize(&item.name.the())
        ));
    }
    Ok(item)
}
