//! Where a logged-in telnet player's inputs go: the one seam between this
//! transport and the game.
//!
//! A connection hands every input through [`Gateway::submit`]: `Enter` once
//! the password is right, then `Command` for each line, and `Exit` when the
//! connection ends for any reason (`quit`, a hang-up, an idle timeout,
//! shutdown), so the character goes link-dead as for a closed web socket.
//! What the game answers comes back through [`Player::outlet`]. Every
//! `Enter` and `Command` must be answered exactly once (a welcome, a
//! response or an error): the connection counts its unanswered inputs and
//! stops reading while too many wait.
//!
//! The engine cannot take telnet inputs yet; it will through the delivery
//! hub being built for every transport. Until then the server runs
//! [`LoginOnly`], which lets players log in and create characters and tells
//! them the game itself is not reachable over telnet yet.

use std::net::SocketAddr;
use std::sync::Arc;

use crate::delivery::Hub;
use crate::game::{Actor, Input};
use crate::store::TokenDigest;
use crate::transport::outlet::{Outgoing, Outlet};

/// A telnet connection whose player is logged in.
pub struct Player {
    pub actor: Actor,
    /// The session the connection was opened with, so that logging out on
    /// the web can close it too.
    pub session: TokenDigest,
    /// Where the game's answers and events for this connection go.
    pub outlet: Arc<dyn Outlet>,
    pub peer: SocketAddr,
}

/// The game has stopped taking inputs.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
#[error("the game is stopping")]
pub struct GameStopped;

/// The game, as telnet connections reach it.
pub trait Gateway: Send + Sync + 'static {
    /// Queues `input` from `player`; never blocks.
    fn submit(&self, player: &Player, input: Input) -> Result<(), GameStopped>;

    /// Characters in the game, for MSSP's `PLAYERS`.
    fn players_online(&self) -> usize;
}

/// Until the engine takes telnet inputs: accounts work, the game answers
/// that it cannot be played over telnet yet.
pub struct LoginOnly {
    /// The node's connections, the nearest count of players there is
    /// outside the engine (two tabs of one player count twice).
    pub hub: Arc<Hub>,
}

/// What [`LoginOnly`] answers `Enter` with.
pub const NOT_PLAYABLE_YET: &str = "The game cannot be played over telnet on this server yet; your account works on the web. Type \"quit\" to leave.";
/// What [`LoginOnly`] answers each command with.
pub const NOT_A_COMMAND_YET: &str = "Not over telnet yet; type \"quit\" to leave.";

impl Gateway for LoginOnly {
    fn submit(&self, player: &Player, input: Input) -> Result<(), GameStopped> {
        let answer = match input {
            Input::Enter => NOT_PLAYABLE_YET,
            Input::Command(_) => NOT_A_COMMAND_YET,
            _ => return Ok(()),
        };
        let _ = player.outlet.send(Outgoing::Error(answer));
        Ok(())
    }

    fn players_online(&self) -> usize {
        self.hub.connections()
    }
}
