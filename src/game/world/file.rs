//! Loading a world file, and telling its host everything that is wrong with it.
//!
//! The loader is a user interface. Every problem names the file, the line, the
//! entry (`rooms[3] (id "tower")`, `[world]`) and what is wrong, and all
//! problems are reported at once so a host fixes a file in one pass instead
//! of one restart per typo. A file with any problem never becomes a [`World`].

use std::fmt;
use std::ops::Range;

use super::{World, check, read, warnings};

/// Why a world file could not be used.
#[derive(Debug, thiserror::Error)]
pub struct WorldError {
    file: String,
    problems: Vec<String>,
}

impl WorldError {
    pub(super) fn unreadable(file: &str, error: &std::io::Error) -> Self {
        Self {
            file: file.to_owned(),
            problems: vec![format!("cannot be read: {error}")],
        }
    }

    /// Each problem as one line, without the file name, in file order.
    pub fn problems(&self) -> &[String] {
        &self.problems
    }
}

impl fmt::Display for WorldError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.problems.as_slice() {
            [one] => write!(f, "world file {}: {one}", self.file),
            many => {
                write!(f, "world file {} has {} problems:", self.file, many.len())?;
                many.iter()
                    .try_for_each(|problem| write!(f, "\n  - {problem}"))
            }
        }
    }
}

pub(super) fn parse(source: &str, file_name: &str) -> Result<World, WorldError> {
    let mut problems = Problems::new(source);
    let world =
        read::read(source, &mut problems).and_then(|file| check::build(file, &mut problems));
    match world {
        Some(mut world) if problems.is_empty() => {
            world.warnings = warnings::find(&world)
                .into_iter()
                .map(|warning| format!("world file {file_name}: {warning}"))
                .collect();
            Ok(world)
        }
        _ => Err(problems.into_error(file_name)),
    }
}

/// The problems found in one world file so far, each placed on its line.
pub(super) struct Problems {
    /// The byte offset at which each line of the file starts.
    line_starts: Vec<usize>,
    found: Vec<Problem>,
}

struct Problem {
    line: Option<usize>,
    text: String,
}

impl Problems {
    fn new(source: &str) -> Self {
        let after_newlines = source.match_indices('\n').map(|(at, _)| at + 1);
        Self {
            line_starts: std::iter::once(0).chain(after_newlines).collect(),
            found: Vec::new(),
        }
    }

    /// Records that `what` is wrong. `place` is the entry it is in
    /// (`rooms[3] (id "tower")`), `None` for the file as a whole; `span` is
    /// where in the file, when that is known.
    pub(super) fn add(
        &mut self,
        place: Option<&str>,
        span: Option<Range<usize>>,
        what: impl fmt::Display,
    ) {
        let line = span.map(|span| self.line_of(span.start));
        let line_text = line.map(|line| format!("line {line}"));
        let location: Vec<&str> = line_text.as_deref().into_iter().chain(place).collect();
        let text = match location.as_slice() {
            [] => what.to_string(),
            location => format!("{}: {what}", location.join(", ")),
        };
        self.found.push(Problem { line, text });
    }

    /// The line, counted from 1, that the byte at `offset` is on.
    pub(super) fn line_of(&self, offset: usize) -> usize {
        self.line_starts.partition_point(|&start| start <= offset)
    }

    fn is_empty(&self) -> bool {
        self.found.is_empty()
    }

    fn into_error(mut self, file_name: &str) -> WorldError {
        self.found.sort_by_key(|problem| problem.line);
        WorldError {
            file: file_name.to_owned(),
            problems: self.found.into_iter().map(|problem| problem.text).collect(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::game::world::test_worlds::{FILE, error_for};

    #[test]
    fn a_syntax_error_names_its_line() {
        let error = error_for("[world]\nname = \"Keep\nstart = \"hall\"\n");
        assert_eq!(
            error,
            "world file keep.toml: line 2: invalid basic string, expected `\"`"
        );
    }

    #[test]
    fn every_syntax_error_is_reported_once_per_line() {
        let error = error_for("[world]\nname = \"Keep\nstart = hall\nmotd = = 3\n");
        assert_eq!(
            error,
            "world file keep.toml has 3 problems:\n  \
             - line 2: invalid basic string, expected `\"`\n  \
             - line 3: string values must be quoted, expected literal string\n  \
             - line 4: extra `=`, expected nothing"
        );
    }

    #[test]
    fn problems_are_listed_in_file_order() {
        let error = error_for(
            r#"
[world]
name = "Keep"
start = "hall"

[[rooms]]
id = "hall"
name = "Hall"
description = "A hall."
exits = { north = "tower" }

[[rooms]]
id = "Hall"
name = "Tower"
description = "A tower."
"#,
        );
        let problems: Vec<&str> = error.lines().skip(1).collect();
        assert_eq!(problems.len(), 2, "{error}");
        assert!(problems[0].starts_with("  - line 10,"), "{error}");
        assert!(problems[1].starts_with("  - line 13,"), "{error}");
    }

    #[test]
    fn an_unreadable_file_names_the_file() {
        let missing = std::path::Path::new("/nonexistent/keep.toml");
        let error = World::load(missing).expect_err("no such file").to_string();
        assert!(
            error.starts_with("world file /nonexistent/keep.toml: cannot be read: "),
            "{error}"
        );
    }

    #[test]
    fn lines_are_counted_from_one() {
        let problems = Problems::new("a\nbc\n\nd");
        let lines: Vec<usize> = [0, 1, 2, 4, 5, 6].map(|at| problems.line_of(at)).into();
        assert_eq!(lines, [1, 1, 2, 2, 3, 4]);
    }

    #[test]
    fn a_problem_without_a_line_or_entry_is_its_text_alone() {
        let mut problems = Problems::new("");
        problems.add(None, None, "a world needs at least one room");
        let error = problems.into_error(FILE);
        assert_eq!(error.problems(), ["a world needs at least one room"]);
    }
}
