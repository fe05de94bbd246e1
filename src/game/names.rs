//! Words a player's name may not be, because the game's grammar already
//! gives them a meaning.
//!
//! A player called `Here` or `All` could never be examined, given to or told
//! anything: `give lamp to all` and `examine here` mean something else. So
//! registration refuses these names, and this is the one list of them: the
//! accounts module asks [`reserved`] and nothing else. Names are compared in
//! any case. Usernames are at least three characters long, so shorter words
//! (`me`, `it`, `to`, the abbreviations `n` and `ne`) need no entry.

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
];

/// Whether `word` is a name no player may take: one of [`RESERVED`] or a
/// direction (`north`, `down`, `southwest`...), which moves instead.
pub fn reserved(word: &str) -> bool {
    RESERVED
        .iter()
        .any(|(reserved, _)| reserved.eq_ignore_ascii_case(word))
        || Direction::parse(word).is_some()
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
    fn ordinary_names_are_not_reserved() {
        for word in ["Alice", "Northwind", "hereford", "Allie", "Bob"] {
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
