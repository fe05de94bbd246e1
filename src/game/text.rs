//! Keeping player text as text, and the small phrasing helpers every command
//! shares.
//!
//! Whatever a player types ends up inside a line someone else reads, so it is
//! reduced to one plain line: control characters, line breaks and the
//! invisible Unicode characters that reorder or hide text are removed, runs of
//! space collapse, and the length is capped. A player can then never forge a
//! line that looks like another player's or the server's.

/// Longest piece of player text (speech, emotes) kept, in characters.
pub const MAX_SPOKEN_CHARS: usize = 400;

/// Longest piece of a player's own words quoted back in an answer, in characters.
const MAX_ECHOED_CHARS: usize = 40;

/// Most combining accents kept in a row on one letter: enough for any
/// language written with them, too few to stack a tower over other lines.
const MAX_ACCENTS_PER_LETTER: usize = 2;

/// Cleans `input` to one plain line of at most `max_chars` characters.
pub fn clean(input: &str, max_chars: usize) -> String {
    capped(input, max_chars).0
}

/// What a player said (speech, an emote, a tell), cleaned and capped at
/// [`MAX_SPOKEN_CHARS`], and whether the cap cut it short.
pub struct Spoken {
    pub text: String,
    pub cut: bool,
}

impl Spoken {
    pub fn of(input: &str) -> Spoken {
        let (text, cut) = capped(input, MAX_SPOKEN_CHARS);
        Spoken { text, cut }
    }

    /// The speaker's `answer`, saying so when their words were cut: they
    /// must not believe the rest was heard.
    pub fn answer(&self, answer: String) -> String {
        match self.cut {
            true => format!("{answer}\nOnly the first {MAX_SPOKEN_CHARS} characters were said."),
            false => answer,
        }
    }
}

/// `input` as one plain line of at most `max_chars` characters, and whether
/// anything was cut to fit. In one pass, building only the line itself:
/// every `say` goes through here.
fn capped(input: &str, max_chars: usize) -> (String, bool) {
    let mut line = String::with_capacity(input.len().min(max_chars * 4));
    let mut chars = 0;
    // A run of space seen since the last visible character, which becomes
    // one space if anything visible follows it.
    let mut space = false;
    for c in without_accent_towers(input.chars().filter(|&c| !is_invisible(c))) {
        if c.is_whitespace() || c.is_control() {
            space = !line.is_empty();
            continue;
        }
        let needed = if space { 2 } else { 1 };
        if chars + needed > max_chars {
            return (line, true);
        }
        if space {
            line.push(' ');
            space = false;
        }
        line.push(c);
        chars += needed;
    }
    (line, false)
}

/// Zero-width, bidirectional-override and other formatting characters that
/// change how neighbouring text looks without being seen themselves.
fn is_invisible(c: char) -> bool {
    matches!(c,
        '\u{00AD}'
        | '\u{034F}'
        | '\u{061C}'
        | '\u{115F}'..='\u{1160}'
        | '\u{17B4}'..='\u{17B5}'
        | '\u{180B}'..='\u{180F}'
        | '\u{200B}'..='\u{200F}'
        | '\u{202A}'..='\u{202E}'
        | '\u{2060}'..='\u{206F}'
        | '\u{3164}'
        | '\u{FE00}'..='\u{FE0F}'
        | '\u{FEFF}'
        | '\u{FFA0}'
        | '\u{FFF0}'..='\u{FFFB}'
        | '\u{E0000}'..='\u{E0FFF}'
    )
}

/// Drops combining accents beyond [`MAX_ACCENTS_PER_LETTER`] in a row.
fn without_accent_towers(text: impl Iterator<Item = char>) -> impl Iterator<Item = char> {
    let mut in_a_row = 0;
    text.filter(move |&c| {
        in_a_row = if is_combining_accent(c) {
            in_a_row + 1
        } else {
            0
        };
        in_a_row <= MAX_ACCENTS_PER_LETTER
    })
}

/// The Unicode blocks of combining diacritical marks, which draw on the
/// letter before them and can be piled up without limit.
fn is_combining_accent(c: char) -> bool {
    matches!(c,
        '\u{0300}'..='\u{036F}'
        | '\u{1AB0}'..='\u{1AFF}'
        | '\u{1DC0}'..='\u{1DFF}'
        | '\u{20D0}'..='\u{20FF}'
        | '\u{FE20}'..='\u{FE2F}'
    )
}

/// `name` with an indefinite article: "a brass lamp", "an iron key". Names
/// that already start with an article or a capital (proper names) are kept.
pub fn with_article(name: &str) -> String {
    if needs_no_article(name) {
        return name.to_owned();
    }
    let article = if name.starts_with(|c: char| "aeiouAEIOU".contains(c)) {
        "an"
    } else {
        "a"
    };
    format!("{article} {name}")
}

/// `name` with the definite article: "the brass lamp". Names that already
/// start with an article or a capital are kept.
pub fn with_the(name: &str) -> String {
    if needs_no_article(name) {
        name.to_owned()
    } else {
        format!("the {name}")
    }
}

/// Names that bring their own article ("some coins") or are proper names
/// ("Excalibur").
fn needs_no_article(name: &str) -> bool {
    let lower = name.to_lowercase();
    let has_article = ["a ", "an ", "the ", "some "]
        .iter()
        .any(|article| lower.starts_with(article));
    has_article || name.starts_with(|c: char| c.is_uppercase())
}

/// Joins words as English does: "a", "a and b", "a, b and c".
pub fn list(words: &[String], conjunction: &str) -> String {
    match words {
        [] => String::new(),
        [one] => one.clone(),
        [init @ .., last] => format!("{} {conjunction} {last}", init.join(", ")),
    }
}

/// Upper-cases the first letter, for lines that start with a name.
pub fn capitalize(text: &str) -> String {
    let mut chars = text.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

/// What a player typed, cut short with "…" when too long to repeat back whole.
pub fn shorten(phrase: &str) -> String {
    if phrase.chars().count() <= MAX_ECHOED_CHARS {
        return phrase.to_owned();
    }
    let kept: String = phrase.chars().take(MAX_ECHOED_CHARS - 1).collect();
    format!("{}…", kept.trim_end())
}

/// What a player typed, shortened and in quotes, to repeat it back: `"lamp"`.
pub fn quoted(phrase: &str) -> String {
    format!("\"{}\"", shorten(phrase))
}

/// `line` without a leading `word` (in any case), for filler words players
/// add: "up the lamp" without "up" is "the lamp".
pub fn without_leading<'a>(line: &'a str, word: &str) -> &'a str {
    match first_word(line) {
        (first, rest) if first.eq_ignore_ascii_case(word) => rest,
        _ => line.trim(),
    }
}

/// Splits off the first word: `"give lamp to bob"` → `("give", "lamp to bob")`.
pub fn first_word(line: &str) -> (&str, &str) {
    let line = line.trim();
    match line.split_once(char::is_whitespace) {
        Some((word, rest)) => (word, rest.trim_start()),
        None => (line, ""),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn line_breaks_and_control_characters_become_single_spaces() {
        assert_eq!(
            clean("hello\n\rBob says hi\t\u{7}!", 100),
            "hello Bob says hi !"
        );
    }

    #[test]
    fn bidirectional_overrides_and_zero_width_characters_are_removed() {
        assert_eq!(clean("ab\u{202E}cd\u{200B}ef\u{FEFF}", 100), "abcdef");
    }

    #[test]
    fn unicode_line_and_paragraph_separators_become_single_spaces() {
        assert_eq!(
            clean("one\u{2028}two\u{2029}three\u{85}four", 100),
            "one two three four"
        );
    }

    #[test]
    fn stacked_accents_are_thinned_to_two_per_letter() {
        let tower = format!("a{}b", "\u{301}".repeat(50));
        assert_eq!(clean(&tower, 100), "a\u{301}\u{301}b");
    }

    #[test]
    fn leading_and_trailing_space_is_dropped() {
        assert_eq!(clean("  \n hi there \n ", 100), "hi there");
    }

    #[test]
    fn length_is_capped_in_characters_not_bytes() {
        assert_eq!(clean("ééééé", 3), "ééé");
        assert_eq!(clean("ab cd", 3), "ab");
    }

    #[test]
    fn articles_follow_the_first_sound() {
        assert_eq!(with_article("brass lamp"), "a brass lamp");
        assert_eq!(with_article("iron key"), "an iron key");
        assert_eq!(with_article("some coins"), "some coins");
        assert_eq!(with_article("Excalibur"), "Excalibur");
        assert_eq!(with_the("lamp"), "the lamp");
    }

    #[test]
    fn lists_read_as_english() {
        let words = |w: &[&str]| w.iter().map(|s| s.to_string()).collect::<Vec<_>>();
        assert_eq!(list(&words(&["a"]), "and"), "a");
        assert_eq!(list(&words(&["a", "b"]), "or"), "a or b");
        assert_eq!(list(&words(&["a", "b", "c"]), "and"), "a, b and c");
    }

    #[test]
    fn long_phrases_are_shortened_before_being_repeated() {
        assert_eq!(quoted("lamp"), "\"lamp\"");
        let long = "x".repeat(100);
        assert_eq!(shorten(&long), format!("{}…", "x".repeat(39)));
    }

    #[test]
    fn a_leading_filler_word_is_dropped_in_any_case() {
        assert_eq!(without_leading("UP the lamp", "up"), "the lamp");
        assert_eq!(without_leading("up", "up"), "");
        assert_eq!(without_leading("upper key", "up"), "upper key");
    }

    #[test]
    fn first_word_splits_on_any_space() {
        assert_eq!(first_word("  give  lamp to bob "), ("give", "lamp to bob"));
        assert_eq!(first_word("look"), ("look", ""));
    }
}
