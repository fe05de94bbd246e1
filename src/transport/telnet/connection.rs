//! One telnet connection as a whole: its writer task, its session (the
//! reading side), and its end: the connection leaves the hub and its
//! character's `Exit` is queued, whatever the cause; its login's session is
//! revoked; the last line is written, with a bounded wait for what is queued
//! to go out.

use std::net::SocketAddr;
use std::sync::Arc;
use std::time::Duration;

use tokio::io::AsyncWriteExt as _;
use tokio::net::TcpStream;

use super::output::TelnetOutlet;
use super::session::{Context, Ending, Session};
use super::writer;
use crate::delivery::Outlet as _;
use crate::transport::listener::Slot;

/// Longest a closing connection may take to write its last lines, and a
/// player who typed `quit` waits for the answers to what they typed before.
const CLOSE_FLUSH: Duration = Duration::from_secs(2);

/// What a connection still at a login prompt is told at shutdown (players
/// in the game have had the game's own goodbye).
const SHUTTING_DOWN: &str = "The server is shutting down; try again when it is back.";

const TOO_MANY: &[u8] = b"Too many connections from your address; close one and try again.\r\n";

/// Serves one client until its connection is over; `_slot` counts it
/// against its address until then.
pub async fn serve(stream: TcpStream, peer: SocketAddr, context: Arc<Context>, _slot: Slot) {
    tracing::debug!(%peer, "a telnet connection opened");
    let (mut reader, writer) = stream.into_split();
    let (outlet, frames) = TelnetOutlet::new(context.world.clone(), peer);
    let writing = tokio::spawn(writer::run(writer, frames, outlet.clone()));
    let mut session = Session::new(context.clone(), outlet.clone());
    let ending = session.run(&mut reader).await;
    if ending == Ending::Quit {
        // What was typed before `quit` is answered before the goodbye.
        let answered = outlet.waiting().all_answered();
        let _ = tokio::time::timeout(CLOSE_FLUSH, answered).await;
    }
    if let Some(link) = session.link() {
        link.leave();
        tracing::info!(name = link.actor().name, %peer, ?ending, "a telnet player left");
    }
    match ending {
        Ending::Dropped => outlet.abort(),
        Ending::Closed => {}
        Ending::Quit => outlet.close(Some("Goodbye.")),
        Ending::Idle => outlet.close(Some("You were idle too long; goodbye.")),
        Ending::Shutdown if session.link().is_some() => outlet.close(None),
        Ending::Shutdown => outlet.close(Some(SHUTTING_DOWN)),
        Ending::HungUp | Ending::Done => outlet.close(None),
    }
    if let Some(token) = session.token() {
        // The session was this connection's alone: nobody else holds its token.
        if let Err(error) = context.accounts.logout(token).await {
            tracing::warn!(%error, "could not revoke a telnet login's session");
        }
    }
    if tokio::time::timeout(CLOSE_FLUSH, writing).await.is_err() {
        outlet.abort();
    }
    tracing::debug!(%peer, ?ending, "a telnet connection closed");
}

/// Tells a client over its address's limit why it is turned away.
pub async fn turn_away(mut stream: TcpStream) {
    let _ = tokio::time::timeout(CLOSE_FLUSH, async {
        let _ = stream.write_all(TOO_MANY).await;
        let _ = stream.shutdown().await;
    })
    .await;
}
