//! Typed bytes into lines. A line ends at CR, LF or CR LF (and telnet's
//! CR NUL); backspace and DEL erase the last character, for clients that
//! send every key as it is pressed. A line over [`MAX_LINE_BYTES`] is not
//! kept: its end is awaited and it is reported as too long, so the next line
//! starts clean. A line that is not UTF-8 is reported as such.

/// Longest line taken, in bytes.
pub const MAX_LINE_BYTES: usize = 2000;

const BACKSPACE: u8 = 0x08;
const DELETE: u8 = 0x7f;

/// One line as the client ended it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Line {
    Text(String),
    /// Longer than [`MAX_LINE_BYTES`]; its bytes were dropped.
    TooLong,
    /// Not valid UTF-8.
    NotText,
}

#[derive(Debug, Default)]
pub struct LineReader {
    line: Vec<u8>,
    after_cr: bool,
    too_long: bool,
}

impl LineReader {
    /// Adds typed bytes; appends every line they end to `lines`.
    pub fn push(&mut self, data: &[u8], lines: &mut Vec<Line>) {
        for &byte in data {
            if std::mem::take(&mut self.after_cr) && (byte == b'\n' || byte == 0) {
                continue;
            }
            match byte {
                b'\r' => {
                    lines.push(self.end());
                    self.after_cr = true;
                }
                b'\n' => lines.push(self.end()),
                BACKSPACE | DELETE => self.erase_character(),
                0 => {}
                _ if self.line.len() < MAX_LINE_BYTES => self.line.push(byte),
                _ => self.too_long = true,
            }
        }
    }

    /// Erases the last character typed (a whole UTF-8 sequence).
    pub fn erase_character(&mut self) {
        while let Some(byte) = self.line.pop() {
            if !is_continuation(byte) {
                break;
            }
        }
    }

    /// Erases the line typed so far.
    pub fn erase_line(&mut self) {
        self.line.clear();
        self.too_long = false;
    }

    fn end(&mut self) -> Line {
        let bytes = std::mem::take(&mut self.line);
        if std::mem::take(&mut self.too_long) {
            return Line::TooLong;
        }
        String::from_utf8(bytes).map_or(Line::NotText, Line::Text)
    }
}

fn is_continuation(byte: u8) -> bool {
    byte & 0b1100_0000 == 0b1000_0000
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read(chunks: &[&[u8]]) -> Vec<Line> {
        let mut reader = LineReader::default();
        let mut lines = Vec::new();
        for chunk in chunks {
            reader.push(chunk, &mut lines);
        }
        lines
    }

    fn text(line: &str) -> Line {
        Line::Text(line.to_owned())
    }

    #[test]
    fn lines_end_at_cr_lf_or_cr_lf() {
        assert_eq!(
            read(&[b"one\r\ntwo\nthree\rfour\r\0five\r", b"\nsix"]),
            [
                text("one"),
                text("two"),
                text("three"),
                text("four"),
                text("five")
            ]
        );
    }

    #[test]
    fn empty_lines_are_lines() {
        assert_eq!(read(&[b"\r\n\n"]), [text(""), text("")]);
    }

    #[test]
    fn backspace_erases_a_whole_character() {
        assert_eq!(read(&[b"caf\xc3\xa9\x08e\x7f\x7fx\r\n"]), [text("cax")]);
    }

    #[test]
    fn a_line_over_the_limit_is_refused_and_the_next_is_whole() {
        let long = vec![b'a'; MAX_LINE_BYTES + 1];
        assert_eq!(
            read(&[&long, b"aaa\r\nlook\r\n"]),
            [Line::TooLong, text("look")]
        );
        let just = vec![b'a'; MAX_LINE_BYTES];
        assert_eq!(read(&[&just, b"\n"]).len(), 1);
        assert!(
            matches!(&read(&[&just, b"\n"])[0], Line::Text(line) if line.len() == MAX_LINE_BYTES)
        );
    }

    #[test]
    fn bytes_that_are_not_utf8_make_the_line_not_text() {
        assert_eq!(
            read(&[b"say \xe9t\xe9\r\nlook\r\n"]),
            [Line::NotText, text("look")]
        );
    }
}
