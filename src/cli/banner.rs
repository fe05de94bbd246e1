//! What the host is told when the server is up: where players connect, who
//! can, where the game is saved and whether it is a new one; and, with
//! `--open`, the page opened in their browser.

use std::net::IpAddr;
use std::path::Path;
use std::process::{Command, Stdio};

use crate::server::Server;

/// Prints where players can connect; returns the address to open here.
pub fn announce(server: &Server, bind: IpAddr, data_dir: &Path) -> String {
    println!(
        "Hearth {} is serving \"{}\".",
        env!("CARGO_PKG_VERSION"),
        server.world().name()
    );
    println!("Players can open:");
    let urls: Vec<String> = server
        .origins()
        .iter()
        .map(|origin| format!("{origin}/"))
        .collect();
    for url in &urls {
        println!("  {url}");
    }
    if let Some(telnet) = server.telnet_address() {
        println!("MUD clients (Mudlet, TinTin++) can connect to:");
        for origin in server.origins() {
            println!("  telnet://{}:{}", origin.host(), telnet.port());
        }
    }
    if bind.is_loopback() {
        println!(
            "Only this machine can connect: the server listens on {bind} alone. \
             To let other machines in, start it with --bind 0.0.0.0 (or HEARTH_BIND=0.0.0.0)."
        );
    }
    let data_dir = std::fs::canonicalize(data_dir).unwrap_or_else(|_| data_dir.to_owned());
    if server.is_new_game() {
        println!(
            "This is a new game: nothing was saved in {} before. \
             If you expected an existing world, stop now and check the data directory.",
            data_dir.display()
        );
        tracing::info!(
            data_dir = %data_dir.display(),
            "a new game: nothing was saved in the data directory before"
        );
    }
    println!("Saving to {}. Press Ctrl+C to stop.", data_dir.display());
    urls.into_iter().next().expect("there is always one host")
}

/// The desktop's "open this address" command.
const OPENER: &str = if cfg!(target_os = "macos") {
    "open"
} else {
    "xdg-open"
};

/// Opens `url` in the host's browser, in the background. A machine without
/// one (a server, a container) gets a warning; the game goes on.
pub fn open_in_browser(url: String) {
    std::thread::spawn(move || {
        let opened = Command::new(OPENER)
            .arg(&url)
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .status();
        match opened {
            Ok(status) if status.success() => {}
            Ok(status) => {
                tracing::warn!("could not open {url} in a browser: {OPENER} failed ({status})");
            }
            Err(error) => {
                tracing::warn!("could not open {url} in a browser: cannot run {OPENER}: {error}");
            }
        }
    });
}
