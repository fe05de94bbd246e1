//! Telnet: the game for classic MUD clients (Mudlet, TinTin++, MUSHclient,
//! a screen reader's terminal), as `docs/contract-telnet.md` has it and
//! `docs/telnet.md` explains.
//!
//! Each connection is a task that reads (its `session`) and a task that
//! writes (its `writer`). The session negotiates options, greets, runs the
//! login dialogue against the same [`Accounts`] as the web, and then hands
//! the player's lines to the game through a [`Gateway`]; what the game
//! produces for the connection arrives through its
//! [`Outlet`](crate::transport::outlet::Outlet), which renders it as lines
//! and GMCP. Nothing here knows a game rule.
//!
//! # Why the protocol is written here
//!
//! Telnet's framing is small (one state machine, `codec`), and each crate
//! looked at got a part of it wrong that matters to a server facing any
//! client at all:
//!
//! - `libmudtelnet` 2.0 (and its fork `libmudtelnet-rs` 2.0.10, both
//!   descended from `libtelnet-rs`) are built for clients: they drop a
//!   subnegotiation for an option the *peer* performs, so a server never
//!   sees NAWS or TTYPE answers unless it marks those options as its own,
//!   which makes it answer `DO NAWS` with `WILL NAWS`; they leave `IAC IAC`
//!   doubled inside subnegotiation bodies (a NAWS width of 255); an escaped
//!   255 in data loses the rest of the read (`say hi\xff\xffthere\r\nlook`
//!   gives only `say hi`, two lines gone); a client's `IAC SB MCCP2 IAC SE`
//!   drops everything after it in the read; and an unterminated `IAC SB` is
//!   buffered, and rescanned, without bound.
//! - `nectar` 0.4 panics on a subnegotiation cut at a read boundary
//!   (`IAC SB NAWS` indexes past its buffer), advances by the wrong count
//!   after one, and ends lines only at CR LF.
//! - `telnet` 0.2 is a blocking client over `std::net`.
//! - `telnet-codec` 0.1 is a single unmaintained release under the LGPL.
//!
//! What else telnet needs here (NAWS, the TTYPE/MTTS cycle, CHARSET, GMCP,
//! MSSP, echo for passwords, prompts marked with GA or EOR) is policy, which
//! no crate would have decided for Hearth anyway.

mod codec;
mod connection;
mod gateway;
mod gmcp;
mod limits;
mod lines;
mod login;
mod mssp;
mod negotiation;
mod output;
mod protocol;
mod render;
mod session;
mod ttype;
mod writer;

use std::net::{IpAddr, SocketAddr};
use std::sync::{Arc, OnceLock};
use std::time::Duration;

use anyhow::Context as _;
use tokio::net::TcpListener;
use tokio_util::sync::CancellationToken;
use tokio_util::task::TaskTracker;

use crate::accounts::Accounts;
use crate::game::World;

pub use gateway::{GameStopped, Gateway, LoginOnly, Player};
pub use lines::MAX_LINE_BYTES;
pub use output::MAX_QUEUED_BYTES;

/// How long a connection may go without a line before it is closed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Timeouts {
    /// At the login prompts.
    pub login: Duration,
    /// In the game; `None` for ever.
    pub playing: Option<Duration>,
}

impl Timeouts {
    /// Two minutes to log in; `playing` once in the game.
    pub fn new(playing: Option<Duration>) -> Timeouts {
        Timeouts {
            login: Duration::from_secs(120),
            playing,
        }
    }
}

/// The kernel's send buffer for each telnet connection. Text is small, and
/// what a client has not read should wait in Hearth's own bounded queue
/// ([`MAX_QUEUED_BYTES`]) rather than in megabytes of kernel memory, so a
/// client that stops reading is found out soon.
const SEND_BUFFER_BYTES: usize = 64 * 1024;

/// What a telnet listener serves with.
pub struct Services {
    pub accounts: Arc<Accounts>,
    pub world: Arc<World>,
    pub gateway: Arc<dyn Gateway>,
}

/// A running telnet listener and its connections.
pub struct Telnet {
    address: SocketAddr,
    context: Arc<session::Context>,
    connections: TaskTracker,
}

impl Telnet {
    /// Listens on `bind:port` and serves every connection until [`Telnet::close`].
    pub async fn start(
        bind: IpAddr,
        port: u16,
        services: Services,
        timeouts: Timeouts,
    ) -> anyhow::Result<Telnet> {
        let listener = TcpListener::bind((bind, port))
            .await
            .with_context(|| format!("cannot listen for telnet on {bind}:{port}"))?;
        let address = listener.local_addr()?;
        let started = crate::accounts::session::now();
        let context = Arc::new(session::Context {
            accounts: services.accounts,
            world: services.world,
            gateway: services.gateway,
            timeouts,
            started,
            port: address.port(),
            stop: CancellationToken::new(),
            shutdown_notice: OnceLock::new(),
        });
        let connections = TaskTracker::new();
        tokio::spawn(accept(listener, context.clone(), connections.clone()));
        tracing::info!(%address, "serving telnet");
        Ok(Telnet {
            address,
            context,
            connections,
        })
    }

    pub fn address(&self) -> SocketAddr {
        self.address
    }

    /// Stops listening, tells every connection `notice` and closes it (its
    /// character's `Exit` queued), and waits until all have closed.
    pub async fn close(&self, notice: &str) {
        let _ = self.context.shutdown_notice.set(notice.to_owned());
        self.context.stop.cancel();
        self.connections.close();
        self.connections.wait().await;
    }
}

/// Accepts connections until the listener is stopped.
async fn accept(listener: TcpListener, context: Arc<session::Context>, connections: TaskTracker) {
    let limit = limits::AddressLimit::new(limits::MAX_CONNECTIONS_PER_ADDRESS);
    loop {
        let accepted = tokio::select! {
            biased;
            () = context.stop.cancelled() => return,
            accepted = listener.accept() => accepted,
        };
        let (stream, peer) = match accepted {
            Ok(accepted) => accepted,
            Err(error) => {
                // Out of file descriptors, most likely: wait a little
                // rather than spin.
                tracing::warn!(%error, "cannot accept a telnet connection");
                tokio::time::sleep(Duration::from_millis(100)).await;
                continue;
            }
        };
        if let Err(error) = stream.set_nodelay(true) {
            tracing::debug!(%error, "cannot set TCP_NODELAY");
        }
        if let Err(error) = socket2::SockRef::from(&stream).set_send_buffer_size(SEND_BUFFER_BYTES)
        {
            tracing::debug!(%error, "cannot size the send buffer");
        }
        match limit.admit(peer.ip()) {
            Some(permit) => {
                connections.spawn(connection::serve(stream, peer, context.clone(), permit));
            }
            None => {
                tracing::info!(%peer, "turned away a telnet connection: too many from its address");
                connections.spawn(connection::turn_away(stream));
            }
        }
    }
}
