use super::matching::carried;
use super::{Context, command};
use crate::game::outcome::{Outcome, View};
use crate::game::text;

command! {
    /// inventory
    ///
    /// Lists what you are carrying. Short: "i" or "inv".
    pub static INVENTORY = "inventory" | "i" | "inv" => inventory;
}

fn inventory(context: &Context, _: &str) -> Outcome {
    carrying(context)
}

/// What the actor carries, as `inventory` answers it.
pub fn carrying(context: &Context) -> Outcome {
    let names: Vec<String> = context
        .state
        .items_at(&carried(context))
        .iter()
        .filter_map(|id| context.world.item(id.as_str()))
        .map(|item| item.name.clone())
        .collect();
    let text = if names.is_empty() {
        "You are carrying nothing.".to_owned()
    } else {
        let lines: Vec<String> = names
            .iter()
            .map(|name| format!("  {}", text::with_article(name)))
            .collect();
        format!("You are carrying:\n{}", lines.join("\n"))
    };
    Outcome::reply(text).with_view(View::Inventory(names))
}
