//! What a player types next, and what the answer must look like.
//!
//! Chat players only talk. Mixed players follow a fixed cycle of twenty
//! commands, 70% `say`, 10% `look`, 10% moves and 10% `take`/`drop`, laid out
//! so that the state they change stays put: a player takes its own stone at
//! home, steps out and back, and drops the stone at home again. Every answer
//! is checked, so a reply that does not match the state the player expects
//! (a failed take, a move to the wrong room) is an error.

use crate::plan::Errand;

/// One command to send and the check its answer must pass.
#[derive(Debug, Clone)]
pub struct Command {
    pub text: String,
    pub expect: Expect,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Expect {
    /// The response text starts with this.
    Starts(&'static str),
    /// The response text starts with one of these (where the state the
    /// command meets is not known).
    StartsWithOneOf(&'static [&'static str]),
    /// The response describes this room (after `look` or a move).
    Room(String),
}

impl Command {
    pub fn say(words: String) -> Command {
        Command {
            text: format!("say {words}"),
            expect: Expect::Starts("You say"),
        }
    }

    pub fn walk(exit: &str, to: &str) -> Command {
        Command {
            text: exit.to_owned(),
            expect: Expect::Room(to.to_owned()),
        }
    }

    pub fn look(room: &str) -> Command {
        Command {
            text: "look".to_owned(),
            expect: Expect::Room(room.to_owned()),
        }
    }

    fn take(item: &str) -> Command {
        Command {
            text: format!("take {item}"),
            expect: Expect::Starts("You take"),
        }
    }

    fn drop(item: &str) -> Command {
        Command {
            text: format!("drop {item}"),
            expect: Expect::Starts("You drop"),
        }
    }

    /// Puts `item` down if the player carries it.
    fn drop_if_carried(item: &str) -> Command {
        Command {
            text: format!("drop {item}"),
            expect: Expect::StartsWithOneOf(&["You drop", "You are not carrying"]),
        }
    }

    /// Whether the server must save this command's effect before answering.
    pub fn changes_state(&self) -> bool {
        !self.text.starts_with("say ") && self.text != "look"
    }
}

#[derive(Debug, Clone, Copy)]
enum Step {
    Say,
    Look,
    Out,
    Back,
    Take,
    Drop,
}

/// The mixed cycle: 14 say, 2 look, 2 moves, 2 take/drop.
const MIXED_CYCLE: [Step; 20] = {
    use Step::*;
    [
        Say, Take, Say, Say, Look, Out, Say, Say, Say, Say, //
        Back, Drop, Say, Say, Look, Say, Say, Say, Say, Say,
    ]
};

/// One player's sequence of commands.
pub struct Script {
    player: String,
    home: String,
    /// `Some` for the mixed cycle; chat players only talk.
    errand: Option<Errand>,
    sent: u64,
}

impl Script {
    pub fn chat(player: &str, home: &str) -> Script {
        Script {
            player: player.to_owned(),
            home: home.to_owned(),
            errand: None,
            sent: 0,
        }
    }

    pub fn mixed(player: &str, home: &str, errand: Errand) -> Script {
        Script {
            errand: Some(errand),
            ..Script::chat(player, home)
        }
    }

    pub fn next_command(&mut self) -> Command {
        let position = self.sent;
        self.sent += 1;
        let Some(errand) = &self.errand else {
            return self.line(position);
        };
        match MIXED_CYCLE[(position % MIXED_CYCLE.len() as u64) as usize] {
            Step::Say => self.line(position),
            Step::Look => Command::look(&self.home),
            Step::Out => Command::walk(&errand.out, &errand.away),
            Step::Back => Command::walk(&errand.back, &self.home),
            Step::Take => Command::take(&errand.item),
            Step::Drop => Command::drop(&errand.item),
        }
    }

    fn line(&self, position: u64) -> Command {
        Command::say(format!("{} here, line {position}", self.player))
    }

    /// Starts the cycle over (a player that lost its connection, back home
    /// over another); returns the commands that first put its stone down if
    /// it carries it, since the outcome of the commands it had in flight is
    /// not known.
    pub fn start_again(&mut self) -> Vec<Command> {
        let cycle = MIXED_CYCLE.len() as u64;
        self.sent = self.sent.div_ceil(cycle) * cycle;
        self.errand
            .iter()
            .map(|errand| Command::drop_if_carried(&errand.item))
            .collect()
    }

    /// Commands that bring a player stopped mid-cycle home with its stone put
    /// back, so the next run starts from the same state.
    pub fn tidy_up(&self) -> Vec<Command> {
        let Some(errand) = &self.errand else {
            return Vec::new();
        };
        let next = (self.sent % MIXED_CYCLE.len() as u64) as usize;
        let position = |wanted: fn(&Step) -> bool| {
            MIXED_CYCLE
                .iter()
                .position(wanted)
                .expect("the cycle has every step")
        };
        let (taken, gone, back, dropped) = (
            position(|step| matches!(step, Step::Take)),
            position(|step| matches!(step, Step::Out)),
            position(|step| matches!(step, Step::Back)),
            position(|step| matches!(step, Step::Drop)),
        );
        let mut commands = Vec::new();
        if next > gone && next <= back {
            commands.push(Command::walk(&errand.back, &self.home));
        }
        if next > taken && next <= dropped {
            commands.push(Command::drop(&errand.item));
        }
        commands
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn errand() -> Errand {
        Errand {
            out: "east".to_owned(),
            away: "x1y0".to_owned(),
            back: "west".to_owned(),
            item: "stone 3".to_owned(),
        }
    }

    #[test]
    fn the_mixed_cycle_is_seventy_ten_ten_ten() {
        let mut script = Script::mixed("p", "x0y0", errand());
        let texts: Vec<String> = (0..20).map(|_| script.next_command().text).collect();
        let count = |test: &dyn Fn(&str) -> bool| texts.iter().filter(|t| test(t)).count();
        assert_eq!(count(&|t| t.starts_with("say ")), 14);
        assert_eq!(count(&|t| t == "look"), 2);
        assert_eq!(count(&|t| t == "east" || t == "west"), 2);
        assert_eq!(
            count(&|t| t.starts_with("take ") || t.starts_with("drop ")),
            2
        );
    }

    #[test]
    fn tidying_up_walks_back_then_drops_the_stone() {
        let mut script = Script::mixed("p", "x0y0", errand());
        for _ in 0..8 {
            script.next_command();
        }
        let tidy: Vec<String> = script.tidy_up().into_iter().map(|c| c.text).collect();
        assert_eq!(tidy, ["west", "drop stone 3"]);
        for _ in 8..12 {
            script.next_command();
        }
        assert!(script.tidy_up().is_empty());
    }

    #[test]
    fn starting_again_puts_the_stone_down_and_takes_it_next() {
        let mut script = Script::mixed("p", "x0y0", errand());
        for _ in 0..7 {
            script.next_command();
        }
        let again = script.start_again();
        assert_eq!(again.len(), 1);
        assert_eq!(again[0].text, "drop stone 3");
        assert!(script.tidy_up().is_empty());
        script.next_command();
        assert_eq!(script.next_command().text, "take stone 3");
        assert!(Script::chat("p", "x0y0").start_again().is_empty());
    }
}
