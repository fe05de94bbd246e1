//! One telnet connection's reading side, from the first byte to the last:
//! negotiate, greet, log in, play.
//!
//! The opening negotiation is given a moment ([`HANDSHAKE_WAIT`]) so that
//! the greeting already knows the client's width and whether it takes
//! colour; a line typed meanwhile (an auto-login) ends the wait and is
//! answered after the greeting.
//! Idle connections are closed: soon at the login prompts, after the
//! configured time once in the game ([`Rules`]).
//!
//! Once the password is right, the connection joins the game as any
//! transport's does ([`GameLink`]): every line is a command, submitted in
//! the order typed. While the most commands that may wait for answers do,
//! the session stops reading, so a client that pastes a thousand lines
//! is held back by TCP rather than refused.

use std::sync::Arc;
use std::time::Duration;

use tokio::io::AsyncReadExt as _;
use tokio::net::tcp::OwnedReadHalf;
use tokio::time::Instant;
use tokio_util::sync::CancellationToken;

use super::Rules;
use super::gmcp;
use super::lines::{Line, LineReader, MAX_LINE_BYTES};
use super::login::{Dialogue, Turn};
use super::mssp;
use super::output::TelnetOutlet;
use super::protocol::{Incoming, Protocol};
use super::render::Style;
use super::writer::GAME_PROMPT;
use crate::accounts::{Accounts, Login, token};
use crate::delivery::{Hub, Outlet};
use crate::engine::Inputs;
use crate::game::command::MAX_COMMAND_CHARS;
use crate::game::{Input, World};
use crate::transport::game_link::{self, GameLink};
use crate::transport::rate::CommandRate;

/// Longest the greeting waits for the opening negotiation.
const HANDSHAKE_WAIT: Duration = Duration::from_secs(1);

const READ_BUFFER_BYTES: usize = 4096;

/// What every telnet connection of one listener shares.
pub struct Context {
    pub accounts: Arc<Accounts>,
    pub world: Arc<World>,
    pub hub: Arc<Hub>,
    pub inputs: Inputs,
    pub rules: Rules,
    /// When the server started, in seconds since 1970 (MSSP's `UPTIME`).
    pub started: u64,
    pub port: u16,
    /// Cancelled when the server shuts down.
    pub stop: CancellationToken,
}

/// Why a session ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Ending {
    /// The client closed the connection (or it failed).
    HungUp,
    /// The player typed `quit`.
    Quit,
    /// No line came for too long.
    Idle,
    /// The dialogue is over (said goodbye, answered a status request).
    Done,
    /// The server is shutting down.
    Shutdown,
    /// The connection was closed through its outlet, its last lines queued:
    /// its session was logged out, or the game refused it.
    Closed,
    /// The connection is gone from under the session: dropped for not
    /// reading, or its writing failed.
    Dropped,
}

pub struct Session {
    context: Arc<Context>,
    outlet: Arc<TelnetOutlet>,
    protocol: Protocol,
    lines: LineReader,
    dialogue: Dialogue,
    /// The session token of the login, once the password was right.
    token: Option<String>,
    /// The connection's link to the game, once it joined.
    link: Option<GameLink>,
    last_line: Instant,
}

impl Session {
    pub fn new(context: Arc<Context>, outlet: Arc<TelnetOutlet>) -> Session {
        let peer = outlet.peer().ip();
        Session {
            context,
            outlet,
            protocol: Protocol::default(),
            lines: LineReader::default(),
            dialogue: Dialogue::new(peer),
            token: None,
            link: None,
            last_line: Instant::now(),
        }
    }

    /// The connection's link to the game, once it joined.
    pub fn link(&self) -> Option<&GameLink> {
        self.link.as_ref()
    }

    /// The session token of the login, once the password was right.
    pub fn token(&self) -> Option<&str> {
        self.token.as_deref()
    }

    /// Reads and answers until the connection is over.
    pub async fn run(&mut self, reader: &mut OwnedReadHalf) -> Ending {
        let mut offers = Vec::new();
        self.protocol.start(&mut offers);
        self.outlet.control(offers);
        let mut buffer = vec![0; READ_BUFFER_BYTES];
        let mut early = Vec::new();
        let deadline = Instant::now() + HANDSHAKE_WAIT;
        // A line typed (an auto-login) ends the wait: the client is ready.
        while !self.protocol.settled() && early.is_empty() {
            tokio::select! {
                read = reader.read(&mut buffer) => match read {
                    Ok(0) | Err(_) => return Ending::HungUp,
                    Ok(read) => early.extend(self.receive(&buffer[..read])),
                },
                () = tokio::time::sleep_until(deadline) => break,
                () = self.context.stop.cancelled() => return Ending::Shutdown,
                () = self.outlet.closing().cancelled() => return Ending::Closed,
                () = self.outlet.ended().cancelled() => return Ending::Dropped,
            }
        }
        self.greet();
        for line in early {
            if let Some(ending) = self.line(line).await {
                return ending;
            }
        }
        loop {
            let idle = if self.link.is_some() {
                self.context.rules.playing_timeout
            } else {
                self.context.rules.login_timeout
            };
            let idle_until = idle.map(|idle| self.last_line + idle);
            tokio::select! {
                read = reader.read(&mut buffer) => match read {
                    Ok(0) | Err(_) => return Ending::HungUp,
                    Ok(read) => {
                        for line in self.receive(&buffer[..read]) {
                            if let Some(ending) = self.line(line).await {
                                return ending;
                            }
                        }
                    }
                },
                () = sleep_until(idle_until) => return Ending::Idle,
                () = self.context.stop.cancelled() => return Ending::Shutdown,
                () = self.outlet.closing().cancelled() => return Ending::Closed,
                () = self.outlet.ended().cancelled() => return Ending::Dropped,
            }
        }
    }

    /// Takes one read: answers the protocol, keeps the terminal current and
    /// returns the lines the read completed.
    fn receive(&mut self, bytes: &[u8]) -> Vec<Line> {
        let mut answers = Vec::new();
        let incoming = self.protocol.receive(bytes, &mut answers);
        self.outlet.control(answers);
        self.outlet.set_terminal(self.protocol.terminal());
        let mut lines = Vec::new();
        for item in incoming {
            match item {
                Incoming::Data(data) => self.lines.push(&data, &mut lines),
                Incoming::EraseCharacter => self.lines.erase_character(),
                Incoming::EraseLine => self.lines.erase_line(),
                Incoming::Gmcp { package, json } => {
                    tracing::debug!(peer = %self.outlet.peer(), package, json, "GMCP from a client");
                    if let Some(answer) = gmcp::answer(&package) {
                        self.outlet.control(answer);
                    }
                }
                Incoming::MsspWanted => self.outlet.control(self.status().subnegotiation()),
            }
        }
        lines
    }

    fn greet(&mut self) {
        let world = &self.context.world;
        self.outlet.say(world.name(), Style::RoomName);
        if let Some(motd) = world.motd() {
            self.outlet.say(motd, Style::Plain);
        }
        self.outlet.say(
            "\nType your name to log in, or a new name to create a character.",
            Style::System,
        );
        self.ask();
    }

    /// Asks the dialogue's question, hiding what is typed for a password.
    fn ask(&mut self) {
        let prompt = self.dialogue.prompt();
        self.hide_input(prompt.hidden);
        self.outlet.prompt(&prompt.text);
    }

    fn hide_input(&mut self, hide: bool) {
        let mut negotiation = Vec::new();
        self.protocol.hide_input(hide, &mut negotiation);
        self.outlet.control(negotiation);
    }

    async fn line(&mut self, line: Line) -> Option<Ending> {
        if self.outlet.closing().is_cancelled() {
            // Lines read in the same go as a logout are not for the game.
            return Some(Ending::Closed);
        }
        self.last_line = Instant::now();
        // The client's own echo ended the line, unless it agreed not to echo.
        if !self.protocol.input_hidden() {
            self.outlet.line_entered();
        }
        let text = match line {
            Line::Text(text) => text,
            Line::TooLong => {
                let problem =
                    format!("Lines are at most {MAX_LINE_BYTES} bytes; that one was not read.");
                return self.refuse(&problem);
            }
            Line::NotText => {
                return self.refuse("That line was not UTF-8 text; set your client to UTF-8.");
            }
        };
        if self.link.is_some() {
            self.play(&text).await
        } else {
            self.log_in(&text).await
        }
    }

    /// A line that cannot be used: explained, and the question asked again.
    fn refuse(&mut self, problem: &str) -> Option<Ending> {
        self.outlet.say(problem, Style::Error);
        if self.link.is_none() {
            self.ask();
        }
        None
    }

    async fn log_in(&mut self, text: &str) -> Option<Ending> {
        match self.dialogue.answer(text, &self.context.accounts).await {
            Turn::Ask(said) => {
                self.say_all(&said);
                self.ask();
                None
            }
            Turn::Leave(said) => {
                self.say_all(&said);
                Some(Ending::Done)
            }
            Turn::Status => {
                let lines = self.status().plain().join("\n");
                self.outlet.say(&lines, Style::Plain);
                Some(Ending::Done)
            }
            Turn::Play { said, login } => {
                self.hide_input(false);
                self.say_all(&said);
                self.enter(login).await
            }
        }
    }

    fn say_all(&self, lines: &[String]) {
        for line in lines {
            self.outlet.say(line, Style::System);
        }
    }

    /// Brings the logged-in character into the game, with a look around.
    async fn enter(&mut self, login: Login) -> Option<Ending> {
        let actor = match self.context.accounts.authenticate(&login.token).await {
            Ok(Some(actor)) => actor,
            Ok(None) | Err(_) => {
                self.outlet
                    .say("Your session could not be opened; try again.", Style::Error);
                return Some(Ending::Done);
            }
        };
        tracing::info!(
            name = actor.name,
            peer = %self.outlet.peer(),
            client = self.protocol.client().unwrap_or("unknown"),
            "a telnet player logged in"
        );
        let session = token::digest(&login.token);
        self.token = Some(login.token);
        let outlet: Arc<dyn Outlet> = self.outlet.clone();
        let context = &self.context;
        let link = GameLink::open(
            &context.hub,
            &context.inputs,
            actor,
            outlet,
            Some(session),
            None,
            CommandRate::at_most(context.rules.commands_per_second),
        );
        let link = match link {
            Ok(link) => link,
            Err(refused) => {
                self.outlet.say(&refused.to_string(), Style::Error);
                return Some(Ending::Done);
            }
        };
        self.outlet.playing();
        let entered = link.enter(self.outlet.waiting(), ());
        self.link = Some(link);
        if let Err(refused) = entered {
            self.outlet.say(refused.problem(), Style::Error);
            return Some(Ending::Done);
        }
        self.submit(Input::Command("look".to_owned())).await
    }

    async fn play(&mut self, text: &str) -> Option<Ending> {
        let command = text.trim();
        if command.is_empty() {
            self.outlet.prompt(GAME_PROMPT);
            return None;
        }
        if command.eq_ignore_ascii_case("quit") {
            return Some(Ending::Quit);
        }
        if command.eq_ignore_ascii_case("logout") {
            return self.log_out().await;
        }
        if command.chars().count() > MAX_COMMAND_CHARS {
            let problem = format!("A command is at most {MAX_COMMAND_CHARS} characters.");
            return self.refuse(&problem);
        }
        self.submit(Input::Command(command.to_owned())).await
    }

    /// As on the web: the session is revoked, and every connection opened
    /// with it is closed (this one among them, through its outlet).
    async fn log_out(&mut self) -> Option<Ending> {
        let token = self.token.as_deref()?;
        let context = &self.context;
        if let Err(error) = game_link::log_out(&context.accounts, &context.hub, token).await {
            tracing::error!(%error, "a telnet logout failed");
            return self.refuse("The server could not log you out just now; try again.");
        }
        None
    }

    /// Hands an input to the game once fewer than the most that may wait
    /// for answers do, and no faster than the command rate allows: telnet
    /// reads more slowly rather than refuse a line.
    async fn submit(&self, input: Input) -> Option<Ending> {
        let link = self.link.as_ref()?;
        let waiting = self.outlet.waiting();
        tokio::select! {
            // A connection that is ending submits nothing more.
            biased;
            () = self.outlet.ended().cancelled() => return Some(Ending::Dropped),
            () = self.outlet.closing().cancelled() => return Some(Ending::Closed),
            () = self.context.stop.cancelled() => return Some(Ending::Shutdown),
            () = async { waiting.room().await; link.paced().await } => {}
        }
        if let Err(refused) = link.submit(input, waiting, ()) {
            self.outlet.say(refused.problem(), Style::Error);
        }
        None
    }

    fn status(&self) -> mssp::Status<'_> {
        let world = &self.context.world;
        mssp::Status {
            name: world.name(),
            players: self.context.hub.players(),
            started: self.context.started,
            port: self.context.port,
            rooms: world.rooms().count(),
            items: world.items().count(),
        }
    }
}

/// Sleeps until `until`, or for ever.
async fn sleep_until(until: Option<Instant>) {
    match until {
        Some(until) => tokio::time::sleep_until(until).await,
        None => std::future::pending().await,
    }
}
