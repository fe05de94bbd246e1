use super::matching::carried;
use super::{Context, command};
use crate::game::outcome::Outcome;
use crate::game::text;

command! {
    /// inventory
    ///
    /// Lists what you are carrying. Short: "i" or "inv".
    pub static INVENTORY = "inventory" | "i" | "inv" => inventory;
}

fn inventory(context: &Context, _: &str) -> Outcome {
    let names: Vec<String> = context
        .state
        .items_at(&carried(context))
        .iter()
        .filter_map(|id| context.world.item(id.as_str()))
        .map(|item| format!("  {}", text::with_article(&item.name)))
        .collect();
    if names.is_empty() {
        Outcome::reply("You are carrying nothing.")
    } else {
        Outcome::reply(format!("You are carrying:\n{}", names.join("\n")))
    }
}
