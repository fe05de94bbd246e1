//! [`Fields`]: the keys of one TOML table, taken out one at a time, each
//! mistake reported with its line while the rest are still read.

use std::collections::BTreeMap;
use std::ops::Range;

use serde::de::DeserializeOwned;
use toml::Spanned;
use toml::de::{DeTable, DeValue, ValueDeserializer};

use super::super::file::Problems;
use super::super::suggest;

/// The keys of one TOML table. Whatever is left at the end was never asked
/// for, so it is reported as an unknown key.
pub(super) struct Fields<'i, 'p> {
    table: DeTable<'i>,
    /// Where the table starts: where a missing key is reported.
    span: Range<usize>,
    place: Option<String>,
    known_keys: Vec<&'static str>,
    problems: &'p mut Problems,
}

impl<'i, 'p> Fields<'i, 'p> {
    pub(super) fn new(
        table: Spanned<DeTable<'i>>,
        place: Option<String>,
        problems: &'p mut Problems,
    ) -> Self {
        Self {
            span: table.span(),
            table: table.into_inner(),
            place,
            known_keys: Vec::new(),
            problems,
        }
    }

    pub(super) fn span(&self) -> Range<usize> {
        self.span.clone()
    }

    /// The raw value of `key`, if the table has it.
    pub(super) fn take(&mut self, key: &'static str) -> Option<Spanned<DeValue<'i>>> {
        self.known_keys.push(key);
        self.table.remove(key)
    }

    /// The value of `key`; `None`, and a problem, if it is missing or mistyped.
    pub(super) fn required<T: DeserializeOwned>(
        &mut self,
        key: &'static str,
    ) -> Option<Spanned<T>> {
        if !self.table.contains_key(key) {
            let span = self.span.clone();
            self.problem(span, format!("missing key `{key}`"));
        }
        self.optional(key)
    }

    /// The value of `key` if the table has it; `None`, and a problem, if it is mistyped.
    pub(super) fn optional<T: DeserializeOwned>(
        &mut self,
        key: &'static str,
    ) -> Option<Spanned<T>> {
        let value = self.take(key)?;
        let span = value.span();
        match T::deserialize(ValueDeserializer::from(value)) {
            Ok(value) => Some(Spanned::new(span, value)),
            Err(error) => {
                let span = error.span().unwrap_or(span);
                self.problem(span, format!("`{key}`: {}", error.message()));
                None
            }
        }
    }

    /// A true-or-false key, `default` when missing (or mistyped, which is reported).
    pub(super) fn flag(&mut self, key: &'static str, default: bool) -> bool {
        self.optional(key).map_or(default, Spanned::into_inner)
    }

    /// A list of strings; empty when missing.
    pub(super) fn words(&mut self, key: &'static str) -> Vec<Spanned<String>> {
        self.optional::<Vec<Spanned<String>>>(key)
            .map(Spanned::into_inner)
            .unwrap_or_default()
    }

    /// A table of string to string, in the order the file wrote it.
    pub(super) fn pairs(&mut self, key: &'static str) -> Vec<(Spanned<String>, Spanned<String>)> {
        let map = self.optional::<BTreeMap<Spanned<String>, Spanned<String>>>(key);
        let mut pairs: Vec<_> = map
            .map(Spanned::into_inner)
            .unwrap_or_default()
            .into_iter()
            .collect();
        // The map sorts by key; the spans restore the order the host wrote.
        pairs.sort_by_key(|(key, _)| key.span().start);
        pairs
    }

    /// Reports every key that was not asked for, suggesting the nearest
    /// known one for a typo.
    pub(super) fn finish(mut self) {
        let unknown = std::mem::take(&mut self.table);
        let expected = self.known_keys.iter().map(|key| format!("`{key}`"));
        let expected = expected.collect::<Vec<_>>().join(", ");
        for (key, _) in unknown {
            let word = key.get_ref();
            let known = self.known_keys.iter().copied();
            let what = match suggest::closest(word, known) {
                Some(near) => format!("unknown key `{word}`; did you mean `{near}`?"),
                None => format!("unknown key `{word}`, expected one of {expected}"),
            };
            self.problem(key.span(), what);
        }
    }

    fn problem(&mut self, span: Range<usize>, what: String) {
        self.problems.add(self.place.as_deref(), Some(span), what);
    }
}
