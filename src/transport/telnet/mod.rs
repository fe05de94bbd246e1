//! Telnet: the game for classic MUD clients (Mudlet, TinTin++, MUSHclient,
//! a screen reader's terminal), as `docs/contract-telnet.md` has it and
//! `docs/telnet.md` explains.
//!
//! Each connection is a task that reads (its `session`) and a task that
//! writes (its `writer`). The session negotiates options, greets, and runs
//! the login dialogue against the same [`Accounts`] as the web. Once the
//! player is in, the connection is a delivery hub connection like a
//! Socket.IO socket ([`GameLink`](crate::transport::game_link::GameLink)):
//! registered with the node's [`Hub`] before its `Enter`, every line a
//! numbered command for the engine, and what the game sends it arriving
//! through its [`Outlet`](crate::delivery::Outlet), which renders it as
//! lines and GMCP. Nothing here knows a game rule, and nothing here knows
//! whether the server runs alone or in a cluster.
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
mod gmcp;
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
use std::sync::Arc;
use std::time::Duration;

use anyhow::Context as _;
use tokio::net::TcpListener;
use tokio_util::sync::CancellationToken;
use tokio_util::task::TaskTracker;

use crate::accounts::Accounts;
use crate::delivery::Hub;
use crate::engine::Inputs;
use crate::game::World;
use crate::limits::Limits;
use crate::transport::listener::OpenConnections;

pub use lines::MAX_LINE_BYTES;
pub use output::MAX_QUEUED_BYTES;

/// How long a connection may wait at a login prompt for each line.
pub const LOGIN_TIMEOUT: Duration = Duration::from_secs(120);

/// How a telnet listener treats its connections.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Rules {
    /// How long a connection may go without a line at the login prompts;
    /// `None` for ever.
    pub login_timeout: Option<Duration>,
    /// The same, once in the game.
    pub playing_timeout: Option<Duration>,
    /// Telnet connections one address may have open at once; `None`, any.
    pub connections_per_address: Option<usize>,
    /// Commands a player may send per second; `None`, any.
    pub commands_per_second: Option<u32>,
}

impl Rules {
    /// The server's abuse limits (all lifted by `--limits off`), and how long
    /// a player in the game may be idle (`--telnet-idle-timeout`, which is
    /// the host's choice rather than an abuse limit, so it stays).
    pub fn new(limits: &Limits, playing_timeout: Option<Duration>) -> Rules {
        Rules {
            login_timeout: limits.when_enabled(LOGIN_TIMEOUT),
            playing_timeout,
            connections_per_address: limits.when_enabled(limits.connections_per_address),
            commands_per_second: limits.when_enabled(limits.commands_per_second),
        }
    }
}

/// What a telnet listener serves with.
pub struct Services {
    pub accounts: Arc<Accounts>,
    pub world: Arc<World>,
    /// The node's delivery hub, which logged-in connections join.
    pub hub: Arc<Hub>,
    /// The engine's queue, which their commands go to.
    pub inputs: Inputs,
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
        rules: Rules,
    ) -> anyhow::Result<Telnet> {
        let listener = TcpListener::bind((bind, port))
            .await
            .with_context(|| format!("cannot listen for telnet on {bind}:{port}"))?;
        let address = listener.local_addr()?;
        let started = crate::accounts::session::now();
        let context = Arc::new(session::Context {
            accounts: services.accounts,
            world: services.world,
            hub: services.hub,
            inputs: services.inputs,
            rules,
            started,
            port: address.port(),
            stop: CancellationToken::new(),
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

    /// Stops listening and closes every connection (its character's `Exit`
    /// queued), and waits until all have closed. Call it once the hub has
    /// delivered the game's last messages: players in the game have had the
    /// goodbye, so only those still at a login prompt are told the server is
    /// shutting down.
    pub async fn close(&self) {
        self.context.stop.cancel();
        self.connections.close();
        self.connections.wait().await;
    }
}

/// Accepts connections until the listener is stopped.
async fn accept(listener: TcpListener, context: Arc<session::Context>, connections: TaskTracker) {
    let open = Arc::new(OpenConnections::new(context.rules.connections_per_address));
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
        // The web's small send buffer, for the same reasons: what a client
        // has not read waits in the outlet's bounded queue.
        crate::transport::listener::tune(&stream);
        match OpenConnections::admit(&open, peer.ip()) {
            Some(slot) => {
                connections.spawn(connection::serve(stream, peer, context.clone(), slot));
            }
            None => {
                tracing::info!(%peer, "turned away a telnet connection: too many from its address");
                connections.spawn(connection::turn_away(stream));
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn limits_off_lifts_the_login_timeout_and_the_cap_but_not_the_hosts_idle_timeout() {
        let an_hour = Some(Duration::from_secs(3600));
        let limited = Rules::new(&Limits::default(), an_hour);
        assert_eq!(limited.login_timeout, Some(LOGIN_TIMEOUT));
        assert_eq!(
            limited.connections_per_address,
            Some(Limits::default().connections_per_address)
        );
        let unlimited = Rules::new(&Limits::off(), an_hour);
        assert_eq!(unlimited.login_timeout, None);
        assert_eq!(unlimited.connections_per_address, None);
        assert_eq!(unlimited.playing_timeout, an_hour);
    }
}
