//! `hearth admin ...`: the staff's jobs from the shell, while the server is
//! stopped, for a host who has locked themselves out (or has no admin yet).
//!
//! Each subcommand opens the database in `--data-dir` directly. The store
//! refuses a database another process holds, so with the server running
//! they fail with "stop it first" and change nothing; the running server
//! has `promote`, `unban` and `setpassword` for the same jobs. What they
//! change is saved exactly as the game saves it (the same records, see
//! [`crate::store::records`]), and audited like the in-game commands, by
//! [`THE_SERVER`], so `audit` shows it and the server's log says it.

use std::io::{BufRead, IsTerminal};
use std::path::Path;
use std::sync::Arc;

use anyhow::{Context as _, anyhow, bail};
use clap::Subcommand;

use crate::accounts::{Accounts, PasswordHasher};
use crate::game::audit::THE_SERVER;
use crate::game::{AuditEntry, Role, SavedState, Standing, Time, UserKey};
use crate::store::records::{self, RecordWrite};
use crate::store::{RedbStore, Store};

/// Why the audit log says the host did it.
const REASON: &str = "hearth admin, with the server stopped";

#[derive(Debug, Subcommand)]
pub enum AdminCommand {
    /// List every player the game knows: their role, and any ban or mute
    /// in force.
    Players,
    /// Give a player a role: player, moderator or admin.
    Grant {
        /// The player's name (any case).
        name: String,
        /// player, moderator or admin.
        #[arg(value_parser = parse_role)]
        role: Role,
    },
    /// Make a moderator or admin a plain player again.
    Revoke {
        /// The player's name (any case).
        name: String,
    },
    /// List the bans in force: whom, until when, by whom and why.
    Bans,
    /// Lift a player's ban.
    Unban {
        /// The player's name (any case).
        name: String,
    },
    /// Give an account a new password and end its sessions. The password is
    /// asked for on the terminal, or read as one line from standard input.
    Password {
        /// The account's name (any case).
        name: String,
    },
    /// Show the latest entries of the audit log.
    Audit {
        /// How many entries to show.
        #[arg(long, value_name = "N", default_value_t = 20)]
        last: usize,
    },
}

fn parse_role(word: &str) -> Result<Role, String> {
    Role::parse(word).ok_or_else(|| "a role is player, moderator or admin".to_owned())
}

/// Runs `command` on the game in `data_dir`.
pub fn run(command: &AdminCommand, data_dir: &Path) -> anyhow::Result<()> {
    if !data_dir.join(crate::store::redb::DATABASE_FILE).exists() {
        bail!(
            "there is no game in {} (no {}); point --data-dir at the server's data directory",
            data_dir.display(),
            crate::store::redb::DATABASE_FILE
        );
    }
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()?;
    runtime.block_on(async {
        let game = Game::open(data_dir).await?;
        let result = game.run(command).await;
        game.store.close().await?;
        result
    })
}

/// The stored game, as far as `hearth admin` needs it.
struct Game {
    store: Arc<RedbStore>,
    saved: SavedState,
    now: Time,
}

/// A player by name: their key and their name as they spell it.
struct Named {
    key: UserKey,
    name: String,
}

impl Game {
    async fn open(data_dir: &Path) -> anyhow::Result<Game> {
        let store = Arc::new(RedbStore::open(data_dir)?);
        let saved = records::saved_state(store.load_records().await?)?;
        Ok(Game {
            store,
            saved,
            now: Time::now(),
        })
    }

    async fn run(&self, command: &AdminCommand) -> anyhow::Result<()> {
        match command {
            AdminCommand::Players => self.list_players(),
            AdminCommand::Grant { name, role } => return self.grant(name, *role).await,
            AdminCommand::Revoke { name } => return self.grant(name, Role::Player).await,
            AdminCommand::Bans => self.list_bans(),
            AdminCommand::Unban { name } => return self.unban(name).await,
            AdminCommand::Password { name } => return self.set_password(name).await,
            AdminCommand::Audit { last } => self.show_audit(*last),
        }
        Ok(())
    }

    fn list_players(&self) {
        if self.saved.characters.is_empty() {
            println!("No one has played yet.");
        }
        for character in &self.saved.characters {
            let standing = self.standing(&character.key);
            let mut line = format!("{}  {}", character.name, standing.role);
            if let Some(ban) = standing.ban_at(self.now) {
                line.push_str(&format!(", banned {}", ban.describe()));
            }
            if let Some(mute) = standing.mute_at(self.now) {
                line.push_str(&format!(", muted {}", mute.describe()));
            }
            println!("{line}");
        }
    }

    async fn grant(&self, name: &str, role: Role) -> anyhow::Result<()> {
        let player = self.named(name).await?;
        let mut standing = self.standing(&player.key);
        if standing.role == role {
            println!("{} is already {}; nothing changed.", player.name, a(role));
            return Ok(());
        }
        standing.role = role;
        let entry = self.audit("promote", &player).details(role.as_str());
        self.save(&player, &standing, entry).await?;
        println!("{} is now {}.", player.name, a(role));
        Ok(())
    }

    fn list_bans(&self) {
        let mut any = false;
        for character in &self.saved.characters {
            if let Some(ban) = self.standing(&character.key).ban_at(self.now) {
                println!("{}  banned {}", character.name, ban.describe());
                any = true;
            }
        }
        if !any {
            println!("No one is banned.");
        }
    }

    async fn unban(&self, name: &str) -> anyhow::Result<()> {
        let player = self.named(name).await?;
        let mut standing = self.standing(&player.key);
        if standing.ban_at(self.now).is_none() {
            println!("{} is not banned; nothing changed.", player.name);
            return Ok(());
        }
        standing.ban = None;
        self.save(&player, &standing, self.audit("unban", &player))
            .await?;
        println!("{} is unbanned: they may log in again.", player.name);
        Ok(())
    }

    async fn set_password(&self, name: &str) -> anyhow::Result<()> {
        let player = self.named(name).await?;
        let password = read_new_password(&player.name)?;
        let accounts = Accounts::new(self.store.clone(), PasswordHasher::new(1, 0));
        let (_, ended) = accounts
            .reset_password(&player.key, &password)
            .await
            .map_err(|error| anyhow!("{}'s password was not changed: {error}", player.name))?;
        let entry = self.audit("setpassword", &player);
        self.store
            .save_records(vec![records::audit_write(&entry)])
            .await?;
        log(&entry);
        println!(
            "{}'s password is changed; {ended} session{} ended.",
            player.name,
            if ended == 1 { "" } else { "s" }
        );
        Ok(())
    }

    fn show_audit(&self, last: usize) {
        let mut entries: Vec<&AuditEntry> = self.saved.audit.iter().collect();
        entries.sort_by_key(|entry| entry.number);
        if entries.is_empty() {
            println!("The audit log is empty.");
        }
        for entry in &entries[entries.len().saturating_sub(last)..] {
            println!("{}", entry.line());
        }
    }

    /// The account called `name`: a player the game knows, or an account
    /// that has not come in yet.
    async fn named(&self, name: &str) -> anyhow::Result<Named> {
        let key = UserKey::new(name.to_ascii_lowercase());
        if let Some(character) = self.saved.characters.iter().find(|c| c.key == key) {
            return Ok(Named {
                key,
                name: character.name.clone(),
            });
        }
        match self.store.account(key.clone()).await? {
            Some(account) => Ok(Named {
                key,
                name: account.name,
            }),
            None => bail!("there is no account named {name}"),
        }
    }

    fn standing(&self, key: &UserKey) -> Standing {
        self.saved
            .standings
            .iter()
            .find(|(who, _)| who == key)
            .map(|(_, standing)| standing.clone())
            .unwrap_or_default()
    }

    /// The entry for `action` on `whom`, numbered after every saved one.
    fn audit(&self, action: &str, whom: &Named) -> AuditEntry {
        let next = self.saved.audit.iter().map(|entry| entry.number).max();
        AuditEntry::new(self.now, THE_SERVER, action)
            .whom(&whom.name)
            .reason(Some(REASON))
            .numbered(next.unwrap_or(0) + 1)
    }

    /// Saves `standing` and its audit entry in one transaction.
    async fn save(
        &self,
        player: &Named,
        standing: &Standing,
        entry: AuditEntry,
    ) -> anyhow::Result<()> {
        let writes: Vec<RecordWrite> = vec![
            records::standing_write(&player.key, standing),
            records::audit_write(&entry),
        ];
        self.store.save_records(writes).await?;
        log(&entry);
        Ok(())
    }
}

/// "an admin", "a moderator", "a player".
fn a(role: Role) -> String {
    match role {
        Role::Admin => "an admin".to_owned(),
        role => format!("a {role}"),
    }
}

/// Writes a saved entry to the log, as the engine does for the game's own.
fn log(entry: &AuditEntry) {
    tracing::info!(target: "hearth::audit", by = entry.by, action = entry.action, "{}", entry.line());
}

/// The new password: typed twice on a terminal (not shown), or the first
/// line of standard input when it is a pipe or a file.
fn read_new_password(name: &str) -> anyhow::Result<String> {
    if std::io::stdin().is_terminal() {
        let password = rpassword::prompt_password(format!("New password for {name}: "))?;
        let again = rpassword::prompt_password("Once more: ")?;
        if password != again {
            bail!("the two passwords differ; nothing changed");
        }
        return Ok(password);
    }
    let mut line = String::new();
    std::io::stdin()
        .lock()
        .read_line(&mut line)
        .context("reading the new password from standard input")?;
    Ok(line.trim_end_matches(['\r', '\n']).to_owned())
}
