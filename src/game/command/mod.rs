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
//!
//! Each command is for a [`Role`] and up: most for every player, the
//! staff's ([`staff`] is what they share) for moderators or admins. To
//! anyone below a command's role it does not exist: typing it gets the
//! answer an unknown word gets, and neither `help` nor the suggestions for
//! a typo name it.

// The staff's commands refuse with an `Outcome` (`staff::Answer`), as large
// as the one they succeed with; boxing refusals would buy nothing.
#![allow(clippy::result_large_err)]

mod ask;
mod audit;
mod ban;
mod channels;
mod chat;
mod close;
mod containers;
mod doors;
mod drop;
mod emote;
mod errands;
mod examine;
mod give;
mod go;
mod goto;
mod help;
mod home;
mod inventory;
mod kick;
mod light;
mod listing;
mod lock;
mod look;
mod matching;
mod mute;
mod open;
mod promote;
mod put;
mod quit;
mod read;
mod say;
mod scope;
mod setpassword;
mod shout;
mod staff;
mod summon;
mod take;
mod tell;
mod triggers;
mod unlock;
mod unlockaccount;
mod wall;
mod who;

use super::clock::Time;
use super::outcome::{CommandSummary, Outcome};
use super::role::Role;
use super::state::{Character, State};
use super::text;
use super::world::{Direction, Room, World};

pub use channels::{join_channel, leave_channel};
pub use errands::reported;
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
    /// What the actor's account may do.
    pub role: Role,
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
    /// The least role that may use it.
    pub role: Role,
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

    /// Whether an account with `role` may use it (and so know of it).
    pub fn is_for(&self, role: Role) -> bool {
        role >= self.role
    }
}

/// Declares a command whose doc comment is its help text; `for Role::X`
/// at the end makes it a command for that role and up.
macro_rules! command {
    (
        $(#[doc = $doc:literal])*
        pub static $static_name:ident = $name:literal $(| $alias:literal)* => $run:path
        $(, for $role:expr)?;
    ) => {
        $(#[doc = $doc])*
        pub static $static_name: $crate::game::command::Command = $crate::game::command::Command {
            name: $name,
            aliases: &[$($alias),*],
            role: command!(@role $($role)?),
            help: concat!($($doc, "\n"),*),
            run: $run,
        };
    };
    (@role) => { $crate::game::role::Role::Player };
    (@role $role:expr) => { $role };
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
    &kick::KICK,
    &mute::MUTE,
    &mute::UNMUTE,
    &ban::BAN,
    &ban::UNBAN,
    &wall::WALL,
    &goto::GOTO,
    &summon::SUMMON,
    &audit::AUDIT,
    &promote::PROMOTE,
    &setpassword::SETPASSWORD,
    &unlockaccount::UNLOCKACCOUNT,
];

/// The commands an account with `role` may use, in `help`'s order.
pub fn commands_for(role: Role) -> impl Iterator<Item = &'static Command> {
    COMMANDS
        .iter()
        .copied()
        .filter(move |command| command.is_for(role))
}

/// The commands an account with `role` may use, as clients need to know
/// them, in `help`'s order.
pub fn summaries(role: Role) -> Vec<CommandSummary> {
    commands_for(role)
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
    if let Some(command) = find(&word, context.role) {
        return (command.run)(context, rest);
    }
    if is_exit {
        return go::travel(context, &word);
    }
    unknown(context, &word)
}

/// Which command a line would run, to count commands by kind: its name
/// ("go" for a bare direction), or "other" (an exit word, a typo). The
/// names are a fixed list, so they make a label of bounded size.
pub fn kind(line: &str) -> &'static str {
    let line = line.trim_start();
    if let Some((command, _)) = shortcut(line) {
        return command.name;
    }
    let word = text::first_word(line).0.to_lowercase();
    if Direction::parse(&word).is_some() {
        return go::GO.name;
    }
    find(&word, Role::Admin).map_or("other", |command| command.name)
}

/// The command a line starting with a shortcut runs, and the rest of the line.
fn shortcut(line: &str) -> Option<(&'static Command, &str)> {
    let mark = line.chars().next()?;
    SHORTCUTS
        .iter()
        .find(|(shortcut, _)| *shortcut == mark)
        .map(|(_, command)| (*command, &line[mark.len_utf8()..]))
}

/// The command a word names for an account with `role`, by name, alias or
/// shortcut.
pub fn find(word: &str, role: Role) -> Option<&'static Command> {
    commands_for(role)
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
    let commands = commands_for(context.role)
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
