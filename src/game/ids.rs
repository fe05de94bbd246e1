//! Identifiers shared by the game, the store and the transport.
//!
//! They are cheap to clone (`Arc<str>`) because every event and change carries
//! them, and distinct types so a room id can never be passed where an item id, an NPC
//! id or an account key is expected.

use std::fmt;
use std::sync::Arc;

use serde::{Deserialize, Serialize};

macro_rules! string_id {
    ($(#[$doc:meta])* $name:ident) => {
        $(#[$doc])*
        #[derive(Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
        #[serde(transparent)]
        pub struct $name(Arc<str>);

        impl $name {
            pub fn new(id: impl Into<Arc<str>>) -> Self {
                Self(id.into())
            }

            pub fn as_str(&self) -> &str {
                &self.0
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(&self.0)
            }
        }

        impl fmt::Debug for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                write!(f, "{}({:?})", stringify!($name), &*self.0)
            }
        }

        impl std::borrow::Borrow<str> for $name {
            fn borrow(&self) -> &str {
                &self.0
            }
        }
    };
}

string_id!(
    /// A room's id from the world file (`[a-z0-9_-]+`).
    RoomId
);
string_id!(
    /// An item's id from the world file (`[a-z0-9_-]+`).
    ItemId
);
string_id!(
    /// A non-player character's id from the world file (`[a-z0-9_-]+`).
    NpcId
);
string_id!(
    /// A door's id from the world file (`[a-z0-9_-]+`).
    DoorId
);
string_id!(
    /// An account's identity: the username folded to lower case, so `Alice`
    /// and `alice` are one account and one character.
    UserKey
);
