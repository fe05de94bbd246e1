//! A database left needing repair by a crash: the host sees the repair's
//! progress in the log, and the game comes back whole.

use std::io::{BufRead, BufReader};
use std::process::Stdio;
use std::sync::mpsc;

use crate::support::PATIENCE;
use crate::support::process::{HearthProcess, Scratch, hearth, sign_up};

#[tokio::test]
async fn a_repair_after_a_crash_logs_its_progress() {
    let scratch = Scratch::new();
    let crashed = HearthProcess::start(&scratch.data_dir, &scratch.world, 0);
    sign_up(&crashed.url(), "Alice").await;
    crashed.kill();

    let mut child = hearth()
        .args(["--bind", "127.0.0.1", "--port", "0", "--log", "info"])
        .arg("--data-dir")
        .arg(&scratch.data_dir)
        .arg("--world")
        .arg(&scratch.world)
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .expect("hearth starts");
    let stderr = child.stderr.take().expect("stderr is piped");
    let (lines, log) = mpsc::channel();
    std::thread::spawn(move || {
        for line in BufReader::new(stderr).lines().map_while(Result::ok) {
            if lines.send(line).is_err() {
                return;
            }
        }
    });
    let mut seen = Vec::new();
    let outcome = loop {
        match log.recv_timeout(PATIENCE) {
            Ok(line) if line.contains("repairing the database") => break Ok(line),
            Ok(line) if line.contains("serving") => break Err("it served without a repair"),
            Ok(line) => seen.push(line),
            Err(_) => break Err("no repair line and no serving line"),
        }
    };
    let _ = child.kill();
    let _ = child.wait();
    let line = outcome.unwrap_or_else(|why| panic!("{why}; the log was:\n{}", seen.join("\n")));
    assert!(line.contains("INFO"), "{line}");
}
