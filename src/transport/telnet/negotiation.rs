//! Option negotiation: which telnet options Hearth offers, which it accepts,
//! and the state of each side of each option, so that no answer is ever
//! answered again (the endless loops RFC 1143 warns of).
//!
//! Each side of an option is on or off, and may have a question of ours
//! waiting. A request for a state the option is already in is not answered;
//! a request that answers our own question is not answered either.
//!
//! ECHO is special: the server "echoes" only while a password is typed, so
//! that the client stops echoing it; Hearth never echoes for real, so it
//! accepts a client's `DO ECHO` only while it wants the password hidden.

use super::codec::option::{CHARSET, ECHO, EOR, GMCP, MSSP, NAWS, SGA, TTYPE};
use super::codec::{Verb, negotiation};

/// Options the server performs when a client asks.
const OURS: &[u8] = &[SGA, EOR, CHARSET, GMCP, MSSP];
/// Options the server lets a client perform.
const THEIRS: &[u8] = &[TTYPE, NAWS, SGA, CHARSET];
/// Offered (`WILL`) as soon as a client connects.
const OFFERED_OURS: &[u8] = &[EOR, CHARSET, GMCP, MSSP];
/// Asked for (`DO`) as soon as a client connects.
const OFFERED_THEIRS: &[u8] = &[TTYPE, NAWS];

#[derive(Debug, Clone, Copy, Default)]
struct Side {
    enabled: bool,
    /// A `WILL`/`WONT` or `DO`/`DONT` of ours is waiting for its answer.
    asked: bool,
}

/// An option that has just been turned on or off.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Turned {
    /// The server now performs the option.
    OursOn(u8),
    OursOff(u8),
    /// The client now performs the option.
    TheirsOn(u8),
    TheirsOff(u8),
}

/// One connection's option state.
#[derive(Debug)]
pub struct Negotiation {
    ours: [Side; 256],
    theirs: [Side; 256],
    hiding_input: bool,
}

impl Default for Negotiation {
    fn default() -> Self {
        Negotiation {
            ours: [Side::default(); 256],
            theirs: [Side::default(); 256],
            hiding_input: false,
        }
    }
}

impl Negotiation {
    /// The opening offers.
    pub fn offer(&mut self, out: &mut Vec<u8>) {
        for &option in OFFERED_THEIRS {
            self.theirs[usize::from(option)].asked = true;
            out.extend_from_slice(&negotiation(Verb::Do, option));
        }
        for &option in OFFERED_OURS {
            self.ours[usize::from(option)].asked = true;
            out.extend_from_slice(&negotiation(Verb::Will, option));
        }
    }

    /// Takes the client's `verb` for `option`, appending any answer to `out`.
    pub fn receive(&mut self, verb: Verb, option: u8, out: &mut Vec<u8>) -> Option<Turned> {
        let accepted = match verb {
            Verb::Will | Verb::Wont => THEIRS.contains(&option),
            Verb::Do | Verb::Dont => {
                OURS.contains(&option) || (option == ECHO && self.hiding_input)
            }
        };
        let index = usize::from(option);
        match verb {
            Verb::Will if !accepted => {
                out.extend_from_slice(&negotiation(Verb::Dont, option));
                None
            }
            Verb::Do if !accepted => {
                out.extend_from_slice(&negotiation(Verb::Wont, option));
                None
            }
            Verb::Will => turn_on(&mut self.theirs[index], Verb::Do, option, out)
                .then_some(Turned::TheirsOn(option)),
            Verb::Do => turn_on(&mut self.ours[index], Verb::Will, option, out)
                .then_some(Turned::OursOn(option)),
            Verb::Wont => turn_off(&mut self.theirs[index], Verb::Dont, option, out)
                .then_some(Turned::TheirsOff(option)),
            Verb::Dont => turn_off(&mut self.ours[index], Verb::Wont, option, out)
                .then_some(Turned::OursOff(option)),
        }
    }

    /// Asks the client to stop (or start again) echoing what is typed.
    pub fn hide_input(&mut self, hide: bool, out: &mut Vec<u8>) {
        self.hiding_input = hide;
        let echo = &mut self.ours[usize::from(ECHO)];
        if hide && !echo.enabled && !echo.asked {
            echo.asked = true;
            out.extend_from_slice(&negotiation(Verb::Will, ECHO));
        } else if !hide && (echo.enabled || echo.asked) {
            *echo = Side {
                enabled: false,
                asked: true,
            };
            out.extend_from_slice(&negotiation(Verb::Wont, ECHO));
        }
    }

    /// Whether the server performs `option`.
    pub fn ours(&self, option: u8) -> bool {
        self.ours[usize::from(option)].enabled
    }

    /// Whether the client performs `option`.
    pub fn theirs(&self, option: u8) -> bool {
        self.theirs[usize::from(option)].enabled
    }

    /// Whether every opening offer has had its answer.
    pub fn answered(&self) -> bool {
        let waiting = |sides: &[Side; 256], options: &[u8]| {
            options
                .iter()
                .any(|&option| sides[usize::from(option)].asked)
        };
        !waiting(&self.ours, OFFERED_OURS) && !waiting(&self.theirs, OFFERED_THEIRS)
    }
}

/// A request to turn a side on: answered with `agree` unless it answers our
/// own question or the side is on already. Returns whether it turned on.
fn turn_on(side: &mut Side, agree: Verb, option: u8, out: &mut Vec<u8>) -> bool {
    let asked = std::mem::take(&mut side.asked);
    if side.enabled {
        return false;
    }
    side.enabled = true;
    if !asked {
        out.extend_from_slice(&negotiation(agree, option));
    }
    true
}

/// A request (or refusal) to turn a side off. Returns whether it turned off.
fn turn_off(side: &mut Side, agree: Verb, option: u8, out: &mut Vec<u8>) -> bool {
    let asked = std::mem::take(&mut side.asked);
    if !side.enabled {
        return false;
    }
    side.enabled = false;
    if !asked {
        out.extend_from_slice(&negotiation(agree, option));
    }
    true
}

#[cfg(test)]
mod tests {
    use super::*;

    fn answer(negotiation: &mut Negotiation, verb: Verb, option: u8) -> (Vec<u8>, Option<Turned>) {
        let mut out = Vec::new();
        let turned = negotiation.receive(verb, option, &mut out);
        (out, turned)
    }

    #[test]
    fn the_offers_are_answered_without_replies_to_the_answers() {
        let mut options = Negotiation::default();
        let mut out = Vec::new();
        options.offer(&mut out);
        assert_eq!(out.len(), 3 * (OFFERED_OURS.len() + OFFERED_THEIRS.len()));
        assert!(!options.answered());
        assert_eq!(
            answer(&mut options, Verb::Will, NAWS),
            (vec![], Some(Turned::TheirsOn(NAWS)))
        );
        assert_eq!(
            answer(&mut options, Verb::Do, GMCP),
            (vec![], Some(Turned::OursOn(GMCP)))
        );
        assert_eq!(answer(&mut options, Verb::Wont, TTYPE), (vec![], None));
        for option in [EOR, CHARSET, MSSP] {
            assert_eq!(answer(&mut options, Verb::Dont, option), (vec![], None));
        }
        assert!(options.answered());
        assert!(options.theirs(NAWS) && options.ours(GMCP) && !options.theirs(TTYPE));
    }

    #[test]
    fn unsupported_options_are_refused_every_time_but_refusals_are_not_answered() {
        let mut options = Negotiation::default();
        assert_eq!(
            answer(&mut options, Verb::Will, 39),
            (vec![255, 254, 39], None)
        );
        assert_eq!(
            answer(&mut options, Verb::Do, 86),
            (vec![255, 252, 86], None)
        );
        assert_eq!(answer(&mut options, Verb::Wont, 39), (vec![], None));
        assert_eq!(answer(&mut options, Verb::Dont, 86), (vec![], None));
    }

    #[test]
    fn a_request_for_the_current_state_is_not_answered() {
        let mut options = Negotiation::default();
        assert_eq!(
            answer(&mut options, Verb::Do, SGA),
            (vec![255, 251, SGA], Some(Turned::OursOn(SGA)))
        );
        assert_eq!(answer(&mut options, Verb::Do, SGA), (vec![], None));
        assert_eq!(
            answer(&mut options, Verb::Dont, SGA),
            (vec![255, 252, SGA], Some(Turned::OursOff(SGA)))
        );
        assert_eq!(answer(&mut options, Verb::Dont, SGA), (vec![], None));
    }

    #[test]
    fn echo_is_offered_only_while_input_is_hidden() {
        let mut options = Negotiation::default();
        assert_eq!(
            answer(&mut options, Verb::Do, ECHO),
            (vec![255, 252, ECHO], None)
        );
        let mut out = Vec::new();
        options.hide_input(true, &mut out);
        assert_eq!(out, [255, 251, ECHO]);
        assert_eq!(
            answer(&mut options, Verb::Do, ECHO),
            (vec![], Some(Turned::OursOn(ECHO)))
        );
        out.clear();
        options.hide_input(false, &mut out);
        assert_eq!(out, [255, 252, ECHO]);
        assert_eq!(answer(&mut options, Verb::Dont, ECHO), (vec![], None));
        assert!(!options.ours(ECHO));
    }
}
