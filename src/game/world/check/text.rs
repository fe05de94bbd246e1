//! The rules for the words and texts of a world file: ids, exit words,
//! aliases, names, descriptions and durations.

use std::time::Duration;

use crate::game::world::Direction;

/// The longest id, in characters.
pub(in crate::game::world) const ID_MAX: usize = 64;
/// The longest name (of the world, a room or an item), in characters.
pub(in crate::game::world) const NAME_MAX: usize = 80;
/// The longest exit word, alias, topic or flag, in characters.
pub(in crate::game::world) const WORD_MAX: usize = 32;
/// The longest description, message or text, in characters.
pub(in crate::game::world) const TEXT_MAX: usize = 4000;
/// The longest article (`a`, `an`, `some`, `a pair of`), in characters.
const ARTICLE_MAX: usize = 16;

pub(super) fn id_problem(id: &str) -> Option<String> {
    if !is_simple_word(id) {
        Some(format!(
            "id \"{id}\" must be lower-case letters, digits, '_' or '-'"
        ))
    } else {
        too_long("id", id, ID_MAX)
    }
}

pub(super) fn exit_word_problem(word: &str) -> Option<String> {
    if !is_simple_word(word) {
        Some(format!(
            "exit \"{word}\" must be one lower-case word of letters, digits, '_' or '-'"
        ))
    } else {
        too_long("exit word", word, WORD_MAX)
    }
}

/// A word players type (an alias, a topic): `what` says which.
pub(super) fn word_problem(what: &str, word: &str) -> Option<String> {
    if word.trim().is_empty() {
        Some(format!("an {what} is empty"))
    } else if word.contains(char::is_whitespace) {
        Some(format!("{what} \"{word}\" must be one word"))
    } else {
        too_long(what, word, WORD_MAX)
    }
}

/// A flag's name: the same form as an id.
pub(super) fn flag_problem(flag: &str) -> Option<String> {
    if !is_simple_word(flag) {
        Some(format!(
            "flag \"{flag}\" must be lower-case letters, digits, '_' or '-'"
        ))
    } else {
        too_long("flag", flag, WORD_MAX)
    }
}

pub(super) fn article_problem(article: &str) -> Option<String> {
    if article.contains(['\n', '\r']) {
        Some("article must be on one line".to_owned())
    } else {
        too_long("article", article.trim(), ARTICLE_MAX)
    }
}

/// A name (`key` says whose) must be present, on one line, and short.
pub(super) fn name_problem(key: &str, name: &str) -> Option<String> {
    if name.contains(['\n', '\r']) {
        Some(format!("{key} must be on one line"))
    } else {
        present_and_short(key, name.trim(), NAME_MAX)
    }
}

/// A description or message (`key` says which) must be present and not too long.
pub(super) fn prose_problem(key: &str, text: &str) -> Option<String> {
    present_and_short(key, text, TEXT_MAX)
}

fn present_and_short(key: &str, text: &str, limit: usize) -> Option<String> {
    if text.is_empty() {
        Some(format!("{key} is empty"))
    } else {
        too_long(key, text, limit)
    }
}

fn too_long(what: &str, text: &str, limit: usize) -> Option<String> {
    let length = text.chars().count();
    (length > limit).then(|| format!("{what} is {length} characters long; the limit is {limit}"))
}

/// `[a-z0-9_-]+`: the form of ids and exit words.
pub(super) fn is_simple_word(text: &str) -> bool {
    !text.is_empty()
        && text
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'_' || b == b'-')
}

/// A direction's full name for a direction or its abbreviation (`n` is
/// `north`); any other word as written.
pub(super) fn canonical_exit_word(word: &str) -> String {
    Direction::parse(word).map_or_else(|| word.to_owned(), |direction| direction.name().to_owned())
}

/// A duration such as "30s", "5m" or "2h", at least a second long.
pub(super) fn duration(key: &str, text: &str) -> Result<Duration, String> {
    let example = "write it like \"30s\", \"5m\" or \"2h\"";
    match humantime::parse_duration(text.trim()) {
        Ok(duration) if duration >= Duration::from_secs(1) => Ok(duration),
        Ok(_) => Err(format!(
            "{key} \"{text}\" is shorter than a second; {example}"
        )),
        Err(_) => Err(format!("{key} \"{text}\" is not a duration; {example}")),
    }
}

/// Joins the lines of each paragraph with spaces and separates paragraphs by
/// one blank line, so a host can wrap a long description or message in the
/// file however it reads best and players still see running text.
pub(super) fn reflow(text: &str) -> String {
    let lines: Vec<&str> = text.lines().map(str::trim).collect();
    lines
        .split(|line| line.is_empty())
        .filter(|paragraph| !paragraph.is_empty())
        .map(|paragraph| paragraph.join(" "))
        .collect::<Vec<_>>()
        .join("\n\n")
}
