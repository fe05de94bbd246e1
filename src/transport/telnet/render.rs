//! The game's messages as terminal lines: wrapped to the client's width with
//! words kept whole (a word longer than a line is the only thing ever cut),
//! ended by CR LF, and coloured with ANSI codes only when the client's
//! terminal allows it.
//!
//! Colour goes on whole lines after wrapping, so the wrapping never has to
//! measure escape codes: room names, exits, speech, and the server's own
//! lines each have a style.

use textwrap::Options;

use super::protocol::Terminal;
use crate::delivery::Outgoing;
use crate::game::{EventKind, View};

/// How a line looks when colour is allowed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Style {
    Plain,
    RoomName,
    Exits,
    Speech,
    /// The server's own lines: notices, the login dialogue's explanations.
    System,
    Error,
}

impl Style {
    /// The ANSI "select graphic rendition" that starts the style.
    fn start(self) -> Option<&'static str> {
        match self {
            Style::Plain => None,
            Style::RoomName => Some("\x1b[1;36m"),
            Style::Exits => Some("\x1b[32m"),
            Style::Speech => Some("\x1b[33m"),
            Style::System => Some("\x1b[35m"),
            Style::Error => Some("\x1b[31m"),
        }
    }
}

const RESET: &str = "\x1b[0m";

/// How the line of a room's ways out begins.
const EXITS: &str = "Exits: ";

/// Appends `text` (which may hold several lines) in `style`, wrapped for
/// `terminal`, each line ended by CR LF.
pub fn push_text(out: &mut Vec<u8>, text: &str, style: Style, terminal: &Terminal) {
    for line in text.lines() {
        push_line(out, line, style, terminal);
    }
}

/// The text lines of a message from the game.
pub fn message(message: Outgoing<'_>, terminal: &Terminal) -> Vec<u8> {
    let mut out = Vec::new();
    match message {
        // The login dialogue has greeted the player already; a request
        // done with nothing to say says nothing.
        // Who is online anywhere is for lists a telnet client does not keep.
        Outgoing::Welcome { .. } | Outgoing::Done { .. } | Outgoing::Presence { .. } => {}
        Outgoing::Reply { response, .. } => {
            push_answer(&mut out, &response.text, response.view.as_ref(), terminal)
        }
        // What another connection of the character did reads as its answer.
        Outgoing::Event { event, .. } if event.kind == EventKind::Own => {
            push_answer(&mut out, &event.text, event.data.as_ref(), terminal)
        }
        Outgoing::Event { event, .. } => {
            push_text(&mut out, &event.text, event_style(event.kind), terminal)
        }
        Outgoing::Refusal { error, .. } => push_text(&mut out, error, Style::Error, terminal),
        Outgoing::Gap { text } => push_text(&mut out, text, Style::System, terminal),
    }
    out
}

/// A room's description starts with its name, and one of its lines lists
/// the ways out; other answers are plain.
fn push_answer(out: &mut Vec<u8>, text: &str, view: Option<&View>, terminal: &Terminal) {
    let lines: Vec<&str> = text.lines().collect();
    let is_room = matches!(view,
        Some(View::Room(room)) if lines.len() > 1 && lines[0] == room.name);
    if !is_room {
        return push_text(out, text, Style::Plain, terminal);
    }
    for (index, line) in lines.iter().enumerate() {
        let style = match index {
            0 => Style::RoomName,
            _ if line.starts_with(EXITS) => Style::Exits,
            _ => Style::Plain,
        };
        push_line(out, line, style, terminal);
    }
}

fn event_style(kind: EventKind) -> Style {
    match kind {
        EventKind::Say
        | EventKind::Emote
        | EventKind::Tell
        | EventKind::Shout
        | EventKind::Channel => Style::Speech,
        EventKind::System | EventKind::Status => Style::System,
        EventKind::Arrive
        | EventKind::Leave
        | EventKind::Give
        | EventKind::Take
        | EventKind::Drop
        | EventKind::Connect
        | EventKind::Disconnect
        | EventKind::Echo
        | EventKind::Own => Style::Plain,
    }
}

fn push_line(out: &mut Vec<u8>, line: &str, style: Style, terminal: &Terminal) {
    let colour = style.start().filter(|_| terminal.colour);
    for wrapped in textwrap::wrap(line, Options::new(terminal.width)) {
        match colour {
            Some(start) if !wrapped.is_empty() => {
                out.extend_from_slice(start.as_bytes());
                out.extend_from_slice(wrapped.as_bytes());
                out.extend_from_slice(RESET.as_bytes());
            }
            _ => out.extend_from_slice(wrapped.as_bytes()),
        }
        out.extend_from_slice(b"\r\n");
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::bus::Seq;
    use crate::game::{Response, RoomId, RoomView};
    use crate::transport::telnet::protocol::PromptEnd;

    fn terminal(width: usize, colour: bool) -> Terminal {
        Terminal {
            width,
            colour,
            gmcp: false,
            prompt_end: PromptEnd::GoAhead,
        }
    }

    fn text(bytes: Vec<u8>) -> String {
        String::from_utf8(bytes).unwrap()
    }

    #[test]
    fn lines_wrap_at_the_width_keeping_words_whole() {
        let mut out = Vec::new();
        let line = "The quick brown fox jumps over the lazy dog near the riverbank today.";
        push_text(&mut out, line, Style::Plain, &terminal(20, false));
        let out = text(out);
        let lines: Vec<&str> = out.split_terminator("\r\n").collect();
        assert!(
            lines.iter().all(|line| line.chars().count() <= 20),
            "{lines:?}"
        );
        assert_eq!(lines.join(" "), line, "no word is cut or lost");
        assert!(out.ends_with("\r\n") && !out.replace("\r\n", "").contains('\n'));
    }

    #[test]
    fn a_word_longer_than_the_width_is_the_only_thing_cut() {
        let mut out = Vec::new();
        push_text(
            &mut out,
            &"x".repeat(50),
            Style::Plain,
            &terminal(20, false),
        );
        assert_eq!(text(out).matches("\r\n").count(), 3);
    }

    #[test]
    fn colour_only_when_the_terminal_allows_it() {
        let mut plain = Vec::new();
        push_text(
            &mut plain,
            "Bob says, \"hi\"",
            Style::Speech,
            &terminal(80, false),
        );
        assert!(!plain.contains(&0x1b));
        let mut coloured = Vec::new();
        push_text(
            &mut coloured,
            "Bob says, \"hi\"",
            Style::Speech,
            &terminal(80, true),
        );
        assert_eq!(text(coloured), "\x1b[33mBob says, \"hi\"\x1b[0m\r\n");
    }

    #[test]
    fn a_room_has_its_name_and_exits_coloured() {
        let response = Response {
            text: "Great Hall\nA long hall.\nMarta is here.\nExits: north, gate.\nMarta waves."
                .into(),
            view: Some(View::Room(RoomView {
                id: RoomId::new("hall"),
                name: "Great Hall".into(),
                exits: vec!["north".into(), "gate".into()],
                items: vec![],
                players: vec![],
                npcs: vec!["Marta".into()],
            })),
        };
        let out = message(
            Outgoing::Reply {
                request: Some(1),
                seq: Seq(1),
                command: "look",
                response: &response,
                replayed: false,
            },
            &terminal(80, true),
        );
        assert_eq!(
            text(out),
            "\x1b[1;36mGreat Hall\x1b[0m\r\nA long hall.\r\nMarta is here.\r\n\
             \x1b[32mExits: north, gate.\x1b[0m\r\nMarta waves.\r\n"
        );
    }

    #[test]
    fn blank_lines_stay_and_multibyte_text_is_measured_in_characters() {
        let mut out = Vec::new();
        push_text(
            &mut out,
            "één twee\n\ndrie",
            Style::Plain,
            &terminal(20, false),
        );
        assert_eq!(text(out), "één twee\r\n\r\ndrie\r\n");
    }
}
