//! Finding the server that runs on a data directory, for `hearth snapshot`.
//!
//! A serving `hearth` writes its process id to `<data dir>/hearth.pid` once
//! it holds the database, and removes the file when it exits. A server
//! killed outright leaves the file behind, and its number may by then belong
//! to another program, so the file alone proves nothing: a server runs only
//! if the database is also open (locked), and only then is the signal sent.

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use anyhow::{Context as _, bail};

use crate::snapshots::{self, SnapshotPolicy};

pub const PID_FILE: &str = "hearth.pid";

/// How long `hearth snapshot` waits for the server to write one.
const SNAPSHOT_PATIENCE: Duration = Duration::from_secs(60);
/// How often it looks.
const POLL: Duration = Duration::from_millis(50);

/// The PID file of this process, removed when dropped.
pub struct PidFile {
    path: PathBuf,
}

impl PidFile {
    /// Writes the file; a failure only costs `hearth snapshot`, so it is a
    /// warning.
    pub fn write(data_dir: &Path) -> Option<PidFile> {
        let path = data_dir.join(PID_FILE);
        match std::fs::write(&path, format!("{}\n", std::process::id())) {
            Ok(()) => Some(PidFile { path }),
            Err(error) => {
                tracing::warn!(path = %path.display(), %error, "cannot write the PID file; `hearth snapshot` will not find this server");
                None
            }
        }
    }
}

impl Drop for PidFile {
    fn drop(&mut self) {
        let _ = std::fs::remove_file(&self.path);
    }
}

/// Asks the server on `data_dir` for a snapshot (SIGUSR1), waits for the
/// new file and prints its path.
pub fn request_snapshot(data_dir: &Path) -> anyhow::Result<()> {
    let pid = running_server(data_dir)?;
    let directory = SnapshotPolicy::in_data_dir(data_dir, None, 1).directory;
    let before = snapshots::list(&directory);
    signal_snapshot(pid)?;
    let deadline = Instant::now() + SNAPSHOT_PATIENCE;
    while Instant::now() < deadline {
        if let Some(new) = snapshots::list(&directory)
            .into_iter()
            .rev()
            .find(|path| !before.contains(path))
        {
            println!("Snapshot written to {}.", new.display());
            return Ok(());
        }
        std::thread::sleep(POLL);
    }
    bail!(
        "the server (process {pid}) was asked for a snapshot but wrote none within {} s; \
         its log says why",
        SNAPSHOT_PATIENCE.as_secs()
    )
}

/// The process id of the server running on `data_dir`.
fn running_server(data_dir: &Path) -> anyhow::Result<u32> {
    let path = data_dir.join(PID_FILE);
    let text = match std::fs::read_to_string(&path) {
        Ok(text) => text,
        Err(error) if error.kind() == std::io::ErrorKind::NotFound => bail!(
            "no Hearth server is running on {} (there is no {PID_FILE} in it); \
             start one, or give the server's --data-dir",
            data_dir.display()
        ),
        Err(error) => {
            return Err(error).with_context(|| format!("cannot read {}", path.display()));
        }
    };
    let pid: u32 = text
        .trim()
        .parse()
        .with_context(|| format!("{} does not hold a process id", path.display()))?;
    if !crate::store::redb::in_use(data_dir) {
        bail!(
            "no Hearth server is running on {}: {PID_FILE} names process {pid}, but the \
             database is not open (a server that was killed leaves the file behind)",
            data_dir.display()
        );
    }
    Ok(pid)
}

fn signal_snapshot(pid: u32) -> anyhow::Result<()> {
    let pid = libc::pid_t::try_from(pid).context("the process id is out of range")?;
    // SAFETY: kill only sends a signal; SIGUSR1 asks Hearth for a snapshot.
    if unsafe { libc::kill(pid, libc::SIGUSR1) } == 0 {
        return Ok(());
    }
    let error = std::io::Error::last_os_error();
    if error.kind() == std::io::ErrorKind::PermissionDenied {
        bail!("not allowed to signal the server (process {pid}); run this as the server's user");
    }
    Err(error).with_context(|| format!("cannot signal the server (process {pid})"))
}
