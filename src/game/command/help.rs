use super::{Context, command, commands_for, find};
use crate::game::outcome::{Outcome, View};
use crate::game::text;
use crate::game::world::Direction;

command! {
    /// help [command]
    ///
    /// Lists every command, or explains one: "help give".
    pub static HELP = "help" | "?" | "commands" => help;
}

fn help(context: &Context, topic: &str) -> Outcome {
    let topic = topic.trim().to_lowercase();
    if topic.is_empty() {
        let width = commands_for(context.role)
            .map(|command| command.usage().len())
            .max()
            .unwrap_or(0);
        let lines: Vec<String> = commands_for(context.role)
            .map(|command| {
                format!(
                    "  {:width$}  {}",
                    command.usage(),
                    summary(command.help().as_str())
                )
            })
            .collect();
        let names = commands_for(context.role)
            .map(|command| command.name.to_owned())
            .collect();
        return Outcome::reply(format!(
            "Commands:\n{}\nMove with the exit names: north, n, up, go gate... Type \"help <command>\" for more.",
            lines.join("\n")
        ))
        .with_view(View::Commands(names));
    }
    let word = if Direction::parse(&topic).is_some() {
        "go"
    } else {
        topic.as_str()
    };
    match find(word, context.role) {
        Some(command) => Outcome::reply(command.help()),
        None => Outcome::reply(format!(
            "There is no {} command. Type \"help\" to see every command.",
            text::quoted(&topic)
        )),
    }
}

/// The first sentence of the explanation, after the usage line. A sentence
/// ends at a full stop, or a full stop and a closing quote, before a space.
fn summary(help: &str) -> String {
    let explanation = help
        .split_once("\n\n")
        .map_or("", |(_, rest)| rest)
        .replace('\n', " ");
    let first_end = [". ", ".\" "]
        .iter()
        .filter_map(|end| explanation.find(end).map(|at| at + end.len() - 1))
        .min();
    match first_end {
        Some(end) => explanation[..end].to_owned(),
        None => explanation,
    }
}
