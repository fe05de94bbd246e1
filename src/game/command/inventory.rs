use super::matching::carried;
use super::{Context, command, examine, listing};
use crate::game::outcome::{Outcome, View};
use crate::game::world::Item;

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
    let items: Vec<&Item> = context
        .state
        .items_at(&carried(context))
        .iter()
        .filter_map(|id| context.world.item(id.as_str()))
        .collect();
    let names = items.iter().map(|item| item.name.to_string()).collect();
    let text = if items.is_empty() {
        "You are carrying nothing.".to_owned()
    } else {
        let mut lines = vec!["You are carrying:".to_owned()];
        lines.extend(
            listing::grouped(&items)
                .iter()
                .map(|line| format!("  {line}")),
        );
        let containers = items.iter().filter(|item| item.is_container());
        lines.extend(containers.filter_map(|item| examine::contents(context, item)));
        lines.join("\n")
    };
    Outcome::reply(text).with_view(View::Inventory(names))
}
