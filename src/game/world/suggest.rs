//! "Did you mean...": the nearest of the names a world file could have
//! meant, for a typo'd id or key.

/// The candidate closest to `word` (in any case), if it is close enough to
/// be a typo: at most two edits away, and fewer edits than `word` has letters.
pub(super) fn closest<'a>(
    word: &str,
    candidates: impl IntoIterator<Item = &'a str>,
) -> Option<&'a str> {
    let word = word.to_lowercase();
    let length = word.chars().count();
    candidates
        .into_iter()
        .map(|candidate| {
            let distance = strsim::damerau_levenshtein(&word, &candidate.to_lowercase());
            (distance, candidate)
        })
        .filter(|&(distance, _)| distance > 0 && distance <= 2 && distance < length)
        .min_by_key(|&(distance, _)| distance)
        .map(|(_, candidate)| candidate)
}

/// `; did you mean "library"?` when a candidate is close, else nothing.
pub(super) fn did_you_mean<'a>(
    word: &str,
    candidates: impl IntoIterator<Item = &'a str>,
) -> String {
    closest(word, candidates).map_or_else(String::new, |near| format!("; did you mean \"{near}\"?"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_typo_finds_the_nearest_name() {
        let rooms = ["hall", "library", "kitchen"];
        assert_eq!(closest("libary", rooms), Some("library"));
        assert_eq!(closest("kitchn", rooms), Some("kitchen"));
        assert_eq!(did_you_mean("hal", rooms), "; did you mean \"hall\"?");
    }

    #[test]
    fn nothing_close_suggests_nothing() {
        assert_eq!(closest("tower", ["hall", "library"]), None);
        assert_eq!(closest("ab", ["cd"]), None);
        assert_eq!(did_you_mean("tower", ["hall"]), "");
    }
}
