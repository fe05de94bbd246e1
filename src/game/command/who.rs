use super::{Context, command};
use crate::game::outcome::{Outcome, View};
use crate::game::text;

command! {
    /// who
    ///
    /// Lists the players in the game right now.
    pub static WHO = "who" | "online" => who;
}

fn who(context: &Context, _: &str) -> Outcome {
    let mut names: Vec<String> = context
        .state
        .online()
        .map(|character| character.name.clone())
        .collect();
    names.sort_by_key(|name| name.to_lowercase());
    let text = match names.len() {
        1 => "You are the only one playing right now.".to_owned(),
        count => format!("{count} players are online: {}.", text::list(&names, "and")),
    };
    Outcome::reply(text).with_view(View::Players(names))
}
