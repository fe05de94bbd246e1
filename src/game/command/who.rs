use super::{Context, command};
use crate::game::outcome::{Outcome, View};
use crate::game::state::Character;
use crate::game::text;

command! {
    /// who
    ///
    /// Lists the players in the game right now. Those whose connection
    /// dropped a moment ago, and who may be back any second, are marked
    /// (link-dead).
    pub static WHO = "who" | "online" => who;
}

fn who(context: &Context, _: &str) -> Outcome {
    let mut characters: Vec<&Character> = context.state.online().collect();
    characters.sort_by_key(|character| &character.key);
    let listed: Vec<String> = characters
        .iter()
        .map(|character| match character.is_link_dead() {
            true => format!("{} (link-dead)", character.name),
            false => character.name.clone(),
        })
        .collect();
    let text = match listed.len() {
        1 => "You are the only one playing right now.".to_owned(),
        count => format!(
            "{count} players are online: {}.",
            text::list(&listed, "and")
        ),
    };
    let names = characters
        .iter()
        .map(|character| character.name.clone())
        .collect();
    Outcome::reply(text).with_view(View::Players(names))
}
