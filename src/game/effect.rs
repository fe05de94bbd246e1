//! What a command asks of the world outside the game, as data.
//!
//! The game is pure, so closing a griefer's connections or hashing a new
//! password cannot happen in it. A command returns [`Effect`]s with its
//! outcome instead, and the engine carries them out once the group that
//! made them is saved: a [`Effect::Disconnect`] becomes a delivery every
//! node's hub acts on (so it reaches the account's connections wherever
//! they are), and an [`Errand`] goes to the accounts service. An errand
//! reports back through the engine's queue as an
//! [`Input::Reported`](super::Input::Reported), which the game answers like
//! any input, so the admin who asked hears how it went and the audit log
//! records what was done.

use std::fmt;

use serde::{Deserialize, Serialize};

use super::actor::Actor;
use super::ids::UserKey;

/// What the connections of an account an admin gave a new password are
/// told as they close.
pub const NEW_PASSWORD_NOTICE: &str = "An admin gave your account a new password; log in with it.";

#[derive(Clone, PartialEq, Eq)]
pub enum Effect {
    /// Every connection of the account closes, each told `notice` first.
    Disconnect { account: UserKey, notice: String },
    /// Work for the accounts service.
    Errand(Errand),
}

/// What the accounts service does for a command; `by` is who asked, as
/// whom it reports back.
#[derive(Clone, PartialEq, Eq)]
pub enum Errand {
    /// Hash `password`, make it the account's, and end its sessions.
    SetPassword {
        account: UserKey,
        /// The name as typed, to report with if there is no such account.
        name: String,
        password: String,
        by: Actor,
    },
    /// Forget the account's failed logins, so it may log in at once.
    Unlock {
        account: UserKey,
        name: String,
        by: Actor,
    },
}

/// Which errand a [`Report`] is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum ErrandKind {
    SetPassword,
    Unlock,
}

/// How an errand went, reported back to the game.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Report {
    pub errand: ErrandKind,
    pub account: UserKey,
    /// The account's display name (as asked for, if there is no account).
    pub name: String,
    /// Why it was not done; `None` when it was.
    pub failure: Option<String>,
}

impl Errand {
    pub fn kind(&self) -> ErrandKind {
        match self {
            Errand::SetPassword { .. } => ErrandKind::SetPassword,
            Errand::Unlock { .. } => ErrandKind::Unlock,
        }
    }

    pub fn account(&self) -> &UserKey {
        match self {
            Errand::SetPassword { account, .. } | Errand::Unlock { account, .. } => account,
        }
    }

    /// The account's name as the command gave it.
    pub fn name(&self) -> &str {
        match self {
            Errand::SetPassword { name, .. } | Errand::Unlock { name, .. } => name,
        }
    }

    /// Who asked for it.
    pub fn by(&self) -> &Actor {
        match self {
            Errand::SetPassword { by, .. } | Errand::Unlock { by, .. } => by,
        }
    }
}

/// Passwords never reach a log, even a debug one.
impl fmt::Debug for Errand {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Errand::SetPassword { account, by, .. } => f
                .debug_struct("SetPassword")
                .field("account", account)
                .field("by", &by.name)
                .finish_non_exhaustive(),
            Errand::Unlock { account, by, .. } => f
                .debug_struct("Unlock")
                .field("account", account)
                .field("by", &by.name)
                .finish(),
        }
    }
}

impl fmt::Debug for Effect {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Effect::Disconnect { account, notice } => f
                .debug_struct("Disconnect")
                .field("account", account)
                .field("notice", notice)
                .finish(),
            Effect::Errand(errand) => errand.fmt(f),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_password_errand_never_shows_its_password() {
        let errand = Errand::SetPassword {
            account: UserKey::new("bob"),
            name: "Bob".to_owned(),
            password: "hunter2hunter2".to_owned(),
            by: Actor::new("Ada"),
        };
        let shown = format!("{:?}", Effect::Errand(errand));
        assert!(!shown.contains("hunter2"), "{shown}");
        assert!(shown.contains("bob"), "{shown}");
    }
}
