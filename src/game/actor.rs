//! Who is acting. A player acts through an [`Actor`], which every input
//! carries; the game itself (NPCs, timers) acts through
//! [`Game::tick`](super::Game::tick) and needs no actor.
//!
//! An actor is only who the connection logged in as. What the account may
//! do (its [`Role`](super::Role)) is the game's own state
//! ([`super::standing`]), looked up for every input, so a promotion holds
//! at once for every connection the account has open.

use serde::{Deserialize, Serialize};

use super::ids::UserKey;

/// A player at the keyboard: the account's key and its display name.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Actor {
    pub key: UserKey,
    pub name: String,
}

impl Actor {
    pub fn new(name: &str) -> Actor {
        Actor {
            key: UserKey::new(name.to_ascii_lowercase()),
            name: name.to_owned(),
        }
    }
}
