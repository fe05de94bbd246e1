//! One accepted TCP connection as hyper (and, once upgraded, engineioxide)
//! reads and writes it, watched for the three ways a client can hold a
//! connection without using it.
//!
//! - **Idle**: nothing received for the idle timeout.
//! - **Stalled**: a write that makes no progress for the write timeout, so
//!   the client has taken nothing the server sent for that long (it froze,
//!   or stopped reading on purpose). Only time spent *waiting to write*
//!   counts: a quiet connection never stalls.
//! - **Hung up** from above, through its [`Hangup`]: the delivery hub found
//!   it not reading, or the server is stopping and it would not finish.
//!
//! An idle connection's reads fail, which ends it (hyper closes it; a
//! WebSocket's session closes). The other two *hang up* the connection:
//! from then on every read and every write fails, and the tasks waiting on
//! either are woken. (A read or write that completes at once looks at the
//! hang-up only every few times, since looking takes a lock, so a busy
//! connection fails within a few operations; one that waits, at once.)
//! That matters for WebSockets: engineioxide's writer waits inside a write to a full socket, where no cancellation
//! reaches it, holding the session's queue; until that write fails the
//! session cannot close, its disconnect handler never runs (so the
//! character stays in the game) and a shutdown waits for it. A connection
//! that was hung up is closed with a reset (`SO_LINGER` 0), so the kernel
//! drops what it still held for the client instead of keeping it for a
//! peer that does not read.

use std::future::Future;
use std::io;
use std::pin::Pin;
use std::task::{Context, Poll};
use std::time::Duration;

use tokio::io::{AsyncRead, AsyncWrite, ReadBuf};
use tokio::net::TcpStream;
use tokio::time::{Instant, Sleep};
use tokio_util::sync::{CancellationToken, WaitForCancellationFutureOwned};

use super::Slot;
use crate::delivery::SlowClients;

/// Ends one TCP connection at once, in both directions, whatever is
/// waiting on it. Every request carries its connection's in its extensions.
#[derive(Debug, Clone)]
pub struct Hangup(CancellationToken);

impl Hangup {
    /// Ends the connection: every read and write on it fails from now on.
    pub fn now(&self) {
        self.0.cancel();
    }

    /// Whether the connection is over: hung up, or closed and gone.
    pub fn is_over(&self) -> bool {
        self.0.is_cancelled()
    }
}

/// What a connection is watched for.
pub struct Watch {
    pub idle_timeout: Option<Duration>,
    pub write_timeout: Option<Duration>,
    /// Counts the connections closed for stalled writes.
    pub slow_clients: SlowClients,
}

pub struct Watched {
    stream: TcpStream,
    idle: Option<Timer>,
    stall: Option<Timer>,
    slow_clients: SlowClients,
    hangup: CancellationToken,
    /// One wait each, so that a hang-up wakes both the reader and the writer.
    read_hung_up: HangupWatch,
    write_hung_up: HangupWatch,
    _slot: Slot,
}

/// Reads (or writes) that complete at once between two looks at the
/// hang-up. Looking takes the token's lock, and a busy connection reads and
/// writes thousands of times a second; one that waits looks every time, so
/// a hang-up wakes it at once.
const READY_OPERATIONS_BETWEEN_LOOKS: u32 = 16;

/// One direction's watch on the hang-up.
struct HangupWatch {
    wait: Pin<Box<WaitForCancellationFutureOwned>>,
    since_look: u32,
    /// Seen once, kept: from then on every operation fails.
    seen: bool,
}

impl HangupWatch {
    fn new(hangup: &CancellationToken) -> HangupWatch {
        HangupWatch {
            wait: Box::pin(hangup.clone().cancelled_owned()),
            since_look: 0,
            seen: false,
        }
    }

    /// Whether the connection was hung up, looking only every so often.
    fn before(&mut self, cx: &mut Context<'_>) -> bool {
        if !self.seen && self.since_look >= READY_OPERATIONS_BETWEEN_LOOKS {
            self.look(cx);
        }
        self.seen
    }

    /// After an operation: one that waits looks (so the hang-up wakes it),
    /// and fails if the connection was hung up.
    fn after<T>(&mut self, cx: &mut Context<'_>, done: Poll<T>) -> Option<Poll<T>> {
        match done {
            Poll::Pending => {
                self.look(cx);
                (!self.seen).then_some(Poll::Pending)
            }
            ready => {
                self.since_look += 1;
                Some(ready)
            }
        }
    }

    fn look(&mut self, cx: &mut Context<'_>) {
        self.since_look = 0;
        self.seen = self.wait.as_mut().poll(cx).is_ready();
    }
}

/// A deadline that is pushed back, or set aside, as the connection is used.
struct Timer {
    after: Duration,
    deadline: Pin<Box<Sleep>>,
    running: bool,
}

impl Timer {
    fn new(after: Duration, running: bool) -> Timer {
        Timer {
            after,
            deadline: Box::pin(tokio::time::sleep(after)),
            running,
        }
    }

    fn restart(&mut self) {
        self.deadline.as_mut().reset(Instant::now() + self.after);
        self.running = true;
    }

    /// Starts the timer unless it is running; whether it has run out.
    fn start_or_check(&mut self, cx: &mut Context<'_>) -> bool {
        if !self.running {
            self.restart();
        }
        self.deadline.as_mut().poll(cx).is_ready()
    }
}

impl Watched {
    /// Watches `stream`; `hangup` (a child of the server's "hang up
    /// everything") is the one its requests carry.
    pub fn new(stream: TcpStream, watch: Watch, hangup: CancellationToken, slot: Slot) -> Watched {
        Watched {
            stream,
            idle: watch.idle_timeout.map(|after| Timer::new(after, true)),
            stall: watch.write_timeout.map(|after| Timer::new(after, false)),
            slow_clients: watch.slow_clients,
            read_hung_up: HangupWatch::new(&hangup),
            write_hung_up: HangupWatch::new(&hangup),
            hangup,
            _slot: slot,
        }
    }

    pub fn hangup(&self) -> Hangup {
        Hangup(self.hangup.clone())
    }

    /// A write's result, with the stall timer kept.
    fn watch_write(
        &mut self,
        cx: &mut Context<'_>,
        written: Poll<io::Result<usize>>,
    ) -> Poll<io::Result<usize>> {
        let Some(stall) = &mut self.stall else {
            return written;
        };
        match written {
            Poll::Pending if stall.start_or_check(cx) => {
                tracing::warn!(
                    "a client took nothing the server sent for {:?}; closing its connection",
                    stall.after
                );
                self.slow_clients.count_one();
                self.hangup.cancel();
                Poll::Ready(Err(io::Error::new(
                    io::ErrorKind::TimedOut,
                    "the client stopped reading",
                )))
            }
            Poll::Pending => Poll::Pending,
            ready => {
                stall.running = false;
                ready
            }
        }
    }
}

fn hung_up() -> io::Error {
    io::Error::new(
        io::ErrorKind::ConnectionAborted,
        "the connection was hung up",
    )
}

impl AsyncRead for Watched {
    fn poll_read(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &mut ReadBuf<'_>,
    ) -> Poll<io::Result<()>> {
        let this = self.get_mut();
        if this.read_hung_up.before(cx) {
            return Poll::Ready(Err(hung_up()));
        }
        let before = buf.filled().len();
        let read = Pin::new(&mut this.stream).poll_read(cx, buf);
        let Some(read) = this.read_hung_up.after(cx, read) else {
            return Poll::Ready(Err(hung_up()));
        };
        let Some(idle) = &mut this.idle else {
            return read;
        };
        match read {
            Poll::Ready(Ok(())) if buf.filled().len() > before => {
                idle.restart();
                Poll::Ready(Ok(()))
            }
            Poll::Pending if idle.start_or_check(cx) => Poll::Ready(Err(io::Error::new(
                io::ErrorKind::TimedOut,
                "the connection was idle too long",
            ))),
            other => other,
        }
    }
}

impl AsyncWrite for Watched {
    fn poll_write(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        data: &[u8],
    ) -> Poll<io::Result<usize>> {
        let this = self.get_mut();
        if this.write_hung_up.before(cx) {
            return Poll::Ready(Err(hung_up()));
        }
        let written = Pin::new(&mut this.stream).poll_write(cx, data);
        let Some(written) = this.write_hung_up.after(cx, written) else {
            return Poll::Ready(Err(hung_up()));
        };
        this.watch_write(cx, written)
    }

    fn poll_write_vectored(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        data: &[io::IoSlice<'_>],
    ) -> Poll<io::Result<usize>> {
        let this = self.get_mut();
        if this.write_hung_up.before(cx) {
            return Poll::Ready(Err(hung_up()));
        }
        let written = Pin::new(&mut this.stream).poll_write_vectored(cx, data);
        let Some(written) = this.write_hung_up.after(cx, written) else {
            return Poll::Ready(Err(hung_up()));
        };
        this.watch_write(cx, written)
    }

    fn is_write_vectored(&self) -> bool {
        self.stream.is_write_vectored()
    }

    fn poll_flush(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        let this = self.get_mut();
        if this.write_hung_up.before(cx) {
            return Poll::Ready(Err(hung_up()));
        }
        Pin::new(&mut this.stream).poll_flush(cx)
    }

    fn poll_shutdown(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        Pin::new(&mut self.get_mut().stream).poll_shutdown(cx)
    }
}

impl Drop for Watched {
    fn drop(&mut self) {
        if self.hangup.is_cancelled()
            && let Err(error) =
                socket2::SockRef::from(&self.stream).set_linger(Some(Duration::ZERO))
        {
            tracing::debug!(%error, "cannot reset a connection that was hung up");
        }
        // Marks the connection over for anyone still holding its hangup.
        self.hangup.cancel();
    }
}
