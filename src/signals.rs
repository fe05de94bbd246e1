//! Operator signals: SIGINT and SIGTERM stop the server gracefully, SIGUSR1
//! takes a snapshot now.
//!
//! They are installed before the server starts, so a signal sent the moment
//! the address is printed is handled, never left to its default action
//! (which for SIGUSR1 and SIGTERM would kill the process on the spot).

use tokio::signal::unix::{Signal, SignalKind, signal};
use tokio_util::sync::CancellationToken;

use crate::snapshots::Snapshotter;

pub struct Signals {
    interrupt: Signal,
    terminate: Signal,
    snapshot: Signal,
}

impl Signals {
    /// Takes over the signals now; they queue until [`Signals::handle`].
    pub fn install() -> std::io::Result<Signals> {
        Ok(Signals {
            interrupt: signal(SignalKind::interrupt())?,
            terminate: signal(SignalKind::terminate())?,
            snapshot: signal(SignalKind::user_defined1())?,
        })
    }

    /// Acts on signals for as long as the server runs.
    pub fn handle(self, stopper: CancellationToken, snapshotter: Snapshotter) {
        let Signals {
            mut interrupt,
            mut terminate,
            mut snapshot,
        } = self;
        tokio::spawn(async move {
            tokio::select! {
                _ = interrupt.recv() => {}
                _ = terminate.recv() => {}
            }
            stopper.cancel();
        });
        tokio::spawn(async move {
            while snapshot.recv().await.is_some() {
                match snapshotter.take().await {
                    Ok(path) => println!("Snapshot written to {}.", path.display()),
                    Err(error) => tracing::error!(%error, "the requested snapshot failed"),
                }
            }
        });
    }
}
