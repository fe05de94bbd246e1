//! Usernames: what the contract allows, and the key that makes `Alice` and
//! `alice` one account.

use crate::game::UserKey;

const MIN_CHARS: usize = 3;
const MAX_CHARS: usize = 20;

/// A valid username, as spelled at registration.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Username(String);

impl Username {
    /// Checks the contract's rules: 3 to 20 characters of `[A-Za-z0-9_-]`.
    /// ASCII only, so look-alike Unicode names cannot exist.
    pub fn parse(name: &str) -> Result<Username, String> {
        let valid_chars = name
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'_' || b == b'-');
        if (MIN_CHARS..=MAX_CHARS).contains(&name.len()) && valid_chars {
            Ok(Username(name.to_owned()))
        } else {
            Err(format!(
                "a username is {MIN_CHARS} to {MAX_CHARS} characters: letters, digits, '_' or '-' (no spaces or accents)"
            ))
        }
    }

    /// A name for a new account: valid, and not a word the game's grammar
    /// uses (`here`, `all`, `north`...; see [`crate::game::names`]), which
    /// no one could examine or give to. Existing accounts are never checked
    /// against this, so a word reserved later locks no one out.
    pub fn for_new_account(name: &str) -> Result<Username, String> {
        let username = Username::parse(name)?;
        if crate::game::names::impersonates(name) {
            return Err(format!(
                "\"{name}\" could pass for the server or its staff; choose another name"
            ));
        }
        if crate::game::names::reserved(name) {
            return Err(format!(
                "\"{name}\" is a word the game uses (like \"here\", \"all\" or \"you\"); choose another name"
            ));
        }
        Ok(username)
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The case-folded identity of the account.
    pub fn key(&self) -> UserKey {
        UserKey::new(self.0.to_ascii_lowercase())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn letters_digits_underscore_and_dash_are_allowed() {
        assert!(Username::parse("Al_ice-42").is_ok());
    }

    /// Why `name` is refused (it must be).
    fn refusal(name: &str) -> String {
        Username::parse(name).expect_err("the name is refused")
    }

    const THE_RULE: &str = "a username is 3 to 20 characters: letters, digits, '_' or '-' \
                            (no spaces or accents)";

    #[test]
    fn names_outside_three_to_twenty_characters_are_refused() {
        assert_eq!(refusal("ab"), THE_RULE);
        assert!(Username::parse("abc").is_ok());
        assert!(Username::parse(&"a".repeat(20)).is_ok());
        assert_eq!(refusal(&"a".repeat(21)), THE_RULE);
    }

    #[test]
    fn spaces_punctuation_and_unicode_look_alikes_are_refused() {
        for name in ["al ice", "alice!", "аlice", "alicé", "ali\u{200B}ce"] {
            assert_eq!(refusal(name), THE_RULE, "{name}");
        }
    }

    #[test]
    fn new_accounts_may_not_take_a_word_the_game_uses() {
        for name in ["here", "All", "SELF", "north", "through"] {
            let refused = Username::for_new_account(name).unwrap_err();
            assert!(refused.contains("a word the game uses"), "{refused}");
        }
        assert!(Username::for_new_account("Alice").is_ok());
        assert!(
            Username::parse("here").is_ok(),
            "an existing account still logs in"
        );
    }

    #[test]
    fn new_accounts_may_not_pass_for_the_server_or_staff() {
        for name in ["System", "admin_1", "Moderator"] {
            let refused = Username::for_new_account(name).unwrap_err();
            assert!(refused.contains("could pass for the server"), "{refused}");
        }
        let you = Username::for_new_account("you").unwrap_err();
        assert!(you.contains("a word the game uses"), "{you}");
    }

    #[test]
    fn the_key_ignores_case_and_the_display_name_keeps_it() {
        let name = Username::parse("AliCe").unwrap();
        assert_eq!(name.as_str(), "AliCe");
        assert_eq!(name.key(), Username::parse("alice").unwrap().key());
    }
}
