//! What an account may do in the game: every account is a player, and a
//! host can make some of them moderators or admins.

use std::fmt;

use serde::{Deserialize, Serialize};

/// An account's role, from least to most trusted (so roles compare:
/// `Role::Admin > Role::Moderator`).
#[derive(
    Debug, Clone, Copy, Default, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize,
)]
#[serde(rename_all = "snake_case")]
pub enum Role {
    #[default]
    Player,
    Moderator,
    Admin,
}

impl Role {
    /// The role's name, as players type it and the wire carries it.
    pub fn as_str(self) -> &'static str {
        match self {
            Role::Player => "player",
            Role::Moderator => "moderator",
            Role::Admin => "admin",
        }
    }

    pub fn parse(word: &str) -> Option<Role> {
        [Role::Player, Role::Moderator, Role::Admin]
            .into_iter()
            .find(|role| role.as_str().eq_ignore_ascii_case(word))
    }
}

impl fmt::Display for Role {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn roles_are_ordered_by_trust_and_parse_in_any_case() {
        assert!(Role::Admin > Role::Moderator && Role::Moderator > Role::Player);
        assert_eq!(Role::parse("Moderator"), Some(Role::Moderator));
        assert_eq!(Role::parse("root"), None);
        assert_eq!(Role::default(), Role::Player);
    }
}
