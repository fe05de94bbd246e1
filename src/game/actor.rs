//! Who is acting. A player acts through an [`Actor`], which every input
//! carries; the game itself (NPCs, timers) acts through
//! [`Game::tick`](super::Game::tick) and needs no actor.

use serde::{Deserialize, Serialize};

use super::ids::UserKey;
use super::role::Role;

/// A player at the keyboard: the account's key, its display name and what it
/// may do.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Actor {
    pub key: UserKey,
    pub name: String,
    pub role: Role,
}

impl Actor {
    /// A player with the default role.
    pub fn new(name: &str) -> Actor {
        Actor::with_role(name, Role::Player)
    }

    pub fn with_role(name: &str, role: Role) -> Actor {
        Actor {
            key: UserKey::new(name.to_ascii_lowercase()),
            name: name.to_owned(),
            role,
        }
    }
}
