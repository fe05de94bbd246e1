//! The command engine: one small unit per command, each declared with
//! [`command!`] so that its doc comment *is* its `help` text.
//!
//! [`run`] reads a line a player typed, finds the command (by name, alias,
//! the `'` and `:` shortcuts, a bare direction or an exit word of the room)
//! and hands it the rest of the line. Some modules here are not commands
//! but what several commands share: [`matching`] (which thing a phrase
//! means), [`scope`] (light, and what is in reach), [`listing`], [`doors`],
//! [`containers`] and [`triggers`]. Commands only read the world and the
//! state; what they change comes back as data in the [`Outcome`].

mod ask;
mod channels;
mod chat;
mod close;
mod containers;
mod doors;
mod drop;
mod emote;
mod examine;
mod give;
mod go;
mod help;
mod home;
mod inventory;
mod light;
mod listing;
mod lock;
mod look;
mod matching;
mod open;
mod put;
mod quit;
mod read;
mod say;
mod scope;
mod shout;
mod take;
mod tell;
mod triggers;
mod unlock;
mod who;

use super::clock::Time;
use super::outcome::{CommandSummary, Outcome};
use super::state::{Character, State};
use super::text;
use super::world::{Direction, Room, World};

pub use channels::{join_channel, leave_channel};
pub use go::{arriving_phrase, leaving_phrase};
pub use inventory::carrying;
pub use look::{describe_room, room_view};
pub use scope::is_lit;

/// What a command may read.
pub struct Context<'a> {
    pub world: &'a World,
    pub state: &'a State,
    /// The character giving the command.
    pub actor: &'a Character,
    /// When it is given.
    pub now: Time,
}

impl Context<'_> {
    /// The room the actor is in.
    pub fn room(&self) -> &Room {
        self.world
            .room(self.actor.location.as_str())
            .expect("characters are only ever placed in rooms of the world")
    }
}

/// A command players can type.
pub struct Command {
    pub name: &'static str,
    pub aliases: &'static [&'static str],
    /// The doc comment the command was declared with: a usage line, a blank
    /// line, then the explanation.
    help: &'static str,
    run: fn(&Context, &str) -> Outcome,
}

impl Command {
    /// The help text, with the doc comment's leading spaces removed.
    pub fn help(&self) -> String {
        self.help
            .lines()
            .map(|line| line.strip_prefix(' ').unwrap_or(line))
            .collect::<Vec<_>>()
            .join("\n")
            .trim()
            .to_owned()
    }

    /// The first line of the help: how to use the command.
    pub fn usage(&self) -> &'static str {
        self.help
            .trim_start()
            .lines()
            .next()
            .unwrap_or(self.name)
            .trim()
    }

    fn answers_to(&self, word: &str) -> bool {
        self.name == word || self.aliases.contains(&word)
    }
}

/// Declares a command whose doc comment is its help text.
macro_rules! command {
    (
        $(#[doc = $doc:literal])*
        pub static $static_name:ident = $name:literal $(| $alias:literal)* => $run:path;
    ) => {
        $(#[doc = $doc])*
        pub static $static_name: $crate::game::command::Command = $crate::game::command::Command {
            name: $name,
            aliases: &[$($alias),*],
            help: concat!($($doc, "\n"),*),
            run: $run,
        };
    };
}
use command;

/// Every command, in the order `help` lists them.
pub static COMMANDS: &[&Command] = &[
    &look::LOOK,
    &go::GO,
    &examine::EXAMINE,
    &take::TAKE,
    &drop::DROP,
    &give::GIVE,
    &put::PUT,
    &inventory::INVENTORY,
    &open::OPEN,
    &close::CLOSE,
    &unlock::UNLOCK,
    &lock::LOCK,
    &read::READ,
    &light::LIGHT,
    &light::EXTINGUISH,
    &ask::ASK,
    &say::SAY,
    &emote::EMOTE,
    &tell::TELL,
    &shout::SHOUT,
    &chat::CHAT,
    &channels::JOIN,
    &channels::LEAVE,
    &channels::CHANNELS,
    &who::WHO,
    &home::HOME,
    &help::HELP,
    &quit::QUIT,
];

/// Every command as clients need to know it, in `help`'s order.
pub fn summaries() -> Vec<CommandSummary> {
    COMMANDS
        .iter()
        .map(|command| CommandSummary {
            name: command.name.to_owned(),
            aliases: command
                .aliases
                .iter()
                .map(|&alias| alias.to_owned())
                .collect(),
            usage: command.usage().to_owned(),
        })
        .collect()
}

/// Punctuation that stands for a command when it starts a line: 'hello
/// says hello, :waves emotes.
static SHORTCUTS: &[(char, &Command)] = &[('\'', &say::SAY), (':', &emote::EMOTE)];

/// Longest command line read, in characters; the rest is ignored.
pub const MAX_COMMAND_CHARS: usize = 1000;

/// Runs one line a player typed.
pub fn run(context: &Context, line: &str) -> Outcome {
    let line = text::clean(line, MAX_COMMAND_CHARS);
    if let Some((command, rest)) = shortcut(&line) {
        return (command.run)(context, rest);
    }
    let (word, rest) = text::first_word(&line);
    if word.is_empty() {
        return Outcome::reply("Type a command, or \"help\" to see them all.");
    }
    let word = word.to_lowercase();
    let is_exit = Direction::parse(&word).is_some() || context.room().exit(&word).is_some();
    // An exit typed alone goes through it, even one that shares a command's
    // name ("leave", "climb"): the loader warns the world's author.
    if is_exit && rest.is_empty() {
        return go::travel(context, &word);
    }
    if let Some(command) = find(&word) {
        return (command.run)(context, rest);
    }
    if is_exit {
        return go::travel(context, &word);
    }
    unknown(context, &word)
}

/// The command a line starting with a shortcut runs, and the rest of the line.
fn shortcut(line: &str) -> Option<(&'static Command, &str)> {
    let mark = line.chars().next()?;
    SHORTCUTS
        .iter()
        .find(|(shortcut, _)| *shortcut == mark)
        .map(|(_, command)| (*command, &line[mark.len_utf8()..]))
}

/// The command a word names, by name, alias or shortcut.
pub fn find(word: &str) -> Option<&'static Command> {
    COMMANDS
        .iter()
        .copied()
        .find(|command| command.answers_to(word))
        .or_else(|| {
            shortcut(word)
                .filter(|(_, rest)| rest.is_empty())
                .map(|(command, _)| command)
        })
}

/// The answer to a word that is no command, suggesting the command,
/// direction or exit of this room it is closest to, if one is close.
fn unknown(context: &Context, word: &str) -> Outcome {
    let commands = COMMANDS
        .iter()
        .flat_map(|command| std::iter::once(command.name).chain(command.aliases.iter().copied()));
    let directions = Direction::all().map(|(_, name, _)| name);
    let exits = context.room().exits.iter().map(|exit| exit.word.as_str());
    let closest = commands
        .chain(directions)
        .chain(exits)
        .filter(|name| name.len() > 1)
        .map(|name| (strsim::damerau_levenshtein(word, name), name))
        .min_by_key(|(distance, _)| *distance);
    let unknown = format!("There is no {} command.", text::quoted(word));
    match closest {
        Some((distance, name)) if distance <= 2 && distance < word.chars().count() => {
            Outcome::reply(format!(
                "{unknown} Did you mean \"{name}\"? Type \"help\" to see every command."
            ))
        }
        _ => Outcome::reply(format!("{unknown} Type \"help\" to see every command.")),
    }
}
