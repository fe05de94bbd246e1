//! The writing half of a telnet connection: takes every frame already
//! queued, writes them in one go, and ends each burst of game text with the
//! prompt, as MUD clients expect.
//!
//! A prompt leaves the cursor on its line and ends with `IAC GA` (or
//! `IAC EOR`), which is how Mudlet and TinTin++ tell a prompt from text.
//! Text that arrives while a prompt is showing first ends the prompt's line,
//! as classic MUD servers do; a line the player typed has already done that.

use std::sync::Arc;
use std::time::Duration;

use tokio::io::AsyncWriteExt as _;
use tokio::net::tcp::OwnedWriteHalf;
use tokio::sync::mpsc;

use super::codec::command::{EOR, GA, IAC};
use super::output::{Frame, TelnetOutlet};
use super::protocol::PromptEnd;

/// The prompt shown in the game after each burst of text.
pub const GAME_PROMPT: &str = "> ";

/// Longest a write may wait for the client to take it before the client
/// counts as gone.
const WRITE_STALL: Duration = Duration::from_secs(60);

/// Writes until the connection ends or a `Close` frame has been written;
/// ends the connection itself when done.
pub async fn run(
    mut socket: OwnedWriteHalf,
    mut frames: mpsc::UnboundedReceiver<Frame>,
    outlet: Arc<TelnetOutlet>,
) {
    let mut burst = Burst::default();
    loop {
        let frame = tokio::select! {
            frame = frames.recv() => frame,
            () = outlet.ended().cancelled() => break,
        };
        let Some(frame) = frame else { break };
        let closing = burst.take(frame, &outlet, &mut frames);
        if !closing && burst.playing && burst.text_since_prompt {
            burst.prompt(GAME_PROMPT, &outlet);
        }
        let written = tokio::select! {
            written = tokio::time::timeout(WRITE_STALL, socket.write_all(&burst.bytes)) => written,
            () = outlet.ended().cancelled() => break,
        };
        if !matches!(written, Ok(Ok(()))) {
            break;
        }
        outlet.written(std::mem::take(&mut burst.queued));
        burst.bytes.clear();
        if closing {
            let _ = socket.shutdown().await;
            break;
        }
    }
    outlet.abort();
}

/// The bytes of one write, and what the writer remembers between writes.
#[derive(Default)]
struct Burst {
    bytes: Vec<u8>,
    /// Queued bytes this write accounts for.
    queued: usize,
    playing: bool,
    text_since_prompt: bool,
}

impl Burst {
    /// Takes `first` and every frame already queued after it, up to a
    /// `Close`; returns whether one came.
    fn take(
        &mut self,
        first: Frame,
        outlet: &TelnetOutlet,
        frames: &mut mpsc::UnboundedReceiver<Frame>,
    ) -> bool {
        let mut next = Some(first);
        while let Some(frame) = next {
            self.queued += frame.size();
            match frame {
                Frame::Text(text) => {
                    if outlet.take_after_prompt() {
                        self.bytes.extend_from_slice(b"\r\n");
                    }
                    self.bytes.extend_from_slice(&text);
                    self.text_since_prompt = true;
                }
                Frame::Control(bytes) => self.bytes.extend_from_slice(&bytes),
                Frame::Prompt(text) => self.prompt(&text, outlet),
                Frame::Playing => self.playing = true,
                Frame::Close => return true,
            }
            next = frames.try_recv().ok();
        }
        false
    }

    fn prompt(&mut self, text: &str, outlet: &TelnetOutlet) {
        if outlet.take_after_prompt() {
            self.bytes.extend_from_slice(b"\r\n");
        }
        self.bytes.extend_from_slice(text.as_bytes());
        match outlet.terminal().prompt_end {
            PromptEnd::GoAhead => self.bytes.extend_from_slice(&[IAC, GA]),
            PromptEnd::EndOfRecord => self.bytes.extend_from_slice(&[IAC, EOR]),
            PromptEnd::Nothing => {}
        }
        outlet.prompt_shown();
        self.text_since_prompt = false;
    }
}
