//! One telnet connection as a whole: its writer task, its session (the
//! reading side), and its end: the character's `Exit` whatever the cause,
//! the last line, and a bounded wait for what is queued to go out.

use std::net::SocketAddr;
use std::sync::Arc;
use std::time::Duration;

use tokio::io::AsyncWriteExt as _;
use tokio::net::TcpStream;

use super::limits::AddressPermit;
use super::output::TelnetOutlet;
use super::session::{Context, Ending, Session};
use super::writer;
use crate::game::Input;
use crate::transport::outlet::Outlet as _;

/// Longest a closing connection may take to write its last lines.
const CLOSE_FLUSH: Duration = Duration::from_secs(2);

const TOO_MANY: &[u8] = b"Too many connections from your address; close one and try again.\r\n";

/// Serves one client until its connection is over.
pub async fn serve(
    stream: TcpStream,
    peer: SocketAddr,
    context: Arc<Context>,
    _permit: AddressPermit,
) {
    tracing::debug!(%peer, "a telnet connection opened");
    let (mut reader, writer) = stream.into_split();
    let (outlet, frames) = TelnetOutlet::new(context.world.clone(), peer);
    let writing = tokio::spawn(writer::run(writer, frames, outlet.clone()));
    let mut session = Session::new(context.clone(), outlet.clone());
    let ending = session.run(&mut reader).await;
    if let Some(player) = session.player() {
        let _ = context.gateway.submit(player, Input::Exit);
        tracing::info!(name = player.actor.name, %peer, ?ending, "a telnet player left");
    }
    match ending {
        Ending::Dropped => outlet.abort(),
        Ending::Quit => outlet.close(Some("Goodbye.")),
        Ending::Idle => outlet.close(Some("You were idle too long; goodbye.")),
        Ending::Shutdown => outlet.close(context.shutdown_notice.get().map(String::as_str)),
        Ending::HungUp | Ending::Done => outlet.close(None),
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
