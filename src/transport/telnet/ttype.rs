//! Terminal types (TTYPE, RFC 1091) and the MUD Terminal Type Standard
//! (MTTS), which decide whether a client is sent ANSI colour.
//!
//! Each `SEND` asks for the client's next name. MTTS clients answer with
//! their client name, then their terminal type, then `MTTS <bits>`, and then
//! repeat the last answer; older clients repeat one name. The cycle ends when
//! an answer repeats, after an `MTTS` answer, or after [`MAX_REQUESTS`].
//!
//! Colour is on only when an answer says so: the MTTS ANSI bit, or a name
//! known to display ANSI colour. A client that names nothing, or names a
//! terminal that is not known to, gets plain text.

/// Names asked for at most; MTTS needs three, a fourth shows the repeat.
const MAX_REQUESTS: usize = 4;

/// The MTTS bit for "supports ANSI colour".
const MTTS_ANSI: u32 = 1;

/// Terminal types, or parts of them, that display ANSI colour, upper case.
const COLOUR_TERMINALS: &[&str] = &[
    "ANSI",
    "XTERM",
    "COLOR",
    "COLOUR",
    "LINUX",
    "SCREEN",
    "TMUX",
    "RXVT",
    "PUTTY",
    "KONSOLE",
    "ALACRITTY",
    "KITTY",
];

/// MUD clients (their first TTYPE answer), all of which display ANSI colour.
const COLOUR_CLIENTS: &[&str] = &[
    "MUDLET",
    "TINTIN++",
    "MUSHCLIENT",
    "CMUD",
    "ZMUD",
    "BLIGHTMUD",
    "KBTIN",
    "MUDRAMMER",
    "POTATO",
    "BEIP",
    "ATLANTIS",
    "AXMUD",
];

/// What the client has said about its terminal so far.
#[derive(Debug, Default)]
pub struct TerminalTypes {
    answers: Vec<String>,
    requested: usize,
    finished: bool,
}

impl TerminalTypes {
    /// Notes that a `SEND` went out.
    pub fn requested(&mut self) {
        self.requested += 1;
    }

    /// Takes the body of `IS <name>`; returns whether to ask again.
    pub fn answered(&mut self, name: &str) -> bool {
        let name = name.trim().to_ascii_uppercase();
        let repeated = self.answers.last() == Some(&name);
        let mtts = mtts_bits(&name).is_some();
        if !repeated {
            self.answers.push(name);
        }
        self.finished = repeated || mtts || self.requested >= MAX_REQUESTS;
        !self.finished
    }

    /// The client will not name (more) terminals.
    pub fn refused(&mut self) {
        self.finished = true;
    }

    /// Whether a `SEND` is waiting for its answer.
    pub fn waiting(&self) -> bool {
        !self.finished && self.requested > self.answers.len()
    }

    /// The first name given, usually the client's.
    pub fn client(&self) -> Option<&str> {
        self.answers.first().map(String::as_str)
    }

    /// Whether the answers so far allow ANSI colour.
    pub fn colour(&self) -> bool {
        if let Some(bits) = self.answers.iter().find_map(|name| mtts_bits(name)) {
            return bits & MTTS_ANSI != 0;
        }
        self.answers.iter().any(|name| {
            COLOUR_CLIENTS.contains(&name.as_str())
                || COLOUR_TERMINALS.iter().any(|part| name.contains(part))
        })
    }
}

/// The bits of an `MTTS <number>` answer.
fn mtts_bits(name: &str) -> Option<u32> {
    name.strip_prefix("MTTS ")?.trim().parse().ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cycle(answers: &[&str]) -> (TerminalTypes, usize) {
        let mut types = TerminalTypes::default();
        types.requested();
        let mut asked = 1;
        for answer in answers {
            if !types.answered(answer) {
                break;
            }
            types.requested();
            asked += 1;
        }
        (types, asked)
    }

    #[test]
    fn an_mtts_client_is_asked_three_times_and_its_bits_decide() {
        let (types, asked) = cycle(&["TINTIN++", "tmux-256color", "MTTS 271", "MTTS 271"]);
        assert_eq!(asked, 3);
        assert_eq!(types.client(), Some("TINTIN++"));
        assert!(types.colour());
        let (types, _) = cycle(&["MUDLET", "ANSI-TRUECOLOR", "MTTS 0"]);
        assert!(!types.colour(), "the MTTS bits overrule the names");
    }

    #[test]
    fn a_client_that_repeats_one_name_ends_the_cycle() {
        let (types, asked) = cycle(&["XTERM", "XTERM"]);
        assert_eq!(asked, 2);
        assert!(types.colour());
        assert!(!types.waiting());
    }

    #[test]
    fn unknown_and_dumb_terminals_get_no_colour() {
        for names in [&["DUMB"][..], &["UNKNOWN", "VT52"], &[]] {
            let (types, _) = cycle(names);
            assert!(!types.colour(), "{names:?}");
        }
    }

    #[test]
    fn a_client_that_keeps_inventing_names_is_asked_at_most_four_times() {
        let (_, asked) = cycle(&["A", "B", "C", "D", "E", "F"]);
        assert_eq!(asked, MAX_REQUESTS);
    }
}
