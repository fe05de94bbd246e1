//! Words a player's name may not be: those the game's grammar already
//! gives a meaning, and those that would let a player pass for the server,
//! its staff, or the people the game's own lines talk about.
//!
//! A player called `Here` or `All` could never be examined, given to or told
//! anything: `give lamp to all` and `examine here` mean something else. A
//! player called `System` could shout "System shouts, \"Maintenance in 5
//! minutes\"", and one called `You` could emote "You are pushed into the
//! well". So registration refuses these names, and this is the one list of
//! them: the accounts module asks [`reserved`] and nothing else. Names are
//! compared in any case. Usernames are at least three characters long, so
//! shorter words (`me`, `it`, `to`, the abbreviations `n` and `ne`) need no
//! entry.
//!
//! A staff or system word is refused inside decoration too: `Admin_1`,
//! `s-y-s-t-e-m` and `Moderator2` read as the word itself once digits,
//! `_` and `-` are dropped, so they are refused as well.

use super::world::Direction;

/// Each reserved word, with the reason it is reserved. Add staff and system
/// names here too, with their reason, so that no one can pass as them.
const RESERVED: &[(&str, &str)] = &[
    (
        "self",
        "\"examine self\" is the player looking at themselves",
    ),
    (
        "myself",
        "\"examine myself\" is the player looking at themselves",
    ),
    ("here", "\"look here\" is the room"),
    ("room", "\"look room\" is the room"),
    ("around", "\"look around\" is the room"),
    ("all", "\"take all\" and \"drop all\" mean every item"),
    ("everything", "\"take everything\" means every item"),
    (
        "everyone",
        "commands could never tell a player from the crowd",
    ),
    (
        "the",
        "an article, dropped from every phrase before matching",
    ),
    (
        "some",
        "an article, dropped from every phrase before matching",
    ),
    ("from", "\"take <item> from <container>\" splits at it"),
    ("into", "\"put <item> into <container>\" splits at it"),
    ("about", "\"ask <npc> about <word>\" splits at it"),
    ("with", "\"unlock <door> with <key>\" splits at it"),
    ("through", "\"go through <exit>\" drops it"),
    ("you", "the game's lines speak to the player as \"you\""),
    ("your", "the game's lines speak to the player as \"you\""),
    ("someone", "the game's lines use it for a player not seen"),
    ("somebody", "the game's lines use it for a player not seen"),
    ("anyone", "it reads as no one in particular"),
    (
        "everybody",
        "commands could never tell a player from the crowd",
    ),
    ("nobody", "it reads as no one at all"),
    ("noone", "it reads as no one at all"),
];

/// Names of the server and its staff, refused with any decoration.
const IMPERSONATED: &[&str] = &[
    "system",
    "server",
    "admin",
    "administrator",
    "moderator",
    "mod",
    "root",
    "staff",
    "sysop",
    "operator",
    "owner",
    "host",
    "hearth",
    "announcement",
    "god",
    "wizard",
];

/// Whether `word` is a name no player may take: one of [`RESERVED`] or a
/// direction (`north`, `down`, `southwest`...), which moves instead.
pub fn reserved(word: &str) -> bool {
    RESERVED
        .iter()
        .any(|(reserved, _)| reserved.eq_ignore_ascii_case(word))
        || Direction::parse(word).is_some()
        || impersonates(word)
}

/// Whether `name` reads as the server's or a staff member's, once digits,
/// `_` and `-` are dropped: `Admin`, `admin_2`, `S-Y-S-T-E-M`.
pub fn impersonates(name: &str) -> bool {
    let letters: String = name
        .chars()
        .filter(char::is_ascii_alphabetic)
        .map(|c| c.to_ascii_lowercase())
        .collect();
    IMPERSONATED.contains(&letters.as_str())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn grammar_words_and_directions_are_reserved_in_any_case() {
        for word in ["self", "Here", "ALL", "north", "Southwest", "up", "from"] {
            assert!(reserved(word), "{word} should be reserved");
        }
    }

    #[test]
    fn staff_system_and_people_words_are_reserved_even_decorated() {
        for word in [
            "System",
            "ADMIN",
            "admin_1",
            "S-y-s-t-e-m",
            "Moderator2",
            "root",
            "server",
            "you",
            "Someone",
            "everyone",
            "mod",
            "Staff_",
            "hearth",
        ] {
            assert!(reserved(word), "{word} should be reserved");
        }
        assert!(impersonates("__admin__") && !impersonates("Admiral"));
    }

    #[test]
    fn ordinary_names_are_not_reserved() {
        for word in [
            "Alice",
            "Northwind",
            "hereford",
            "Allie",
            "Bob",
            "Admiral",
            "Rooted",
            "Youssef",
            "Modesty",
            "Godfrey",
            "Systema",
        ] {
            assert!(!reserved(word), "{word} should be free");
        }
    }

    #[test]
    fn every_reserved_word_says_why() {
        assert!(
            RESERVED
                .iter()
                .all(|(word, why)| !word.is_empty() && !why.is_empty())
        );
    }
}
