//! One simulated player: its connection, the commands it is waiting on, and
//! the checks on everything it receives.
//!
//! Whatever a player is doing (walking, talking, idling) it keeps reading, as
//! a real client does: a socket that stops reading is disconnected by the
//! server once 1,024 messages queue up for it. The server answers one
//! connection's commands in the order sent, so answers are matched to
//! commands first in, first out, and each must echo its command and pass the
//! command's check.

use std::collections::VecDeque;
use std::time::{Duration, Instant};

use anyhow::bail;
use tokio::sync::watch;

use crate::client::Client;
use crate::protocol::{CommandResponse, Event, Packet};
use crate::script::{Command, Expect, Script};
use crate::tally::Shared;

/// An answer slower than this means the server lost the command.
const ANSWER_TIMEOUT: Duration = Duration::from_secs(30);

/// Where the coordinator has got to; players follow it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Stage {
    /// Connecting everyone; those connected wait.
    Gather,
    /// Walk home.
    Walk,
    /// Run the scenario's commands.
    Run,
    /// Stop sending; keep reading until everything sent has arrived.
    Drain,
    /// Close.
    Stop,
}

/// When a player sends.
#[derive(Debug, Clone, Copy)]
pub enum Pacing {
    /// The next command as soon as the last is answered.
    Closed,
    /// One command every `every`, starting at `first`, whether or not the
    /// last was answered.
    Open { first: Instant, every: Duration },
}

impl Pacing {
    /// The same pacing, carried on from `now`: the next of its beats not
    /// already past.
    pub fn resumed(self, now: Instant) -> Pacing {
        match self {
            Pacing::Closed => Pacing::Closed,
            Pacing::Open { first, every } => {
                let missed = now.saturating_duration_since(first).as_secs_f64()
                    / every.as_secs_f64().max(f64::EPSILON);
                Pacing::Open {
                    first: first + every.mul_f64(missed.ceil()),
                    every,
                }
            }
        }
    }
}

/// How many people share each room a `say` is heard in, when that is fixed.
#[derive(Debug, Clone, Copy)]
pub enum Audience {
    Fixed(usize),
    Varies,
}

struct Pending {
    command: Command,
    /// When it was sent or, paced open, when it was due.
    due: Instant,
}

pub struct Player {
    client: Client,
    pending: VecDeque<Pending>,
    tally: Shared,
}

impl Player {
    pub fn new(client: Client, tally: Shared) -> Player {
        tally.borrow_mut().connected += 1;
        Player {
            client,
            pending: VecDeque::new(),
            tally,
        }
    }

    /// Sends `command` and waits for its answer, reading everything else.
    pub async fn ask(&mut self, command: Command) -> anyhow::Result<()> {
        self.send(command, Instant::now()).await?;
        while !self.pending.is_empty() {
            self.read_or_time_out().await?;
        }
        Ok(())
    }

    /// Reads until the coordinator reaches `wanted`.
    pub async fn wait_for(
        &mut self,
        stage: &mut watch::Receiver<Stage>,
        wanted: Stage,
    ) -> anyhow::Result<()> {
        let reached = async { stage.wait_for(|now| *now >= wanted).await.map(|_| ()) };
        Ok(self.read_until(reached).await??)
    }

    /// Reads everything that arrives until `done` completes; returns its
    /// output.
    pub async fn read_until<T>(&mut self, done: impl Future<Output = T>) -> anyhow::Result<T> {
        let mut done = std::pin::pin!(done);
        loop {
            tokio::select! {
                output = &mut done => return Ok(output),
                read = self.read() => {
                    read?;
                }
            }
        }
    }

    /// Sends the script's commands at `pacing` until `end`, then waits for
    /// the last answers. It returns no sooner than `end`, even when the
    /// last answer came before it: whatever the caller does next (tidying
    /// up, say) must not fall inside the measured window.
    pub async fn run(
        &mut self,
        script: &mut Script,
        pacing: Pacing,
        end: Instant,
        audience: Audience,
    ) -> anyhow::Result<()> {
        let (mut due, every) = match pacing {
            Pacing::Closed => (None, None),
            Pacing::Open { first, every } => (Some(first), Some(every)),
        };
        if every.is_none() && Instant::now() < end {
            self.send_next(script, audience, Instant::now()).await?;
        }
        loop {
            let sending = due.filter(|at| *at < end);
            let ended = Instant::now() >= end;
            if sending.is_none() && self.pending.is_empty() && ended {
                return Ok(());
            }
            tokio::select! {
                biased;
                read = self.read_or_time_out() => {
                    let answered = read?;
                    let now = Instant::now();
                    if answered && every.is_none() && self.pending.is_empty() && now < end {
                        self.send_next(script, audience, now).await?;
                    }
                }
                () = tokio::time::sleep_until(sending.unwrap_or(end).into()), if sending.is_some() || !ended => {
                    if let Some(at) = sending {
                        self.send_next(script, audience, at).await?;
                        due = every.map(|every| at + every);
                    }
                }
            }
        }
    }

    async fn send_next(
        &mut self,
        script: &mut Script,
        audience: Audience,
        due: Instant,
    ) -> anyhow::Result<()> {
        let command = script.next_command();
        if let (Audience::Fixed(occupants), true) = (audience, command.text.starts_with("say ")) {
            self.tally.borrow_mut().says_expected += occupants as u64 - 1;
        }
        self.send(command, due).await
    }

    pub async fn close(self) {
        self.tally.borrow_mut().connected -= 1;
        self.client.close().await;
    }

    /// Carries on over `client` after the old connection's instance died.
    /// The commands still waiting for an answer are counted as cut off, not
    /// as errors: whether the game ran them is not known.
    pub fn rejoin(&mut self, client: Client) {
        let mut tally = self.tally.borrow_mut();
        tally.cut_off += self.pending.len() as u64;
        tally.rejoined += 1;
        self.pending.clear();
        self.client = client;
    }

    /// The player could not go on (its connection broke, an answer never
    /// came): counts it and why.
    pub fn lost(self, why: &anyhow::Error) {
        let mut tally = self.tally.borrow_mut();
        tally.connected -= 1;
        tally.error("player lost", || format!("{why:#}"));
    }

    async fn send(&mut self, command: Command, due: Instant) -> anyhow::Result<()> {
        self.client.command(&command.text).await?;
        self.tally.borrow_mut().sent += 1;
        self.pending.push_back(Pending { command, due });
        Ok(())
    }

    /// [`Player::read`], failing if the oldest command waits too long.
    async fn read_or_time_out(&mut self) -> anyhow::Result<bool> {
        let Some(oldest) = self.pending.front().map(|pending| pending.due) else {
            return self.read().await;
        };
        match tokio::time::timeout_at((oldest + ANSWER_TIMEOUT).into(), self.read()).await {
            Ok(read) => read,
            Err(_) => bail!("no answer within {ANSWER_TIMEOUT:?}"),
        }
    }

    /// Reads and checks one message; `true` if it answered a command. An
    /// error means the connection is gone.
    async fn read(&mut self) -> anyhow::Result<bool> {
        let frame = self.client.next().await?;
        let now = Instant::now();
        let packet = match frame.packet() {
            Ok(packet) => packet,
            Err(problem) => {
                self.tally
                    .borrow_mut()
                    .error("malformed message", || problem);
                return Ok(false);
            }
        };
        match packet {
            Packet::Event(Event::CommandResponse(response)) => {
                self.answered(&response, now);
                return Ok(true);
            }
            Packet::Event(event) => self.heard(&event, now),
            Packet::Closed => bail!("the server closed the connection"),
            Packet::Refused(why) => bail!("the server refused: {why}"),
            Packet::Open | Packet::Connected | Packet::Ping | Packet::Other => {}
        }
        Ok(false)
    }

    fn answered(&mut self, response: &CommandResponse, now: Instant) {
        let mut tally = self.tally.borrow_mut();
        let Some(pending) = self.pending.pop_front() else {
            tally.error("an answer to nothing", || format!("{response:?}"));
            return;
        };
        tally.answered(pending.due, now);
        let command = &pending.command;
        if response.command != command.text {
            tally.error("answer out of order", || {
                format!("sent {:?}, answer to {:?}", command.text, response.command)
            });
            return;
        }
        let passed = match &command.expect {
            Expect::Starts(prefix) => response.response.starts_with(prefix),
            Expect::StartsWithOneOf(prefixes) => prefixes
                .iter()
                .any(|prefix| response.response.starts_with(prefix)),
            Expect::Room(room) => response
                .data
                .as_ref()
                .and_then(|data| data.room.as_ref())
                .is_some_and(|shown| shown.id == room.as_str()),
        };
        if !passed {
            tally.error("unexpected answer", || {
                format!(
                    "{:?} expected {:?}, got {:?}",
                    command.text, command.expect, response.response
                )
            });
        } else if command.changes_state() {
            tally.state_changes += 1;
        }
    }

    fn heard(&mut self, event: &Event, now: Instant) {
        let mut tally = self.tally.borrow_mut();
        tally.received(now);
        match event {
            Event::Game(kind) if kind == "say" => tally.says_received += 1,
            Event::Game(_) | Event::Status | Event::Presence => {}
            Event::Error(error) => tally.error("error event", || error.to_string()),
            Event::Connected(_) => tally.error("connected twice", String::new),
            Event::Unknown(name) => tally.error("unknown event", || name.to_string()),
            Event::CommandResponse(_) => unreachable!("answers are handled apart"),
        }
    }
}
