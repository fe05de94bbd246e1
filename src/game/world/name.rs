//! How the game names a thing in a sentence: "a brass lamp", "an hourglass",
//! "the iron key", "two gold coins", "Marta".
//!
//! The indefinite article follows the sound of the first word, not its first
//! letter ("an hour", "a unicorn"), by a few English rules. A world file can
//! always say better: `article = "some"` for "some water", `proper = true`
//! for a name that takes no article, and `plural` for a plural the rules get
//! wrong ("loaves of bread"). Names that start with a capital are proper
//! unless the file gives an article.

/// A thing's name, with the article and plural it is used with.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Name {
    singular: String,
    plural: String,
    article: Article,
}

#[derive(Debug, Clone, PartialEq, Eq)]
enum Article {
    /// Said before the name when there is one of it: "a", "an", "some".
    Indefinite(String),
    /// The name brings its own article ("the Gilded Hearth's sign", "some
    /// coins") or is a proper name ("Marta"): it is always said as written.
    None,
}

/// Articles a name may start with, which make it its own article.
const LEADING_ARTICLES: &[&str] = &["a ", "an ", "the ", "some "];

impl Name {
    /// A name as the world file gives it: `article` and `plural` when the
    /// file says them, `proper` for a name never used with an article.
    pub fn new(singular: &str, article: Option<&str>, proper: bool, plural: Option<&str>) -> Name {
        let lower = singular.to_lowercase();
        let has_its_own = LEADING_ARTICLES.iter().any(|a| lower.starts_with(a));
        let capitalized = singular.starts_with(|c: char| c.is_uppercase());
        let article = match article {
            Some(article) => Article::Indefinite(article.to_owned()),
            None if proper || has_its_own || capitalized => Article::None,
            None => Article::Indefinite(indefinite_article(singular).to_owned()),
        };
        Name {
            singular: singular.to_owned(),
            plural: plural.map_or_else(|| plural_of(singular), str::to_owned),
            article,
        }
    }

    /// A name with the default article and plural.
    pub fn plain(singular: &str) -> Name {
        Name::new(singular, None, false, None)
    }

    /// The name alone: "brass lamp".
    pub fn as_str(&self) -> &str {
        &self.singular
    }

    /// With the indefinite article: "a brass lamp", "an iron key", "Marta".
    pub fn a(&self) -> String {
        match &self.article {
            Article::Indefinite(article) if !article.is_empty() => {
                format!("{article} {}", self.singular)
            }
            _ => self.singular.clone(),
        }
    }

    /// With the definite article: "the brass lamp", "Marta".
    pub fn the(&self) -> String {
        match &self.article {
            Article::Indefinite(_) => format!("the {}", self.singular),
            Article::None => self.singular.clone(),
        }
    }

    /// "gold coins".
    pub fn plural(&self) -> &str {
        &self.plural
    }

    /// `count` of it: "a gold coin", "two gold coins", "13 gold coins".
    pub fn counted(&self, count: usize) -> String {
        const NUMBERS: [&str; 11] = [
            "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven",
            "twelve",
        ];
        match count {
            0 | 1 => self.a(),
            2..=12 => format!("{} {}", NUMBERS[count - 2], self.plural),
            many => format!("{many} {}", self.plural),
        }
    }
}

impl std::fmt::Display for Name {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.singular)
    }
}

/// "a" or "an", by the sound the name starts with.
fn indefinite_article(name: &str) -> &'static str {
    let word = name
        .split_whitespace()
        .next()
        .unwrap_or_default()
        .to_lowercase();
    let starts = |prefixes: &[&str]| prefixes.iter().any(|prefix| word.starts_with(prefix));
    // A silent h: "an hour", "an honest man", "an heir".
    let silent_h = starts(&["hour", "honest", "honor", "honour", "heir"]);
    // A vowel said like a consonant: "a unicorn", "a user", "a ewe", "a one-eyed cat".
    let unicorn = starts(&[
        "uni", "use", "usu", "uti", "ute", "uku", "ura", "uri", "eu", "ewe",
    ]) && !starts(&["unim", "unin", "unid"]);
    let one = starts(&["one", "once"]);
    // Digits said with a vowel: "an 8-ball", "an 11th-hour plea".
    let eight = starts(&["8", "11", "18"]);
    let vowel = word.starts_with(['a', 'e', 'i', 'o', 'u']);
    if silent_h || eight || (vowel && !unicorn && !one) {
        "an"
    } else {
        "a"
    }
}

/// The plural by the usual English rules, applied to the head noun: the
/// word before " of " ("sacks of flour"), else the last word.
fn plural_of(name: &str) -> String {
    let (head, tail) = match name.find(" of ") {
        Some(at) => name.split_at(at),
        None => (name, ""),
    };
    let (before, noun) = match head.rfind(' ') {
        Some(at) => head.split_at(at + 1),
        None => ("", head),
    };
    format!("{before}{}{tail}", plural_noun(noun))
}

fn plural_noun(noun: &str) -> String {
    const IRREGULAR: &[(&str, &str)] = &[
        ("man", "men"),
        ("woman", "women"),
        ("child", "children"),
        ("foot", "feet"),
        ("tooth", "teeth"),
        ("mouse", "mice"),
        ("goose", "geese"),
        ("sheep", "sheep"),
        ("deer", "deer"),
        ("fish", "fish"),
        ("loaf", "loaves"),
        ("leaf", "leaves"),
        ("knife", "knives"),
        ("wolf", "wolves"),
        ("half", "halves"),
        ("shelf", "shelves"),
        ("thief", "thieves"),
        ("life", "lives"),
        ("wife", "wives"),
        ("scarf", "scarves"),
    ];
    let lower = noun.to_lowercase();
    if let Some((_, plural)) = IRREGULAR.iter().find(|(singular, _)| *singular == lower) {
        return (*plural).to_owned();
    }
    let before_last = lower.chars().rev().nth(1);
    let consonant_y = lower.ends_with('y') && before_last.is_some_and(|c| !"aeiou".contains(c));
    if ["s", "x", "z", "ch", "sh"]
        .iter()
        .any(|end| lower.ends_with(end))
    {
        format!("{noun}es")
    } else if consonant_y {
        format!("{}ies", &noun[..noun.len() - 1])
    } else {
        format!("{noun}s")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_article_follows_the_sound() {
        let a = |name: &str| Name::plain(name).a();
        assert_eq!(a("brass lamp"), "a brass lamp");
        assert_eq!(a("iron key"), "an iron key");
        assert_eq!(a("hourglass"), "an hourglass");
        assert_eq!(a("unicorn horn"), "a unicorn horn");
        assert_eq!(a("umbrella"), "an umbrella");
        assert_eq!(a("uninvited guest"), "an uninvited guest");
        assert_eq!(a("one-eyed cat"), "a one-eyed cat");
        assert_eq!(a("ewer"), "a ewer");
        assert_eq!(a("8-ball"), "an 8-ball");
        assert_eq!(a("horseshoe"), "a horseshoe");
    }

    #[test]
    fn capitals_and_leading_articles_need_no_article() {
        assert_eq!(Name::plain("Excalibur").a(), "Excalibur");
        assert_eq!(Name::plain("Excalibur").the(), "Excalibur");
        assert_eq!(Name::plain("some coins").a(), "some coins");
        assert_eq!(Name::plain("lamp").the(), "the lamp");
    }

    #[test]
    fn the_file_may_give_the_article_or_make_a_name_proper() {
        let water = Name::new("water", Some("some"), false, None);
        assert_eq!(
            (water.a(), water.the()),
            ("some water".into(), "the water".into())
        );
        let marta = Name::new("old Marta", None, true, None);
        assert_eq!(
            (marta.a(), marta.the()),
            ("old Marta".into(), "old Marta".into())
        );
        let herb = Name::new("herb", Some("an"), false, None);
        assert_eq!(herb.a(), "an herb");
    }

    #[test]
    fn plurals_follow_the_rules_unless_the_file_gives_one() {
        let plural = |name: &str| Name::plain(name).plural().to_owned();
        assert_eq!(plural("gold coin"), "gold coins");
        assert_eq!(plural("box"), "boxes");
        assert_eq!(plural("red cherry"), "red cherries");
        assert_eq!(plural("key"), "keys");
        assert_eq!(plural("sack of flour"), "sacks of flour");
        assert_eq!(plural("loaf of bread"), "loaves of bread");
        let geese = Name::new("goose egg", None, false, Some("goose eggs"));
        assert_eq!(geese.plural(), "goose eggs");
    }

    #[test]
    fn counts_are_words_up_to_twelve() {
        let coin = Name::plain("gold coin");
        assert_eq!(coin.counted(1), "a gold coin");
        assert_eq!(coin.counted(2), "two gold coins");
        assert_eq!(coin.counted(12), "twelve gold coins");
        assert_eq!(coin.counted(13), "13 gold coins");
    }
}
