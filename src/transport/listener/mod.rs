//! Accepting TCP connections and serving HTTP (and the WebSocket upgrades
//! Socket.IO asks for) on them, with the limits `axum::serve` cannot set.
//!
//! - **Header-read timeout**: a client gets [`Limits::header_read_timeout`]
//!   to send a request's head, counted from the moment the server waits for
//!   one (a new connection, or a kept-alive one between requests). So a
//!   slowloris client dribbling a header byte now and then, or a connection
//!   that never sends anything, is closed instead of holding a descriptor
//!   for ever. This is hyper's own timer; hyper-util's `auto` builder would
//!   first sniff for HTTP/2 before that timer starts, so connections are
//!   served as HTTP/1.1 by hyper's builder directly (browsers speak HTTP/2
//!   only over TLS, which a proxy in front of Hearth terminates).
//! - **Idle timeout**: a connection that receives nothing for
//!   [`Limits::idle_timeout`] is closed, whatever it is doing (a request
//!   body trickling in, a WebSocket gone silent). Only bytes *received*
//!   count: a live Socket.IO client answers the server's ping every 25 s.
//! - **Connections per address**: an address with
//!   [`Limits::connections_per_address`] connections open has further ones
//!   closed at once, so one client cannot use up the process's descriptors
//!   and lock everyone else out. Behind a trusted proxy every connection
//!   comes from the proxy, so this cap is the proxy's job there. Telnet
//!   counts its own connections the same way ([`OpenConnections`]), with
//!   the same cap.
//!
//! - **Write timeout**: a connection whose client takes nothing the server
//!   sends for [`Limits::write_timeout`] is hung up (see [`watched`]).
//!
//! All four are off with `--limits off`. Every connection has `TCP_NODELAY`,
//! a send buffer of [`SEND_BUFFER_BYTES`], and its peer's address (axum's
//! [`ConnectInfo`]) and its [`Hangup`] on each request, so that whoever
//! serves it can end it at once.
//!
//! Stopping: when `stop` is cancelled the listener stops accepting, each
//! connection finishes the request it is serving and closes, and [`serve`]
//! returns once all have. WebSockets have left hyper by then (upgraded), so
//! Socket.IO closes those itself, before (see `server.rs`); cancelling
//! `hang_up` hangs up every connection still open, upgraded or not.

mod watched;

use std::collections::HashMap;
use std::io;
use std::net::{IpAddr, SocketAddr};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use axum::Router;
use axum::extract::ConnectInfo;
use hyper::body::Incoming;
use hyper::server::conn::http1;
use hyper_util::rt::{TokioIo, TokioTimer};
use tokio::net::{TcpListener, TcpStream};
use tokio_util::sync::CancellationToken;
use tokio_util::task::TaskTracker;
use tower::ServiceExt as _;

use self::watched::{Watch, Watched};
use super::address::limit_key;
use crate::delivery::SlowClients;
use crate::limits::Limits;

pub use watched::Hangup;

/// The kernel send buffer each connection asks for. What a client has not
/// read waits in the server's own bounded queues, not in megabytes of kernel
/// memory, and a client that stops reading is found out sooner. 64 KiB
/// still moves a megabyte a second over a 100 ms round trip (Linux doubles
/// it for its bookkeeping).
pub const SEND_BUFFER_BYTES: usize = 64 * 1024;

/// How the listener treats connections; see the module documentation.
#[derive(Debug, Clone, Copy)]
pub struct ConnectionRules {
    pub header_read_timeout: Option<Duration>,
    pub idle_timeout: Option<Duration>,
    pub write_timeout: Option<Duration>,
    pub connections_per_address: Option<usize>,
}

impl ConnectionRules {
    pub fn new(limits: &Limits, trust_proxy: bool) -> ConnectionRules {
        ConnectionRules {
            header_read_timeout: limits.when_enabled(limits.header_read_timeout),
            idle_timeout: limits.when_enabled(limits.idle_timeout),
            write_timeout: limits.when_enabled(limits.write_timeout),
            connections_per_address: limits
                .when_enabled(limits.connections_per_address)
                .filter(|_| !trust_proxy),
        }
    }
}

/// What stops a listener, and what it reports.
pub struct Controls {
    /// Stops accepting; connections close after the request they serve.
    pub stop: CancellationToken,
    /// Hangs up every connection still open.
    pub hang_up: CancellationToken,
    /// Counts the connections hung up for stalled writes.
    pub slow_clients: SlowClients,
}

/// Serves `router` on every connection `listener` accepts until stopped.
pub async fn serve(
    listener: TcpListener,
    router: Router,
    rules: ConnectionRules,
    controls: Controls,
) {
    let Controls {
        stop,
        hang_up,
        slow_clients,
    } = controls;
    let open = Arc::new(OpenConnections::new(rules.connections_per_address));
    let connections = TaskTracker::new();
    loop {
        let accepted = tokio::select! {
            () = stop.cancelled() => break,
            accepted = listener.accept() => accepted,
        };
        let (stream, peer) = match accepted {
            Ok(accepted) => accepted,
            Err(error) => {
                wait_after_failed_accept(error).await;
                continue;
            }
        };
        let Some(slot) = OpenConnections::admit(&open, peer.ip()) else {
            tracing::debug!(%peer, "refused a connection: too many open from this address");
            continue;
        };
        tune(&stream);
        let watch = Watch {
            idle_timeout: rules.idle_timeout,
            write_timeout: rules.write_timeout,
            slow_clients: slow_clients.clone(),
        };
        let io = Watched::new(stream, watch, hang_up.child_token(), slot);
        connections.spawn(serve_connection(
            io,
            peer,
            router.clone(),
            rules,
            stop.clone(),
        ));
    }
    drop(listener);
    connections.close();
    connections.wait().await;
}

async fn serve_connection(
    io: Watched,
    peer: SocketAddr,
    router: Router,
    rules: ConnectionRules,
    stop: CancellationToken,
) {
    let hangup = io.hangup();
    let service = hyper::service::service_fn(move |mut request: hyper::Request<Incoming>| {
        request.extensions_mut().insert(ConnectInfo(peer));
        request.extensions_mut().insert(hangup.clone());
        router.clone().oneshot(request)
    });
    let mut builder = http1::Builder::new();
    if let Some(timeout) = rules.header_read_timeout {
        builder
            .timer(TokioTimer::new())
            .header_read_timeout(timeout);
    }
    let connection = builder
        .serve_connection(TokioIo::new(io), service)
        .with_upgrades();
    let mut connection = std::pin::pin!(connection);
    let result = tokio::select! {
        result = connection.as_mut() => result,
        () = stop.cancelled() => {
            connection.as_mut().graceful_shutdown();
            connection.await
        }
    };
    if let Err(error) = result {
        tracing::debug!(%peer, %error, "a connection ended with an error");
    }
}

/// Sets the socket options every connection gets, of any transport.
pub fn tune(stream: &TcpStream) {
    // A reply and the events after it are small writes in quick
    // succession; with Nagle's algorithm the second waits for the
    // client's delayed ACK (40 ms on Linux).
    if let Err(error) = stream.set_nodelay(true) {
        tracing::debug!(%error, "cannot set TCP_NODELAY");
    }
    if let Err(error) = socket2::SockRef::from(stream).set_send_buffer_size(SEND_BUFFER_BYTES) {
        tracing::debug!(%error, "cannot set the send buffer size");
    }
}

/// An accept that failed for lack of descriptors or memory fails again at
/// once; waiting a moment lets connections close instead of spinning.
async fn wait_after_failed_accept(error: io::Error) {
    if matches!(
        error.kind(),
        io::ErrorKind::ConnectionAborted | io::ErrorKind::ConnectionReset
    ) {
        return;
    }
    tracing::warn!(%error, "cannot accept a connection; trying again in a moment");
    tokio::time::sleep(Duration::from_millis(250)).await;
}

/// How many connections each address has open (telnet keeps one of these
/// for its own connections, with the same cap).
pub struct OpenConnections {
    cap: Option<usize>,
    counts: Mutex<HashMap<IpAddr, usize>>,
}

impl OpenConnections {
    /// At most `cap` per address; `None` counts nothing and admits all.
    pub fn new(cap: Option<usize>) -> OpenConnections {
        OpenConnections {
            cap,
            counts: Mutex::new(HashMap::new()),
        }
    }

    /// A slot for one more connection from `address`, if it has room.
    pub fn admit(open: &Arc<OpenConnections>, address: IpAddr) -> Option<Slot> {
        let Some(cap) = open.cap else {
            return Some(Slot(None));
        };
        let key = limit_key(address);
        let mut counts = open.counts();
        let count = counts.entry(key).or_insert(0);
        if *count >= cap {
            return None;
        }
        *count += 1;
        Some(Slot(Some((open.clone(), key))))
    }

    fn counts(&self) -> std::sync::MutexGuard<'_, HashMap<IpAddr, usize>> {
        self.counts
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }
}

/// One open connection counted against its address, until dropped (when the
/// connection closes, WebSocket or not: the slot lives in its I/O).
pub struct Slot(Option<(Arc<OpenConnections>, IpAddr)>);

impl Drop for Slot {
    fn drop(&mut self) {
        let Some((open, key)) = self.0.take() else {
            return;
        };
        let mut counts = open.counts();
        if let Some(count) = counts.get_mut(&key) {
            *count -= 1;
            if *count == 0 {
                counts.remove(&key);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_address_at_its_cap_gets_no_slot_until_one_closes() {
        let open = Arc::new(OpenConnections::new(Some(2)));
        let address: IpAddr = "192.0.2.1".parse().unwrap();
        let first = OpenConnections::admit(&open, address).unwrap();
        let _second = OpenConnections::admit(&open, address).unwrap();
        assert!(OpenConnections::admit(&open, address).is_none());
        assert!(OpenConnections::admit(&open, "192.0.2.2".parse().unwrap()).is_some());
        drop(first);
        assert!(OpenConnections::admit(&open, address).is_some());
    }

    #[test]
    fn without_a_cap_every_connection_gets_a_slot() {
        let open = Arc::new(OpenConnections::new(None));
        let address: IpAddr = "192.0.2.1".parse().unwrap();
        let slots: Vec<Slot> = (0..1000)
            .filter_map(|_| OpenConnections::admit(&open, address))
            .collect();
        assert_eq!(slots.len(), 1000);
        assert!(open.counts().is_empty(), "nothing is counted");
    }
}
