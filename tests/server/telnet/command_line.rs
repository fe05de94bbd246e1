//! `HEARTH_TELNET_PORT` (or `--telnet-port`) turns telnet on, and the
//! start-up banner says where to connect.

use std::io::{BufRead, BufReader};
use std::process::Stdio;
use std::sync::mpsc;

use crate::support::PATIENCE;
use crate::support::process::{Scratch, hearth};
use crate::support::telnet::TelnetClient;

#[tokio::test]
async fn the_banner_prints_the_telnet_address_and_it_answers() {
    let scratch = Scratch::new();
    let mut child = Reaped(
        hearth()
            .env("HEARTH_TELNET_PORT", "0")
            .args(["--bind", "127.0.0.1", "--port", "0", "--log", "warn"])
            .arg("--data-dir")
            .arg(&scratch.data_dir)
            .arg("--world")
            .arg(&scratch.world)
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .unwrap(),
    );
    let stdout = BufReader::new(child.0.stdout.take().unwrap());
    let (lines, banner) = mpsc::channel();
    std::thread::spawn(move || {
        for line in stdout.lines().map_while(Result::ok) {
            if lines.send(line).is_err() {
                break;
            }
        }
    });
    let mut printed = Vec::new();
    let address = loop {
        let line = banner
            .recv_timeout(PATIENCE)
            .unwrap_or_else(|_| panic!("no telnet address in the banner: {printed:?}"));
        if let Some(address) = line.trim().strip_prefix("telnet://") {
            break address.parse().expect("host:port");
        }
        printed.push(line);
    };
    assert!(
        printed.contains(&"MUD clients (Mudlet, TinTin++) can connect to:".to_owned()),
        "{printed:?}"
    );
    let mut client = TelnetClient::plain(address).await;
    client.line("Zed").await;
    client.expect("Create Zed? (yes/no) ").await;
}

/// The server process, killed however the test ends.
struct Reaped(std::process::Child);

impl Drop for Reaped {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}
