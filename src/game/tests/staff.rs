//! Roles and the staff's commands: what each role may do, and what kick,
//! mute, ban, wall, goto, summon, promote, audit, setpassword and
//! unlockaccount do to the game.

use std::time::Duration;

use super::*;
use crate::game::{AuditEntry, Effect, Errand, ErrandKind, Report, Role};

const MINUTE: Duration = Duration::from_secs(60);

/// A game with Alice and Bob (players), Mo (a moderator) and Ada (an admin)
/// in the hall.
fn staffed() -> Play {
    let mut play = Play::with(&["Alice", "Bob", "Mo", "Ada"]);
    make(&mut play, "Mo", Role::Moderator);
    make(&mut play, "Ada", Role::Admin);
    play
}

fn make(play: &mut Play, name: &str, role: Role) {
    play.change(Change::RoleSet {
        who: key(name),
        role,
    });
}

fn audited(outcome: &Outcome) -> Vec<&AuditEntry> {
    outcome
        .changes
        .iter()
        .filter_map(|change| match change {
            Change::Audited(entry) => Some(entry),
            _ => None,
        })
        .collect()
}

fn disconnects(outcome: &Outcome) -> Vec<(&str, &str)> {
    outcome
        .effects
        .iter()
        .filter_map(|effect| match effect {
            Effect::Disconnect { account, notice } => Some((account.as_str(), notice.as_str())),
            Effect::Errand(_) => None,
        })
        .collect()
}

#[test]
fn a_player_typing_a_staff_command_gets_the_unknown_command_answer() {
    let mut play = staffed();
    for line in [
        "kick Bob",
        "ban Bob",
        "wall hi",
        "audit",
        "promote Bob admin",
    ] {
        let word = line.split(' ').next().unwrap();
        let outcome = play.run("Alice", line);
        let answer = reply_text(&outcome);
        assert!(
            answer.starts_with(&format!("There is no \"{word}\" command.")),
            "{answer}"
        );
        assert_nothing_happens(&outcome);
        assert!(outcome.effects.is_empty());
    }
    assert_eq!(
        play.reply("Alice", "help kick"),
        "There is no \"kick\" command. Type \"help\" to see every command."
    );
    assert!(
        !play.reply("Alice", "kik").contains("kick"),
        "no staff suggestion"
    );
    assert_eq!(
        reply_text(&play.run("Mo", "promote Bob admin")),
        "There is no \"promote\" command. Type \"help\" to see every command."
    );
}

#[test]
fn the_welcome_lists_the_commands_the_role_allows() {
    let mut play = staffed();
    let commands = |outcome: &Outcome| match &outcome.reply {
        Reply::Welcome(welcome) => welcome
            .commands
            .iter()
            .map(|c| c.name.clone())
            .collect::<Vec<_>>(),
        other => panic!("a welcome, not {other:?}"),
    };
    let player = commands(&play.enter("Alice"));
    let admin = commands(&play.enter("Ada"));
    assert!(!player.contains(&"kick".to_owned()));
    assert!(admin.contains(&"kick".to_owned()) && admin.contains(&"setpassword".to_owned()));
}

#[test]
fn kick_closes_the_players_connections_with_the_reason_and_is_audited() {
    let mut play = staffed();
    let outcome = play.run("Mo", "kick Bob shouting at everyone");
    assert_eq!(reply_text(&outcome), "You kick Bob out of the game.");
    assert_eq!(
        disconnects(&outcome),
        [("bob", "Mo kicked you out of the game: shouting at everyone")]
    );
    let entry = audited(&outcome)[0];
    assert_eq!(
        (
            entry.by.as_str(),
            entry.action.as_str(),
            entry.whom.as_deref()
        ),
        ("Mo", "kick", Some("Bob"))
    );
    assert_eq!(entry.reason.as_deref(), Some("shouting at everyone"));
    assert_eq!(entry.number, 1);
}

#[test]
fn staff_cannot_act_on_themselves_or_their_equals_or_betters() {
    let mut play = staffed();
    make(&mut play, "Alice", Role::Moderator);
    assert_eq!(play.reply("Mo", "kick Mo"), "You cannot kick yourself.");
    assert_eq!(
        play.reply("Mo", "ban Alice"),
        "Alice is a moderator, so you cannot ban them; ask an admin."
    );
    assert_eq!(
        play.reply("Mo", "mute Ada"),
        "Ada is an admin, so you cannot mute them; ask an admin."
    );
    assert_eq!(
        play.reply("Mo", "kick Nobody"),
        "There is no player called \"Nobody\"."
    );
    play.leave("Bob");
    assert_eq!(play.reply("Mo", "kick Bob"), "Bob is not playing now.");
    assert_eq!(
        play.reply("Ada", "kick Alice"),
        "You kick Alice out of the game."
    );
}

#[test]
fn kicking_a_link_dead_player_takes_them_out_of_the_world_at_once() {
    let mut play = staffed();
    play.exit("Bob");
    let kicked = play.run("Mo", "kick Bob");
    assert_eq!(kicked.text(), Some("You kick Bob out of the game."));
    assert!(
        kicked
            .events
            .iter()
            .any(|event| event.kind == EventKind::Disconnect
                && event.text == "Bob has left the world."),
        "{:?}",
        kicked.events
    );
    assert_eq!(kicked.presence.offline, ["Bob"]);
    assert!(!play.state().character(&key("Bob")).unwrap().is_online());
}

#[test]
fn a_muted_player_cannot_speak_until_the_mute_ends() {
    let mut play = staffed();
    let outcome = play.run("Mo", "mute Bob 10 spamming");
    assert_eq!(reply_text(&outcome), "You mute Bob for 10 minutes.");
    assert_eq!(
        outcome.events,
        [Event::new(
            to_user("Bob"),
            EventKind::System,
            "Mo muted you for 10 minutes: spamming"
        )]
    );
    for line in [
        "say hello",
        "'hello",
        "emote waves",
        ":waves",
        "shout hi",
        "tell Alice hi",
    ] {
        let refused = play.run("Bob", line);
        assert_eq!(
            reply_text(&refused),
            "You are muted (10 minutes more), so no one hears you.",
            "{line}"
        );
        assert_nothing_happens(&refused);
    }
    play.run("Bob", "join ooc");
    assert!(
        play.reply("Bob", "chat ooc hi")
            .starts_with("You are muted")
    );
    assert_eq!(play.reply("Bob", "look").lines().next(), Some("Great Hall"));
    play.wait(10 * MINUTE);
    assert_eq!(play.reply("Bob", "say free"), "You say, \"free\"");
}

#[test]
fn a_mute_without_a_length_lasts_until_unmute() {
    let mut play = staffed();
    assert_eq!(play.reply("Mo", "mute Bob"), "You mute Bob until lifted.");
    play.wait(1000 * MINUTE);
    assert!(play.reply("Bob", "say hi").contains("until lifted"));
    let unmuted = play.run("Mo", "unmute Bob");
    assert_eq!(reply_text(&unmuted), "You unmute Bob.");
    assert_eq!(audited(&unmuted)[0].action, "unmute");
    assert_eq!(play.reply("Bob", "say hi"), "You say, \"hi\"");
    assert_eq!(play.reply("Mo", "unmute Bob"), "Bob is not muted.");
}

#[test]
fn ban_keeps_the_ban_in_the_state_and_closes_the_connections() {
    let mut play = staffed();
    let outcome = play.run("Mo", "ban Bob 2h griefing");
    assert_eq!(reply_text(&outcome), "You ban Bob for 120 minutes.");
    let ban = play
        .state()
        .standing(&key("Bob"))
        .and_then(|standing| standing.ban_at(play.now))
        .expect("banned")
        .clone();
    assert_eq!(ban.by, "Mo");
    assert_eq!(ban.reason.as_deref(), Some("griefing"));
    assert_eq!(ban.until, Some(play.now + 120 * MINUTE));
    let (account, notice) = disconnects(&outcome)[0];
    assert_eq!(account, "bob");
    assert_eq!(
        notice,
        format!("You are banned from this game {}.", ban.describe())
    );
    assert_eq!(
        audited(&outcome)[0].details.as_deref(),
        Some("for 120 minutes")
    );
    assert_eq!(
        play.reply("Mo", "unban Bob"),
        "You unban Bob: they may log in again."
    );
    assert!(
        play.state().standing(&key("Bob")).is_none(),
        "a plain player again"
    );
}

#[test]
fn wall_tells_everyone_as_the_server() {
    let mut play = staffed();
    let outcome = play.run("Mo", "wall Restarting in 5 minutes");
    assert_eq!(
        reply_text(&outcome),
        "You announce to everyone: Restarting in 5 minutes"
    );
    assert_eq!(
        outcome.events,
        [event_from(
            everyone_but("Mo"),
            EventKind::System,
            "Mo",
            "Announcement from Mo: Restarting in 5 minutes"
        )]
    );
    assert_eq!(
        audited(&outcome)[0].details.as_deref(),
        Some("Restarting in 5 minutes")
    );
}

#[test]
fn goto_moves_the_staff_member_to_a_player_or_a_room() {
    let mut play = staffed();
    play.run("Bob", "north");
    let outcome = play.run("Mo", "goto Bob");
    assert!(
        reply_text(&outcome).starts_with("Library"),
        "{}",
        reply_text(&outcome)
    );
    assert_eq!(play.location("Mo"), "library");
    assert_eq!(
        outcome.events[..2],
        [
            event_from(
                in_room("hall", &["Mo"]),
                EventKind::Leave,
                "Mo",
                "Mo vanishes."
            ),
            event_from(
                in_room("library", &["Mo"]),
                EventKind::Arrive,
                "Mo",
                "Mo appears."
            ),
        ]
    );
    play.run("Mo", "goto cellar");
    assert_eq!(play.location("Mo"), "cellar");
    assert_eq!(
        play.reply("Mo", "goto cellar"),
        "You are already in Cellar."
    );
    assert_eq!(
        play.reply("Mo", "goto nowhere"),
        "No one called nowhere is playing, and no room has the id \"nowhere\"."
    );
}

#[test]
fn summon_frees_a_player_stuck_where_no_exit_leads_out() {
    let mut play = staffed();
    play.change(Change::CharacterMoved {
        who: key("Bob"),
        from: RoomId::new("hall"),
        to: RoomId::new("cellar"),
    });
    assert!(play.reply("Bob", "north").contains("no way out"));
    let outcome = play.run("Mo", "summon Bob");
    assert_eq!(
        reply_text(&outcome),
        "You summon Bob; Bob appears before you."
    );
    assert_eq!(play.location("Bob"), "hall");
    let told = outcome
        .events
        .iter()
        .find(|event| event.audience == to_user("Bob"))
        .expect("Bob is told");
    assert!(
        told.text.starts_with("Mo summons you.\nGreat Hall"),
        "{}",
        told.text
    );
    assert!(outcome.events.contains(&event_from(
        in_room("cellar", &["Bob"]),
        EventKind::Leave,
        "Bob",
        "Bob vanishes."
    )));
    assert_eq!(audited(&outcome)[0].action, "summon");
}

#[test]
fn home_frees_a_stuck_player_by_themselves() {
    let mut play = staffed();
    play.change(Change::CharacterMoved {
        who: key("Bob"),
        from: RoomId::new("hall"),
        to: RoomId::new("cellar"),
    });
    play.run("Bob", "home");
    assert_eq!(play.location("Bob"), "hall");
}

#[test]
fn promote_changes_a_role_at_once_and_tells_them() {
    let mut play = staffed();
    let outcome = play.run("Ada", "promote Bob moderator");
    assert_eq!(reply_text(&outcome), "Bob is now a moderator.");
    assert_eq!(play.state().role_of(&key("Bob")), Role::Moderator);
    assert!(
        outcome.events[0]
            .text
            .starts_with("Ada made you a moderator.")
    );
    assert_eq!(
        play.reply("Bob", "kick Alice"),
        "You kick Alice out of the game."
    );
    assert_eq!(
        play.reply("Ada", "promote Bob moderator"),
        "Bob is already a moderator."
    );
    assert_eq!(
        play.reply("Ada", "promote Ada player"),
        "You cannot change your own role; another admin can."
    );
    assert_eq!(
        play.reply("Ada", "promote Bob king"),
        "\"king\" is not a role; the roles are player, moderator and admin."
    );
    play.run("Ada", "demote Bob player");
    assert!(play.state().standing(&key("Bob")).is_none());
}

#[test]
fn audit_shows_the_latest_actions_in_order() {
    let mut play = staffed();
    assert_eq!(
        play.reply("Mo", "audit"),
        "No staff action has been taken yet."
    );
    play.run("Mo", "mute Bob 5");
    play.wait(MINUTE);
    play.run("Mo", "wall Hello all");
    let log = play.reply("Mo", "audit");
    let lines: Vec<&str> = log.lines().collect();
    assert_eq!(lines[0], "The last 2 of 2 staff actions:");
    assert!(lines[1].ends_with("Mo mute Bob (for 5 minutes)"), "{log}");
    assert!(lines[2].ends_with("Mo wall (Hello all)"), "{log}");
    assert_eq!(play.reply("Mo", "audit 1").lines().count(), 2);
    assert_eq!(
        play.state()
            .audit()
            .iter()
            .map(|e| e.number)
            .collect::<Vec<_>>(),
        [1, 2]
    );
}

#[test]
fn setpassword_sends_an_errand_and_its_report_ends_the_sessions() {
    let mut play = staffed();
    let outcome = play.run("Ada", "setpassword Bob a new secret phrase");
    assert_eq!(reply_text(&outcome), "Setting a new password for Bob...");
    assert_nothing_happens(&outcome);
    match &outcome.effects[..] {
        [
            Effect::Errand(Errand::SetPassword {
                account,
                name,
                password,
                by,
            }),
        ] => {
            assert_eq!(account.as_str(), "bob");
            assert_eq!(name, "Bob");
            assert_eq!(password, "a new secret phrase");
            assert_eq!(by.name, "Ada");
        }
        other => panic!("one errand, not {other:?}"),
    }
    let report = Report {
        errand: ErrandKind::SetPassword,
        account: key("Bob"),
        name: "Bob".to_owned(),
        failure: None,
    };
    let done = play.input("Ada", Input::Reported(report));
    assert_eq!(done.reply, Reply::Nothing);
    assert_eq!(done.events[0].audience, to_user("Ada"));
    assert_eq!(disconnects(&done)[0].0, "bob");
    assert_eq!(audited(&done)[0].action, "setpassword");
    let failed = play.input(
        "Ada",
        Input::Reported(Report {
            errand: ErrandKind::SetPassword,
            account: key("Zed"),
            name: "Zed".to_owned(),
            failure: Some("there is no account called Zed".to_owned()),
        }),
    );
    assert_eq!(
        failed.events[0].text,
        "Zed's password was not changed: there is no account called Zed"
    );
    assert!(failed.changes.is_empty() && failed.effects.is_empty());
}

#[test]
fn unlockaccount_is_for_admins_and_audited_once_done() {
    let mut play = staffed();
    let outcome = play.run("Ada", "unlockaccount Bob");
    assert!(matches!(
        &outcome.effects[..],
        [Effect::Errand(Errand::Unlock { account, .. })] if account.as_str() == "bob"
    ));
    let done = play.input(
        "Ada",
        Input::Reported(Report {
            errand: ErrandKind::Unlock,
            account: key("Bob"),
            name: "Bob".to_owned(),
            failure: None,
        }),
    );
    assert_eq!(audited(&done)[0].action, "unlockaccount");
    assert!(
        play.reply("Mo", "unlockaccount Bob")
            .starts_with("There is no")
    );
}

#[test]
fn named_admins_are_appointed_at_start_and_when_they_first_come_in() {
    let mut play = Play::with(&["Alice"]);
    let names = ["Alice".to_owned(), "Newcomer".to_owned()];
    let start = play.game.appoint_admins(&names, play.now);
    assert_eq!(play.state().role_of(&key("Alice")), Role::Admin);
    let entry = audited(&start)[0];
    assert_eq!(
        (
            entry.by.as_str(),
            entry.whom.as_deref(),
            entry.reason.as_deref()
        ),
        ("the server", Some("Alice"), Some("named with --admin"))
    );
    assert!(
        play.game
            .appoint_admins(&names, play.now)
            .changes
            .is_empty()
    );
    let entering = play.enter("Newcomer");
    assert_eq!(play.state().role_of(&key("Newcomer")), Role::Admin);
    assert_eq!(audited(&entering).len(), 1);
    assert!(
        play.reply("Newcomer", "help")
            .contains("promote <player> <role>")
    );
}
