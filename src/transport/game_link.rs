//! A player's connection to the game, whatever its transport: what a
//! Socket.IO socket and a telnet session do alike once their player is known.
//!
//! A connection is registered with the node's delivery hub *before* its
//! `Enter` is submitted, so the welcome the engine answers with finds it
//! (and from the welcome on, it hears what its account is told). Each of its
//! requests is numbered, and every numbered request gets exactly one answer
//! (a welcome, a reply, a refusal or a done), which the connection's outlet
//! matches to the request through [`Waiting`]. At most [`MAX_IN_FLIGHT`] of
//! them may wait at once: each holds one of [`Waiting`]'s slots (a
//! semaphore's permits) until its answer comes. When the connection ends,
//! it leaves the hub first and then submits the character's `Exit` (or
//! `Leave`, when its session logged out), exactly once.
//!
//! [`GameLink::submit`] is the one way a connection's inputs reach the
//! engine, for every transport, so the command rate limit
//! ([`CommandRate`]) is applied there, and the command latency metric is
//! taken as each answer is matched.
//!
//! A connection carries the session it was opened with, so that
//! [`log_out`], wherever it is asked for, closes every connection of that
//! session whatever its transport.

use std::collections::VecDeque;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::{Arc, Mutex, MutexGuard};
use std::time::Instant;

use tokio::sync::{OwnedSemaphorePermit, Semaphore};

use crate::accounts::{AccountError, Accounts, token};
use crate::bus::{ConnectionId, Seq};
use crate::delivery::{Hub, Opening, Outlet, TooManyConnections};
use crate::engine::{Inputs, Request, Stopped};
use crate::game::{Actor, Departure, Input};
use crate::store::TokenDigest;
use crate::transport::rate::{CommandRate, SLOW_DOWN};

/// The number of a connection's `Enter`; its other requests count from 1.
pub const ENTER_REQUEST: u64 = 0;

/// Inputs one connection may have waiting for answers at once.
pub const MAX_IN_FLIGHT: usize = 64;

/// What a connection closed by its session's logout is told.
pub const LOGGED_OUT: &str = "You logged out.";

/// What a request the game will not take is told.
const STOPPING: &str = "The game is stopping; try again when the server is back.";
const TOO_MANY: &str = "Too many commands at once; wait for the answers to catch up.";
/// What a request is told that comes after its connection's character left
/// (the connection was dropped for not reading and has not finished closing).
const CLOSING: &str = "This connection is closing; reconnect to play on.";

/// An input that was not submitted; holds back what was to be kept for its
/// answer.
#[derive(Debug)]
pub enum NotSubmitted<T> {
    /// The connection sends commands faster than its [`CommandRate`].
    TooFast(T),
    /// [`MAX_IN_FLIGHT`] of the connection's requests wait already.
    TooMany(T),
    /// The game has stopped taking inputs.
    Stopped(T),
    /// The connection's character has left; it is closing.
    Closing(T),
}

impl<T> NotSubmitted<T> {
    /// What the player is told.
    pub fn problem(&self) -> &'static str {
        match self {
            NotSubmitted::TooFast(_) => SLOW_DOWN,
            NotSubmitted::TooMany(_) => TOO_MANY,
            NotSubmitted::Stopped(_) => STOPPING,
            NotSubmitted::Closing(_) => CLOSING,
        }
    }

    /// What was to be kept for the answer.
    pub fn into_kept(self) -> T {
        match self {
            NotSubmitted::TooFast(kept)
            | NotSubmitted::TooMany(kept)
            | NotSubmitted::Stopped(kept)
            | NotSubmitted::Closing(kept) => kept,
        }
    }
}

/// One connection's link to the game.
pub struct GameLink {
    actor: Actor,
    id: ConnectionId,
    inputs: Inputs,
    hub: Arc<Hub>,
    /// How fast it may send commands.
    rate: CommandRate,
    /// The number the next request gets.
    next_request: AtomicU64,
    /// Set once the character's `Exit` for this connection is queued.
    left: AtomicBool,
}

impl GameLink {
    /// Registers a connection of `actor` with the hub; `outlet` is where
    /// what the game sends it goes, `session` the login it was opened with
    /// (logging that out closes it) and `since` the last message the client
    /// saw, when it is coming back; `rate` how fast it may send commands.
    pub fn open(
        hub: &Arc<Hub>,
        inputs: &Inputs,
        actor: Actor,
        outlet: Arc<dyn Outlet>,
        session: Option<TokenDigest>,
        since: Option<Seq>,
        rate: CommandRate,
    ) -> Result<GameLink, TooManyConnections> {
        let id = hub.open(Opening {
            account: actor.key.clone(),
            outlet,
            session,
            since,
        })?;
        Ok(GameLink {
            actor,
            id,
            inputs: inputs.clone(),
            hub: hub.clone(),
            rate,
            next_request: AtomicU64::new(ENTER_REQUEST + 1),
            left: AtomicBool::new(false),
        })
    }

    pub fn actor(&self) -> &Actor {
        &self.actor
    }

    /// Brings the character into the game through this connection; its
    /// answer, the welcome, is matched to [`ENTER_REQUEST`].
    pub fn enter<T>(&self, waiting: &Waiting<T>, kept: T) -> Result<(), NotSubmitted<T>> {
        waiting.expect_entry(kept);
        self.send(ENTER_REQUEST, Input::Enter, waiting)
    }

    /// Submits `input`, keeping `kept` in `waiting` until its answer comes,
    /// unless it comes too fast or too many wait already.
    pub fn submit<T>(
        &self,
        input: Input,
        waiting: &Waiting<T>,
        kept: T,
    ) -> Result<(), NotSubmitted<T>> {
        if self.left.load(Ordering::Acquire) {
            return Err(NotSubmitted::Closing(kept));
        }
        if self.rate.admit().is_err() {
            return Err(NotSubmitted::TooFast(kept));
        }
        let number = self.next_request.fetch_add(1, Ordering::Relaxed);
        waiting.expect(number, kept)?;
        self.send(number, input, waiting)
    }

    /// Waits until the connection may send its next command without being
    /// refused as too fast (for a transport that can hold its reading back).
    pub async fn paced(&self) {
        self.rate.ready().await;
    }

    /// Takes the character out through this connection, once however many
    /// times it is asked: the hub forgets the connection, then `Exit` (it
    /// dropped: the last leaves the character link-dead) or `Leave` (its
    /// session logged out) is queued (nobody waits for its answer).
    pub fn leave(&self) {
        if self.left.swap(true, Ordering::AcqRel) {
            return;
        }
        let input = match self.hub.close(self.id) {
            Departure::Dropped => Input::Exit,
            Departure::LoggedOut => Input::Leave,
        };
        // Unanswered, but named: the engine must know which connection left.
        let number = self.next_request.fetch_add(1, Ordering::Relaxed);
        let request = Request {
            actor: self.actor.clone(),
            input,
            route: Some(self.hub.route(self.id, number)),
        };
        // Once the engine has stopped there is no game left to leave.
        let _ = self.inputs.submit(request);
    }

    fn send<T>(
        &self,
        number: u64,
        input: Input,
        waiting: &Waiting<T>,
    ) -> Result<(), NotSubmitted<T>> {
        let request = Request {
            actor: self.actor.clone(),
            input,
            route: Some(self.hub.route(self.id, number)),
        };
        self.inputs.submit(request).map_err(|Stopped(_)| {
            let kept = waiting.answered(number);
            NotSubmitted::Stopped(kept.expect("a request just recorded is still waiting"))
        })
    }
}

/// Revokes the session of `token` and closes the connections of this node
/// that were opened with it.
pub async fn log_out(accounts: &Accounts, hub: &Hub, token: &str) -> Result<(), AccountError> {
    accounts.logout(token).await?;
    hub.close_session(token::digest(token), LOGGED_OUT);
    Ok(())
}

/// A connection's requests waiting for their answers, in the order they
/// were sent, each with what its transport keeps until then (an
/// acknowledgement to answer in, or nothing).
pub struct Waiting<T> {
    requests: Mutex<VecDeque<Pending<T>>>,
    /// A permit for each request that may wait besides the `Enter`; each
    /// waiting one holds its own until it is answered.
    slots: Arc<Semaphore>,
    /// How many permits there are when none is held.
    capacity: u32,
}

/// One request waiting for its answer.
struct Pending<T> {
    number: u64,
    kept: T,
    /// When it was sent, for the command latency metric.
    since: Instant,
    /// Its slot, given back as it is answered (none for the `Enter`).
    _slot: Option<OwnedSemaphorePermit>,
}

impl<T> Default for Waiting<T> {
    fn default() -> Self {
        Waiting::with_slots(MAX_IN_FLIGHT as u32)
    }
}

impl<T> Waiting<T> {
    /// Takes request `number` off the list as its answer arrives, with what
    /// was kept for it; `None` if it was not waiting.
    pub fn answered(&self, number: u64) -> Option<T> {
        let mut requests = self.requests();
        // Answers come in the order requests were sent, so it is at the front.
        let at = requests
            .iter()
            .position(|pending| pending.number == number)?;
        let answered = requests.remove(at)?;
        drop(requests);
        if number != ENTER_REQUEST {
            crate::metrics::command_answered(answered.since.elapsed());
        }
        Some(answered.kept)
    }

    /// Waits until a slot is free, so the next request can be submitted (a
    /// transport that can hold its reading back, as telnet can, waits here
    /// instead of being refused).
    pub async fn room(&self) {
        let _free = self
            .slots
            .acquire()
            .await
            .expect("the slots are never closed");
    }

    /// Waits until every request since the `Enter` has been answered.
    pub async fn all_answered(&self) {
        let _all = self
            .slots
            .acquire_many(self.capacity)
            .await
            .expect("the slots are never closed");
    }

    fn with_slots(capacity: u32) -> Waiting<T> {
        Waiting {
            requests: Mutex::new(VecDeque::new()),
            slots: Arc::new(Semaphore::new(capacity as usize)),
            capacity,
        }
    }

    /// Records the `Enter`, which needs no slot: it comes first, and a
    /// connection must always be able to enter.
    fn expect_entry(&self, kept: T) {
        self.record(ENTER_REQUEST, kept, None);
    }

    /// Records request `number` in a free slot, or refuses it when none is.
    fn expect(&self, number: u64, kept: T) -> Result<(), NotSubmitted<T>> {
        let Ok(slot) = self.slots.clone().try_acquire_owned() else {
            crate::metrics::command_refused("in_flight");
            return Err(NotSubmitted::TooMany(kept));
        };
        self.record(number, kept, Some(slot));
        Ok(())
    }

    fn record(&self, number: u64, kept: T, slot: Option<OwnedSemaphorePermit>) {
        self.requests().push_back(Pending {
            number,
            kept,
            since: Instant::now(),
            _slot: slot,
        });
    }

    fn requests(&self) -> MutexGuard<'_, VecDeque<Pending<T>>> {
        self.requests.lock().expect("the waiting lock")
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::time::Duration;

    #[test]
    fn answers_take_their_own_request_and_give_back_what_was_kept() {
        let waiting = Waiting::default();
        waiting.expect(1, "first").unwrap();
        waiting.expect(2, "second").unwrap();
        assert_eq!(waiting.answered(2), Some("second"));
        assert_eq!(waiting.answered(2), None, "answered once");
        assert_eq!(waiting.answered(1), Some("first"));
    }

    #[test]
    fn past_the_limit_a_request_is_refused_with_what_it_would_keep() {
        let waiting = Waiting::with_slots(3);
        for number in 0..3 {
            waiting.expect(number, number).unwrap();
        }
        let refused = waiting.expect(3, 3).unwrap_err();
        assert_eq!(refused.problem(), TOO_MANY);
        assert_eq!(refused.into_kept(), 3);
    }

    #[test]
    fn the_entry_needs_no_slot() {
        let waiting = Waiting::with_slots(1);
        waiting.expect_entry("welcome");
        waiting.expect(1, "look").unwrap();
        assert_eq!(waiting.answered(ENTER_REQUEST), Some("welcome"));
        assert_eq!(waiting.answered(1), Some("look"));
    }

    #[tokio::test]
    async fn room_comes_when_an_answer_frees_a_place() {
        let waiting = Arc::new(Waiting::default());
        for number in 0..MAX_IN_FLIGHT as u64 {
            waiting.expect(number, ()).unwrap();
        }
        let mut room = std::pin::pin!(waiting.room());
        assert!(
            futures_util::poll!(room.as_mut()).is_pending(),
            "no room while every place is taken"
        );
        waiting.answered(0);
        tokio::time::timeout(Duration::from_secs(5), room)
            .await
            .expect("room once one is answered");
        for number in 1..MAX_IN_FLIGHT as u64 {
            waiting.answered(number);
        }
        tokio::time::timeout(Duration::from_secs(5), waiting.all_answered())
            .await
            .expect("all answered");
    }
}
