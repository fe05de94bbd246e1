use super::{Context, command};
use crate::game::outcome::Outcome;

command! {
    /// quit
    ///
    /// Explains how to leave the game. Your character stays where you left
    /// it, with everything you carry, until you come back.
    pub static QUIT = "quit" | "logout" => quit;
}

fn quit(_: &Context, _: &str) -> Outcome {
    Outcome::reply(
        "To leave, press \"Log out\" at the top of the page (or type \"logout\" in the web \
         client); a telnet client can simply close the connection. Your character waits \
         where you leave it.",
    )
}
