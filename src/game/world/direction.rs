//! The direction words every world understands, with their abbreviations.

/// A compass or vertical direction. Exits may also use any other word; only
/// these have abbreviations and an opposite.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Direction {
    North,
    South,
    East,
    West,
    Up,
    Down,
    Northeast,
    Northwest,
    Southeast,
    Southwest,
    In,
    Out,
}

const ALL: [(Direction, &str, Option<&str>); 12] = [
    (Direction::North, "north", Some("n")),
    (Direction::South, "south", Some("s")),
    (Direction::East, "east", Some("e")),
    (Direction::West, "west", Some("w")),
    (Direction::Up, "up", Some("u")),
    (Direction::Down, "down", Some("d")),
    (Direction::Northeast, "northeast", Some("ne")),
    (Direction::Northwest, "northwest", Some("nw")),
    (Direction::Southeast, "southeast", Some("se")),
    (Direction::Southwest, "southwest", Some("sw")),
    (Direction::In, "in", None),
    (Direction::Out, "out", None),
];

impl Direction {
    /// Reads a full name or an abbreviation, case-insensitively.
    pub fn parse(word: &str) -> Option<Direction> {
        ALL.iter()
            .find(|(_, name, short)| {
                word.eq_ignore_ascii_case(name)
                    || short.is_some_and(|s| word.eq_ignore_ascii_case(s))
            })
            .map(|(direction, _, _)| *direction)
    }

    pub fn name(self) -> &'static str {
        ALL.iter()
            .find(|(d, _, _)| *d == self)
            .map(|(_, name, _)| *name)
            .unwrap_or_default()
    }

    pub fn opposite(self) -> Direction {
        use Direction::*;
        match self {
            North => South,
            South => North,
            East => West,
            West => East,
            Up => Down,
            Down => Up,
            Northeast => Southwest,
            Southwest => Northeast,
            Northwest => Southeast,
            Southeast => Northwest,
            In => Out,
            Out => In,
        }
    }

    /// Every direction with its full name and abbreviation, for help text and completion.
    pub fn all() -> impl Iterator<Item = (Direction, &'static str, Option<&'static str>)> {
        ALL.into_iter()
    }
}
