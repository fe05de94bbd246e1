//! MSSP, the MUD Server Status Protocol (telnet option 70): what MUD listing
//! sites and their crawlers read about a game. Sent as a subnegotiation to
//! clients that accept the option, and as plain lines to a crawler that
//! types `MSSP-REQUEST` at the name prompt, as the protocol allows.

use super::codec::{option::MSSP, subnegotiation};

const MSSP_VAR: u8 = 1;
const MSSP_VAL: u8 = 2;

/// The line a crawler without telnet types to ask for the status.
pub const PLAIN_REQUEST: &str = "MSSP-REQUEST";

/// What the server reports about itself.
#[derive(Debug, Clone)]
pub struct Status<'a> {
    pub name: &'a str,
    pub players: usize,
    /// When the server started, in seconds since 1970.
    pub started: u64,
    pub port: u16,
    pub rooms: usize,
    pub items: usize,
}

impl Status<'_> {
    /// The standard variables, in the protocol's names.
    pub fn variables(&self) -> Vec<(&'static str, String)> {
        let mut variables = vec![
            ("NAME", clean(self.name)),
            ("PLAYERS", self.players.to_string()),
            ("UPTIME", self.started.to_string()),
            ("CODEBASE", format!("Hearth {}", env!("CARGO_PKG_VERSION"))),
            ("FAMILY", "Custom".to_owned()),
            ("PORT", self.port.to_string()),
            ("ROOMS", self.rooms.to_string()),
            ("OBJECTS", self.items.to_string()),
            ("CRAWL DELAY", "-1".to_owned()),
        ];
        // What a client can expect over this port.
        for (protocol, offered) in [
            ("ANSI", true),
            ("UTF-8", true),
            ("GMCP", true),
            ("MSSP", true),
            ("CHARSET", true),
            ("MCCP", false),
            ("MSDP", false),
            ("MXP", false),
            ("SSL", false),
        ] {
            variables.push((protocol, u8::from(offered).to_string()));
        }
        variables
    }

    /// `IAC SB MSSP (MSSP_VAR name MSSP_VAL value)… IAC SE`.
    pub fn subnegotiation(&self) -> Vec<u8> {
        let mut body = Vec::new();
        for (name, value) in self.variables() {
            body.push(MSSP_VAR);
            body.extend_from_slice(name.as_bytes());
            body.push(MSSP_VAL);
            body.extend_from_slice(value.as_bytes());
        }
        subnegotiation(MSSP, &body)
    }

    /// The plain-text reply: one `NAME<tab>value` line per variable.
    pub fn plain(&self) -> Vec<String> {
        let mut lines = vec!["MSSP-REPLY-START".to_owned()];
        lines.extend(
            self.variables()
                .into_iter()
                .map(|(name, value)| format!("{name}\t{value}")),
        );
        lines.push("MSSP-REPLY-END".to_owned());
        lines
    }
}

/// A value without control characters, which MSSP uses as separators.
fn clean(value: &str) -> String {
    value.chars().filter(|c| !c.is_control()).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn status() -> Status<'static> {
        Status {
            name: "The \u{1}Keep",
            players: 3,
            started: 1_700_000_000,
            port: 4023,
            rooms: 12,
            items: 7,
        }
    }

    #[test]
    fn the_subnegotiation_carries_name_players_and_uptime() {
        let bytes = status().subnegotiation();
        assert!(bytes.starts_with(&[255, 250, MSSP]) && bytes.ends_with(&[255, 240]));
        let body = &bytes[3..bytes.len() - 2];
        for (name, value) in [
            ("NAME", "The Keep"),
            ("PLAYERS", "3"),
            ("UPTIME", "1700000000"),
        ] {
            let mut pair = vec![MSSP_VAR];
            pair.extend_from_slice(name.as_bytes());
            pair.push(MSSP_VAL);
            pair.extend_from_slice(value.as_bytes());
            assert!(
                body.windows(pair.len()).any(|window| window == pair),
                "{name} {value}"
            );
        }
    }

    #[test]
    fn the_plain_reply_is_framed_lines() {
        let lines = status().plain();
        assert_eq!(lines.first().unwrap(), "MSSP-REPLY-START");
        assert_eq!(lines.last().unwrap(), "MSSP-REPLY-END");
        assert!(lines.contains(&"PLAYERS\t3".to_owned()));
    }
}
