//! Roles and moderation against the real server: an admin named with
//! `--admin` promotes a moderator, who kicks, mutes, bans, announces and
//! moves players over Socket.IO; what a host needs around them (a new
//! password, an unlocked account, a stuck player freed); and the audit log
//! surviving a restart.

use serde_json::{Value, json};

use crate::support::{PASSWORD, Player, TestServer, Transport};

/// A server whose host named Ada an admin.
async fn hosted() -> TestServer {
    TestServer::configured(|config| config.admins = vec!["Ada".to_owned()]).await
}

/// `name`, registered and in the game, past the message of the day.
async fn joined(server: &TestServer, name: &str) -> Player {
    past_the_motd(server.player(name).await).await
}

/// `player`, once it has read the message of the day (a system event).
async fn past_the_motd(mut player: Player) -> Player {
    assert_eq!(
        player.event("system").await["text"],
        "Welcome to the Test Keep."
    );
    player
}

/// Another connection of an account that has `token`, past the motd.
async fn tab(server: &TestServer, name: &str, token: &str) -> Player {
    past_the_motd(server.connect(name, token, Transport::WebSocket).await).await
}

/// Ada (the admin), Moe (whom Ada makes a moderator) and Bob, in the game.
async fn staffed(server: &TestServer) -> (Player, Player, Player) {
    let mut ada = joined(server, "Ada").await;
    let mut moe = joined(server, "Moe").await;
    let bob = joined(server, "Bob").await;
    assert_eq!(
        ada.command("promote Moe moderator").await,
        "Moe is now a moderator."
    );
    let told = moe.event("system").await;
    assert!(
        told["text"]
            .as_str()
            .unwrap()
            .starts_with("Ada made you a moderator."),
        "{told}"
    );
    (ada, moe, bob)
}

async fn login_status(server: &TestServer, name: &str, password: &str) -> (u16, Value) {
    let response = server
        .post(
            "/api/login",
            json!({ "username": name, "password": password }),
        )
        .await;
    let status = response.status().as_u16();
    (status, response.json().await.unwrap_or(Value::Null))
}

#[tokio::test]
async fn the_named_admin_sees_every_command_and_a_player_none_of_the_staffs() {
    let server = hosted().await;
    let (mut ada, mut moe, mut bob) = staffed(&server).await;
    let names = |welcome: &Value| -> Vec<String> {
        welcome["commands"]
            .as_array()
            .unwrap()
            .iter()
            .map(|command| command["name"].as_str().unwrap().to_owned())
            .collect()
    };
    assert!(names(&ada.welcome).contains(&"promote".to_owned()));
    assert!(!names(&bob.welcome).contains(&"kick".to_owned()));
    assert!(
        ada.command("help")
            .await
            .contains("setpassword <player> <password>")
    );
    let moderators = moe.command("help").await;
    assert!(moderators.contains("kick <player> [reason]") && !moderators.contains("promote"));
    let players = bob.command("help").await;
    assert!(!players.contains("kick") && !players.contains("audit"));
    for line in ["kick Moe", "ban Moe", "wall hello", "promote Bob admin"] {
        let answer = bob.command(line).await;
        let word = line.split(' ').next().unwrap();
        assert!(
            answer.starts_with(&format!("There is no \"{word}\" command.")),
            "{answer}"
        );
    }
    assert!(
        moe.command("promote Bob admin")
            .await
            .starts_with("There is no")
    );
}

#[tokio::test]
async fn a_kicked_player_hears_why_as_every_connection_closes() {
    let server = hosted().await;
    let (_ada, mut moe, mut bob) = staffed(&server).await;
    let token = server.login("Bob").await;
    let mut second_tab =
        past_the_motd(server.connect("Bob", &token, Transport::Polling).await).await;
    assert_eq!(
        moe.command("kick Bob shouting at everyone").await,
        "You kick Bob out of the game."
    );
    for tab in [&mut bob, &mut second_tab] {
        let notice = tab.event("system").await;
        assert_eq!(
            notice["text"],
            "Moe kicked you out of the game: shouting at everyone"
        );
        tab.closed().await;
    }
    // Out of the world at once, not link-dead for the 30 s grace.
    assert_eq!(
        moe.event("disconnect").await["text"],
        "Bob has left the world."
    );
    let back = server.connect("Bob", &token, Transport::WebSocket).await;
    assert_eq!(back.welcome["username"], "Bob", "a kick is not a ban");
}

#[tokio::test]
async fn a_muted_player_is_told_so_and_nobody_hears_them() {
    let server = hosted().await;
    let (_ada, mut moe, mut bob) = staffed(&server).await;
    assert_eq!(
        moe.command("mute Bob 10 spamming").await,
        "You mute Bob for 10 minutes."
    );
    let told = bob.event("system").await;
    assert_eq!(told["text"], "Moe muted you for 10 minutes: spamming");
    for line in [
        "say hello",
        "emote waves",
        "shout hi",
        "tell Moe hi",
        "chat ooc hi",
    ] {
        assert_eq!(
            bob.command(line).await,
            "You are muted (10 minutes more), so no one hears you.",
            "{line}"
        );
    }
    moe.assert_no_event_so_far("say").await;
    assert_eq!(moe.command("unmute Bob").await, "You unmute Bob.");
    assert_eq!(bob.command("say free").await, "You say, \"free\"");
    assert_eq!(moe.event("say").await["text"], "Bob says, \"free\"");
}

#[tokio::test]
async fn a_banned_account_is_kicked_refused_at_login_and_at_connect_until_unbanned() {
    let server = hosted().await;
    let (_ada, mut moe, mut bob) = staffed(&server).await;
    let token = server.login("Bob").await;
    assert_eq!(
        moe.command("ban Bob 60 griefing the well").await,
        "You ban Bob for 60 minutes."
    );
    let notice = bob.event("system").await;
    let text = notice["text"].as_str().unwrap();
    assert!(
        text.starts_with("You are banned from this game until ")
            && text.ends_with("(by Moe: griefing the well)."),
        "{text}"
    );
    bob.closed().await;
    let (status, body) = login_status(&server, "Bob", PASSWORD).await;
    assert_eq!(status, 403);
    let error = body["error"].as_str().unwrap();
    assert!(
        error.starts_with("this account is banned until ")
            && error.contains("by Moe: griefing the well"),
        "{error}"
    );
    let refused = Player::connect(&server.url("/"), "Bob", &token, Transport::WebSocket)
        .await
        .err()
        .expect("the socket is refused");
    assert_eq!(refused, json!({ "message": "banned" }));
    let (wrong, _) = login_status(&server, "Bob", "not the password").await;
    assert_eq!(wrong, 401, "a wrong password learns nothing of the ban");
    assert_eq!(
        moe.command("unban Bob").await,
        "You unban Bob: they may log in again."
    );
    assert_eq!(login_status(&server, "Bob", PASSWORD).await.0, 200);
    server.connect("Bob", &token, Transport::WebSocket).await;
}

#[tokio::test]
async fn wall_reaches_everyone_as_a_system_event() {
    let server = hosted().await;
    let (mut ada, mut moe, mut bob) = staffed(&server).await;
    assert_eq!(
        moe.command("wall Restarting in 5 minutes").await,
        "You announce to everyone: Restarting in 5 minutes"
    );
    for player in [&mut ada, &mut bob] {
        let event = player.event("system").await;
        assert_eq!(
            event["text"],
            "Announcement from Moe: Restarting in 5 minutes"
        );
    }
}

#[tokio::test]
async fn a_stuck_player_is_freed_by_summon_and_goto_and_home() {
    let server = hosted().await;
    let (_ada, mut moe, mut bob) = staffed(&server).await;
    assert!(bob.command("north").await.starts_with("Library"));
    assert_eq!(
        moe.command("goto Bob").await.lines().next(),
        Some("Library")
    );
    assert_eq!(bob.event("arrive").await["text"], "Moe appears.");
    assert!(moe.command("goto hall").await.starts_with("Great Hall"));
    assert_eq!(
        moe.command("summon Bob").await,
        "You summon Bob; Bob appears before you."
    );
    let summoned = bob.event("system").await;
    assert!(
        summoned["text"]
            .as_str()
            .unwrap()
            .starts_with("Moe summons you.\nGreat Hall"),
        "{summoned}"
    );
    assert_eq!(bob.command("look").await.lines().next(), Some("Great Hall"));
    bob.command("north").await;
    assert!(bob.command("home").await.contains("Great Hall"));
}

#[tokio::test]
async fn setpassword_ends_the_players_sessions_and_the_new_password_works() {
    let server = hosted().await;
    let (mut ada, _mo, mut bob) = staffed(&server).await;
    let token = server.login("Bob").await;
    assert_eq!(
        ada.command("setpassword Bob a brand new phrase").await,
        "Setting a new password for Bob..."
    );
    let done = ada.event("system").await;
    assert_eq!(
        done["text"],
        "Bob's password is changed, and every session of theirs has ended."
    );
    let notice = bob.event("system").await;
    assert_eq!(
        notice["text"],
        "An admin gave your account a new password; log in with it."
    );
    bob.closed().await;
    let refused = Player::connect(&server.url("/"), "Bob", &token, Transport::WebSocket)
        .await
        .err()
        .expect("the old session is gone");
    assert_eq!(refused, json!({ "message": "unauthorized" }));
    assert_eq!(login_status(&server, "Bob", PASSWORD).await.0, 401);
    assert_eq!(
        login_status(&server, "Bob", "a brand new phrase").await.0,
        200
    );
    ada.command("setpassword Bob short").await;
    let refused = ada.event("system").await;
    assert_eq!(
        refused["text"],
        "Bob's password was not changed: a password is 8 to 128 characters"
    );
    ada.command("setpassword Nobody123 long enough password")
        .await;
    let unknown = ada.event("system").await;
    assert_eq!(
        unknown["text"],
        "Nobody123's password was not changed: there is no such account"
    );
}

#[tokio::test]
async fn unlockaccount_lets_a_locked_out_player_in_at_once() {
    let server = hosted().await;
    let (mut ada, _mo, _bob) = staffed(&server).await;
    for _ in 0..10 {
        assert_eq!(login_status(&server, "Bob", "wrong guess!").await.0, 401);
    }
    assert_eq!(login_status(&server, "Bob", PASSWORD).await.0, 429);
    assert_eq!(
        ada.command("unlockaccount Bob").await,
        "Unlocking Bob's account..."
    );
    let done = ada.event("system").await;
    assert_eq!(
        done["text"],
        "Bob's failed logins are forgotten; they can log in again now."
    );
    assert_eq!(login_status(&server, "Bob", PASSWORD).await.0, 200);
}

#[tokio::test]
async fn the_audit_log_shows_every_action_and_survives_a_restart() {
    let mut server = hosted().await;
    {
        let (mut ada, mut moe, _bob) = staffed(&server).await;
        moe.command("mute Bob 5 rude").await;
        moe.command("wall Back soon").await;
        assert_eq!(
            ada.event("system").await["text"],
            "Announcement from Moe: Back soon"
        );
        ada.command("unlockaccount Bob").await;
        // The entry is written when the errand's report comes back.
        assert_eq!(
            ada.event("system").await["text"],
            "Bob's failed logins are forgotten; they can log in again now."
        );
        let log = moe.command("audit").await;
        let lines: Vec<&str> = log.lines().collect();
        assert_eq!(lines[0], "The last 5 of 5 staff actions:", "{log}");
        assert!(
            lines[1].ends_with("the server promote Ada (admin): named with --admin"),
            "{log}"
        );
        assert!(lines[2].ends_with("Ada promote Moe (moderator)"), "{log}");
        assert!(
            lines[3].ends_with("Moe mute Bob (for 5 minutes): rude"),
            "{log}"
        );
        assert!(lines[4].ends_with("Moe wall (Back soon)"), "{log}");
        assert!(lines[5].ends_with("Ada unlockaccount Bob"), "{log}");
    }
    server.restart().await;
    let token = server.login("Moe").await;
    let mut moe = tab(&server, "Moe", &token).await;
    let log = moe.command("audit 2").await;
    assert!(log.starts_with("The last 2 of 5 staff actions:"), "{log}");
    assert!(log.ends_with("Ada unlockaccount Bob"), "{log}");
    let bob_token = server.login("Bob").await;
    let mut bob = tab(&server, "Bob", &bob_token).await;
    assert!(
        bob.command("say hi").await.starts_with("You are muted"),
        "the mute is saved"
    );
}
