//! Every Redis key a cluster uses, named in one place.
//!
//! All of them start with `hearth:{<cluster-name>}`. The braces are a Redis
//! hash tag: every key of one cluster hashes to the same slot, which the
//! scripts need (a script may only touch keys of one slot on a Redis Cluster)
//! and which lets one Redis hold several worlds side by side.

use std::fmt;

/// What a cluster name may be made of: it sits inside the hash tag, so a
/// brace would break the tag, and a colon or space would make keys ambiguous.
fn is_name_char(c: char) -> bool {
    c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.')
}

/// Longest cluster name accepted (it is repeated in every key).
const MAX_NAME_CHARS: usize = 64;

/// Table names the cluster's own keys already use: a record table of the
/// same name would overwrite them.
const RESERVED_TABLES: [&str; 12] = [
    "accounts", "cursor", "epoch", "group", "in", "lease", "logouts", "meta", "nodes", "out",
    "node", "online",
];

/// Bytes in lower-case hex: a token's digest as session keys and the sets
/// of an account's sessions spell it, a world file's digest.
pub fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|byte| format!("{byte:02x}")).collect()
}

/// The keys of one cluster.
#[derive(Clone, PartialEq, Eq)]
pub struct Keys {
    prefix: String,
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum KeyError {
    #[error(
        "the cluster name {0:?} cannot be used: give 1 to {MAX_NAME_CHARS} letters, digits, '-', '_' or '.'"
    )]
    ClusterName(String),
    #[error(
        "the record table {0:?} cannot be stored: table names are lower-case letters and '_', \
         and not one of {RESERVED_TABLES:?}"
    )]
    Table(&'static str),
}

impl Keys {
    pub fn new(cluster_name: &str) -> Result<Keys, KeyError> {
        let valid = !cluster_name.is_empty()
            && cluster_name.chars().count() <= MAX_NAME_CHARS
            && cluster_name.chars().all(is_name_char);
        if !valid {
            return Err(KeyError::ClusterName(cluster_name.to_owned()));
        }
        Ok(Keys {
            prefix: format!("hearth:{{{cluster_name}}}"),
        })
    }

    /// `hearth:{<cluster-name>}`, the start of every key.
    pub fn prefix(&self) -> &str {
        &self.prefix
    }

    fn key(&self, name: &str) -> String {
        format!("{}:{name}", self.prefix)
    }

    /// The lease: the token (`node:epoch`) of the instance running the game.
    pub fn lease(&self) -> String {
        self.key("lease")
    }

    /// The counter fencing tokens are drawn from; it only ever grows.
    pub fn epoch(&self) -> String {
        self.key("epoch")
    }

    /// The id of the last input entry the committed state includes.
    pub fn cursor(&self) -> String {
        self.key("cursor")
    }

    /// The number of the last committed group (one per output entry).
    pub fn group(&self) -> String {
        self.key("group")
    }

    /// The input stream: every instance's forwarded requests.
    pub fn input(&self) -> String {
        self.key("in")
    }

    /// The output stream: each committed group's batch of replies and events.
    pub fn output(&self) -> String {
        self.key("out")
    }

    /// The set of node ids that have registered (live or not yet swept).
    pub fn nodes(&self) -> String {
        self.key("nodes")
    }

    /// One node's liveness key; the node keeps it alive while it runs.
    pub fn node(&self, id: &str) -> String {
        format!("{}{id}", self.node_prefix())
    }

    /// What every node key starts with (the scripts append the id).
    pub fn node_prefix(&self) -> String {
        self.key("node:")
    }

    /// The cluster's description (a hash): which world it plays, and the
    /// version of this key layout.
    pub fn meta(&self) -> String {
        self.key("meta")
    }

    /// The connections in the game (a hash): `node:connection` → player.
    /// Written by every commit, so a new leader carries on with them.
    pub fn online(&self) -> String {
        self.key("online")
    }

    /// The channel on which a revoked session's digest is announced, so
    /// every instance closes the connections opened with it.
    pub fn logouts(&self) -> String {
        self.key("logouts")
    }

    /// The accounts hash: username key → account record.
    pub fn accounts(&self) -> String {
        self.key("accounts")
    }

    /// One session, under the hex digest of its token.
    pub fn session(&self, digest: &[u8; 32]) -> String {
        format!("{}{}", self.session_prefix(), hex(digest))
    }

    /// What every session key starts with (the password script appends
    /// each hex digest).
    pub fn session_prefix(&self) -> String {
        self.key("session:")
    }

    /// The set of one account's sessions (the hex digests of their
    /// tokens), so changing its password can end every one of them. It
    /// expires with the last of them; entries of sessions that expired
    /// before it are skipped.
    pub fn sessions_of(&self, account: &str) -> String {
        self.key(&format!("sessions:{account}"))
    }

    /// One account's failed logins from one address (a counter that
    /// expires at the end of its window).
    pub fn failed_logins(&self, account: &str, address: &str) -> String {
        format!("{}{address}", self.failed_logins_prefix(account))
    }

    /// What the counters of one account's failed logins start with (the
    /// unlock script appends each address).
    pub fn failed_logins_prefix(&self, account: &str) -> String {
        self.key(&format!("failed:{account}:"))
    }

    /// The set of addresses with failed logins counted on one account, so
    /// an unlock finds every counter of it.
    pub fn failed_logins_addresses(&self, account: &str) -> String {
        self.key(&format!("failed_from:{account}"))
    }

    /// One address's failed logins, on whatever accounts (a counter that
    /// expires at the end of its window).
    pub fn failed_logins_of_address(&self, address: &str) -> String {
        self.key(&format!("failed_address:{address}"))
    }

    /// The hash holding one record table.
    pub fn table(&self, table: &'static str) -> Result<String, KeyError> {
        let valid = !table.is_empty()
            && table.chars().all(|c| c.is_ascii_lowercase() || c == '_')
            && !RESERVED_TABLES.contains(&table);
        if !valid {
            return Err(KeyError::Table(table));
        }
        Ok(self.key(table))
    }
}

impl fmt::Debug for Keys {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Keys({})", self.prefix)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_key_carries_the_cluster_hash_tag() {
        let keys = Keys::new("north").unwrap();
        assert_eq!(keys.lease(), "hearth:{north}:lease");
        assert_eq!(keys.node("a1"), "hearth:{north}:node:a1");
        assert_eq!(
            keys.table("characters").unwrap(),
            "hearth:{north}:characters"
        );
        assert_eq!(keys.sessions_of("bob"), "hearth:{north}:sessions:bob");
        assert_eq!(
            keys.failed_logins("bob", "2001:db8::1"),
            "hearth:{north}:failed:bob:2001:db8::1"
        );
        assert_eq!(
            keys.failed_logins_of_address("192.0.2.9"),
            "hearth:{north}:failed_address:192.0.2.9"
        );
        assert_eq!(
            keys.session(&[0xab; 32]),
            format!("hearth:{{north}}:session:{}", "ab".repeat(32))
        );
    }

    #[test]
    fn names_that_would_break_the_keys_are_refused() {
        for name in ["", "a{b", "a}b", "a b", "a:b", &"x".repeat(65)] {
            assert_eq!(Keys::new(name), Err(KeyError::ClusterName(name.to_owned())));
        }
        let keys = Keys::new("hearth").unwrap();
        for table in ["lease", "out", "accounts", "Items", "a:b", ""] {
            assert_eq!(keys.table(table), Err(KeyError::Table(table)));
        }
    }
}
