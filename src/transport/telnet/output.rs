//! A telnet connection's way out: the [`Outlet`] the delivery hub writes to,
//! and the session's own lines, both queued for the connection's writer.
//!
//! Everything is rendered when it is queued, with the terminal as it is
//! then, so the queue holds bytes and its size is known: past
//! [`MAX_QUEUED_BYTES`] the client has stopped reading, and the connection
//! is dropped at once rather than holding ever more for it.
//!
//! It also keeps the connection's requests still waiting for their answers
//! ([`Waiting`]): each answer the hub hands over takes its request off, and
//! the session stops reading while the most that may wait do, so a client
//! that pastes a thousand lines waits for the game in TCP's own way.

use std::net::SocketAddr;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};

use tokio::sync::mpsc;
use tokio_util::sync::CancellationToken;

use super::gmcp;
use super::protocol::Terminal;
use super::render::{self, Style};
use super::writer::GAME_PROMPT;
use crate::delivery::{Outgoing, Outlet, Unwritable};
use crate::game::World;
use crate::transport::game_link::{ENTER_REQUEST, Waiting};

/// Bytes queued for one client before it counts as not reading.
pub const MAX_QUEUED_BYTES: usize = 256 * 1024;

/// What the writer is asked to do, in order.
#[derive(Debug)]
pub enum Frame {
    /// Lines of text, each ended by CR LF.
    Text(Vec<u8>),
    /// Protocol bytes (negotiations, GMCP, MSSP); nothing on the screen.
    Control(Vec<u8>),
    /// Text left open on the line for the player to answer.
    Prompt(String),
    /// From now on, the game's prompt follows each burst of text.
    Playing,
    /// Write what is queued, then close.
    Close,
}

impl Frame {
    pub fn size(&self) -> usize {
        match self {
            Frame::Text(bytes) | Frame::Control(bytes) => bytes.len(),
            Frame::Prompt(text) => text.len(),
            Frame::Playing | Frame::Close => 0,
        }
    }
}

/// One telnet connection's output, shared by its session, its writer and
/// (through [`Outlet`]) the delivery hub.
pub struct TelnetOutlet {
    frames: mpsc::UnboundedSender<Frame>,
    queued_bytes: AtomicUsize,
    terminal: Mutex<Terminal>,
    /// Whether the client's cursor sits after a prompt of ours, so that new
    /// text must start on a fresh line.
    after_prompt: AtomicBool,
    /// Cancelled once the connection is asked to close: its last lines are
    /// queued, and nothing more is read.
    closing: CancellationToken,
    /// Cancelled when the connection is over: closed, failed, or dropped for
    /// not reading.
    ended: CancellationToken,
    waiting: Waiting<()>,
    world: Arc<World>,
    peer: SocketAddr,
}

impl TelnetOutlet {
    pub fn new(
        world: Arc<World>,
        peer: SocketAddr,
    ) -> (Arc<TelnetOutlet>, mpsc::UnboundedReceiver<Frame>) {
        let (frames, receiver) = mpsc::unbounded_channel();
        let outlet = TelnetOutlet {
            frames,
            queued_bytes: AtomicUsize::new(0),
            terminal: Mutex::new(Terminal::default()),
            after_prompt: AtomicBool::new(false),
            closing: CancellationToken::new(),
            ended: CancellationToken::new(),
            waiting: Waiting::default(),
            world,
            peer,
        };
        (Arc::new(outlet), receiver)
    }

    pub fn terminal(&self) -> Terminal {
        *self.terminal.lock().expect("terminal lock")
    }

    pub fn set_terminal(&self, terminal: Terminal) {
        *self.terminal.lock().expect("terminal lock") = terminal;
    }

    /// Queues protocol bytes.
    pub fn control(&self, bytes: Vec<u8>) {
        if !bytes.is_empty() {
            let _ = self.push(Frame::Control(bytes));
        }
    }

    /// Queues lines of the session's own.
    pub fn say(&self, text: &str, style: Style) {
        let mut bytes = Vec::new();
        render::push_text(&mut bytes, text, style, &self.terminal());
        let _ = self.push(Frame::Text(bytes));
    }

    /// Queues a prompt.
    pub fn prompt(&self, text: &str) {
        let _ = self.push(Frame::Prompt(text.to_owned()));
    }

    /// The player is in the game: the game's prompt follows what it says.
    pub fn playing(&self) {
        let _ = self.push(Frame::Playing);
    }

    /// The client ended a line, which its own echo took to a fresh line.
    pub fn line_entered(&self) {
        self.after_prompt.store(false, Ordering::Release);
    }

    /// Notes that a prompt is what the client saw last (for the writer).
    pub fn prompt_shown(&self) {
        self.after_prompt.store(true, Ordering::Release);
    }

    /// Whether new text must first end the line a prompt left open.
    pub fn take_after_prompt(&self) -> bool {
        self.after_prompt.swap(false, Ordering::AcqRel)
    }

    /// The writer has written `bytes` of what was queued.
    pub fn written(&self, bytes: usize) {
        self.queued_bytes.fetch_sub(bytes, Ordering::AcqRel);
    }

    /// The connection's requests waiting for their answers.
    pub fn waiting(&self) -> &Waiting<()> {
        &self.waiting
    }

    /// Ends the connection now, without writing what is queued.
    pub fn abort(&self) {
        self.ended.cancel();
    }

    /// A token cancelled once the connection is asked to close.
    pub fn closing(&self) -> &CancellationToken {
        &self.closing
    }

    /// A token cancelled once the connection is over.
    pub fn ended(&self) -> &CancellationToken {
        &self.ended
    }

    pub fn peer(&self) -> SocketAddr {
        self.peer
    }

    fn push(&self, frame: Frame) -> Result<(), Unwritable> {
        if self.ended.is_cancelled() {
            return Err(Unwritable);
        }
        if self.closing.is_cancelled() {
            // The last lines are queued; whatever comes after goes nowhere.
            return Ok(());
        }
        let size = frame.size();
        let queued = self.queued_bytes.fetch_add(size, Ordering::AcqRel) + size;
        if queued > MAX_QUEUED_BYTES {
            tracing::warn!(peer = %self.peer, "a telnet client is not reading; disconnecting it");
            self.abort();
            return Err(Unwritable);
        }
        self.frames.send(frame).map_err(|_| Unwritable)
    }
}

impl Outlet for TelnetOutlet {
    fn send(&self, message: Outgoing<'_>) -> Result<(), Unwritable> {
        let answered = match message {
            Outgoing::Welcome { .. } => Some(ENTER_REQUEST),
            Outgoing::Reply { request, .. } => request,
            Outgoing::Refusal { request, .. } | Outgoing::Done { request } => Some(request),
            Outgoing::Event { .. } | Outgoing::Gap { .. } | Outgoing::Presence { .. } => None,
        };
        if let Some(request) = answered {
            self.waiting.answered(request);
        }
        let terminal = self.terminal();
        if terminal.gmcp {
            let mut control = Vec::new();
            gmcp::push_messages(&mut control, message, &self.world);
            if !control.is_empty() {
                self.push(Frame::Control(control))?;
            }
        }
        let text = render::message(message, &terminal);
        if !text.is_empty() {
            self.push(Frame::Text(text))?;
        }
        match message {
            // The character could not enter: the connection is no use.
            Outgoing::Refusal {
                request: ENTER_REQUEST,
                ..
            } => self.close(None),
            // Nothing was said, but the player still gets their prompt back.
            Outgoing::Done { .. } => self.push(Frame::Prompt(GAME_PROMPT.to_owned()))?,
            _ => {}
        }
        Ok(())
    }

    fn close(&self, notice: Option<&str>) {
        if let Some(notice) = notice {
            self.say(notice, Style::System);
        }
        let _ = self.push(Frame::Close);
        self.closing.cancel();
    }
}
