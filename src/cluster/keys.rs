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
const RESERVED_TABLES: [&str; 10] = [
    "accounts", "cursor", "epoch", "group", "in", "lease", "meta", "nodes", "out", "node",
];

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

    /// The accounts hash: username key → account record.
    pub fn accounts(&self) -> String {
        self.key("accounts")
    }

    /// One session, under the hex digest of its token.
    pub fn session(&self, digest: &[u8; 32]) -> String {
        let mut key = self.key("session:");
        for byte in digest {
            key.push_str(&format!("{byte:02x}"));
        }
        key
    }

    /// One account's failed-login counter.
    pub fn failures(&self, user: &str) -> String {
        self.key(&format!("fails:{user}"))
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
