//! `help`, and the answers to lines that are not commands at all.

use super::*;
use crate::game::Role;
use crate::game::command::{COMMANDS, commands_for};

#[test]
fn help_lists_every_command_with_its_usage() {
    let mut play = Play::with(&["Alice"]);
    let help = play.reply("Alice", "help");
    for command in commands_for(Role::Player) {
        assert!(
            help.contains(command.usage()),
            "help lists {:?}",
            command.name
        );
    }
}

#[test]
fn help_lists_only_what_the_players_role_may_use() {
    let mut play = Play::with(&["Alice", "Mo", "Ada"]);
    play.change(Change::RoleSet {
        who: key("Mo"),
        role: Role::Moderator,
    });
    play.change(Change::RoleSet {
        who: key("Ada"),
        role: Role::Admin,
    });
    let (player, moderator, admin) = (
        play.reply("Alice", "help"),
        play.reply("Mo", "help"),
        play.reply("Ada", "help"),
    );
    for command in COMMANDS {
        let listed = |help: &str| help.contains(&format!("  {}", command.usage()));
        assert_eq!(
            listed(&player),
            command.role == Role::Player,
            "{}",
            command.name
        );
        assert_eq!(
            listed(&moderator),
            command.role <= Role::Moderator,
            "{}",
            command.name
        );
        assert!(listed(&admin), "{}", command.name);
    }
    assert!(!player.contains("kick") && moderator.contains("kick <player>"));
    assert!(!moderator.contains("promote") && admin.contains("promote <player> <role>"));
}

/// The summary `help` gives beside `usage`, with the padding between them.
fn summary_of(help: &str, usage: &str) -> (String, usize) {
    let line = help
        .lines()
        .find(|line| line.trim_start().starts_with(usage))
        .unwrap_or_else(|| panic!("help lists {usage:?}:\n{help}"));
    let after = line.trim_start()[usage.len()..].to_owned();
    let padding = after.len() - after.trim_start().len();
    (after.trim_start().to_owned(), padding)
}

#[test]
fn help_gives_each_command_a_one_sentence_summary() {
    let mut play = Play::with(&["Alice"]);
    let help = play.reply("Alice", "help");
    let (summary, _) = summary_of(&help, "give <item> to <someone>");
    assert_eq!(
        summary,
        "Hands an item you carry to a player in the same room, or to someone who lives here if they want it."
    );
}

#[test]
fn summaries_line_up() {
    let mut play = Play::with(&["Alice"]);
    let help = play.reply("Alice", "help");
    let (_, after_give) = summary_of(&help, "give <item> to <someone>");
    let (_, after_who) = summary_of(&help, "who");
    assert_eq!(
        after_who - after_give,
        "give <item> to <someone>".len() - "who".len()
    );
}

#[test]
fn a_summary_ends_at_a_sentence_that_closes_a_quotation() {
    let mut play = Play::with(&["Alice"]);
    let help = play.reply("Alice", "help");
    let (summary, _) = summary_of(&help, "emote <action>");
    assert_eq!(
        summary,
        "Shows everyone in the room what you do: \"emote waves\" shows \"Alice waves.\""
    );
}

#[test]
fn help_with_a_command_shows_that_commands_help_text() {
    let mut play = Play::with(&["Alice"]);
    for command in commands_for(Role::Player) {
        let reply = play.reply("Alice", &format!("help {}", command.name));
        assert_eq!(reply, command.help());
    }
}

#[test]
fn help_with_an_alias_explains_the_command_it_stands_for() {
    let mut play = Play::with(&["Alice"]);
    assert_eq!(
        play.reply("Alice", "help x"),
        play.reply("Alice", "help examine")
    );
    assert_eq!(
        play.reply("Alice", "HELP GET"),
        play.reply("Alice", "help take")
    );
}

#[test]
fn help_with_a_direction_explains_moving() {
    let mut play = Play::with(&["Alice"]);
    assert_eq!(
        play.reply("Alice", "help n"),
        play.reply("Alice", "help go")
    );
}

#[test]
fn help_with_a_shortcut_explains_the_command_it_stands_for() {
    let mut play = Play::with(&["Alice"]);
    assert_eq!(
        play.reply("Alice", "help '"),
        play.reply("Alice", "help say")
    );
    assert_eq!(
        play.reply("Alice", "help :"),
        play.reply("Alice", "help emote")
    );
}

#[test]
fn help_with_an_unknown_word_says_so() {
    let mut play = Play::with(&["Alice"]);
    assert_eq!(
        play.reply("Alice", "help xyzzy"),
        "There is no \"xyzzy\" command. Type \"help\" to see every command."
    );
}

#[test]
fn every_help_text_starts_with_a_usage_line_naming_the_command() {
    for command in COMMANDS {
        let help = command.help();
        let (usage, explanation) = help
            .split_once("\n\n")
            .expect("a blank line after the usage");
        assert!(usage.starts_with(command.name), "{usage:?}");
        assert!(explanation.ends_with(['.', '"']), "{explanation:?}");
    }
}

#[test]
fn an_unknown_command_suggests_the_closest_one() {
    let mut play = Play::with(&["Alice"]);
    let outcome = play.run("Alice", "lok");
    assert_eq!(
        reply_text(&outcome),
        "There is no \"lok\" command. Did you mean \"look\"? Type \"help\" to see every command."
    );
    assert_nothing_happens(&outcome);
}

#[test]
fn a_misspelt_direction_suggests_the_direction() {
    let mut play = Play::with(&["Alice"]);
    assert_eq!(
        play.reply("Alice", "nrth"),
        "There is no \"nrth\" command. Did you mean \"north\"? Type \"help\" to see every command."
    );
}

#[test]
fn a_misspelt_exit_word_suggests_the_exit() {
    let mut play = Play::with(&["Alice"]);
    assert_eq!(
        play.reply("Alice", "gtae"),
        "There is no \"gtae\" command. Did you mean \"gate\"? Type \"help\" to see every command."
    );
}

#[test]
fn an_unknown_command_far_from_any_other_gets_no_suggestion() {
    let mut play = Play::with(&["Alice"]);
    assert_eq!(
        play.reply("Alice", "xyzzy"),
        "There is no \"xyzzy\" command. Type \"help\" to see every command."
    );
}

#[test]
fn commands_are_read_in_any_case() {
    let mut play = Play::with(&["Alice"]);
    assert_eq!(play.reply("Alice", "LOOK"), play.reply("Alice", "look"));
}

#[test]
fn an_empty_line_says_how_to_start() {
    let mut play = Play::with(&["Alice"]);
    let outcome = play.run("Alice", "   \t ");
    assert_eq!(
        reply_text(&outcome),
        "Type a command, or \"help\" to see them all."
    );
    assert_nothing_happens(&outcome);
}

#[test]
fn a_very_long_unknown_word_is_not_echoed_in_full() {
    let mut play = Play::with(&["Alice"]);
    let reply = play.reply("Alice", &"z".repeat(5000));
    assert!(reply.len() < 200, "{reply:?}");
}
