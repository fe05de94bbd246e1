//! A real MUD client as a second check: TinTin++ (Debian's `tintin++`),
//! run headless in a tmux window 40 columns wide, creates a character with
//! its own telnet stack, and its raw log shows what it was sent.
//!
//! TinTin++ answers TTYPE with `TINTIN++`, its terminal and `MTTS <bits>`,
//! and NAWS with the window's size, so its log proves colour and wrapping
//! from a client nobody here wrote.

use std::path::{Path, PathBuf};
use std::process::Stdio;

use serde_json::json;
use tokio::process::Command;

use crate::support::{PASSWORD, PATIENCE, TestServer};

const INSTALL: &str = "this test drives TinTin++ in tmux: apt-get install tintin++ tmux";

#[tokio::test]
async fn tintin_creates_a_character_in_colour_wrapped_to_its_window() {
    let tintin = find_tintin();
    let test = TestServer::start().await;
    let scratch = tempfile::TempDir::new().unwrap();
    let log = scratch.path().join("tintin.log");
    let script = scratch.path().join("create.tin");
    std::fs::write(&script, create_script(&log, test.telnet().port())).unwrap();

    let tmux = Tmux {
        socket: scratch.path().join("tmux.socket"),
    };
    let command = format!(
        "{} -G -r {}; tmux -S {} wait-for -S done",
        tintin.display(),
        script.display(),
        tmux.socket.display()
    );
    let started = tmux
        .command(&["new-session", "-d", "-x", "40", "-y", "30", &command])
        .status()
        .await
        .unwrap_or_else(|error| panic!("tmux runs ({error}); {INSTALL}"));
    assert!(started.success(), "tmux starts a session");
    let finished =
        tokio::time::timeout(2 * PATIENCE, tmux.command(&["wait-for", "done"]).status()).await;
    let log_text = String::from_utf8_lossy(&std::fs::read(&log).unwrap_or_default()).into_owned();
    assert!(
        matches!(finished, Ok(Ok(status)) if status.success()),
        "TinTin++ did not finish; its log:\n{log_text}\nits screen:\n{}",
        tmux.screen().await
    );

    assert!(
        log_text.contains("\x1b[1;36mThe Test Keep\x1b[0m"),
        "colour, from TinTin++'s MTTS answer:\n{log_text}"
    );
    assert!(
        log_text.contains("\x1b[35mType your name to log in, or a new name\x1b[0m\n"),
        "wrapped at 40 columns, from its NAWS answer:\n{log_text}"
    );
    assert!(log_text.contains("Welcome, Tinny: your character is"));
    assert!(
        log_text.contains("Goodbye."),
        "quit ends the session:\n{log_text}"
    );
    assert!(
        !log_text.contains(PASSWORD),
        "the password is never sent back"
    );

    let login = test
        .post(
            "/api/login",
            json!({ "username": "Tinny", "password": PASSWORD }),
        )
        .await;
    assert_eq!(login.status(), 200, "the character TinTin++ created");
    test.stop().await;
}

/// TinTin++'s commands: log in raw (colour codes kept), answer each prompt,
/// quit at the game's prompt and end when the server closes.
fn create_script(log: &Path, port: u16) -> String {
    format!(
        "#config {{log mode}} {{raw}}\n\
         #event {{SESSION CONNECTED}} {{#log overwrite {log}}}\n\
         #action {{^Name: }} {{#send Tinny}}\n\
         #action {{^Create Tinny? (yes/no) }} {{#send yes}}\n\
         #action {{^New password: }} {{#send {{{PASSWORD}}}}}\n\
         #action {{^Repeat the password: }} {{#send {{{PASSWORD}}}}}\n\
         #action {{^> }} {{#send quit}}\n\
         #event {{SESSION DISCONNECTED}} {{#end}}\n\
         #session hearth 127.0.0.1 {port}\n",
        log = log.display(),
    )
}

/// `tt++` on the PATH, or where Debian puts it.
fn find_tintin() -> PathBuf {
    let on_path = std::env::var_os("PATH")
        .map(|path| std::env::split_paths(&path).collect::<Vec<_>>())
        .unwrap_or_default();
    on_path
        .into_iter()
        .chain([PathBuf::from("/usr/games")])
        .map(|directory| directory.join("tt++"))
        .find(|candidate| candidate.is_file())
        .unwrap_or_else(|| panic!("tt++ is not installed; {INSTALL}"))
}

/// A tmux server of this test's own, on a socket in its scratch directory,
/// killed when the test ends.
struct Tmux {
    socket: PathBuf,
}

impl Tmux {
    fn command(&self, args: &[&str]) -> Command {
        let mut command = Command::new("tmux");
        command
            .arg("-S")
            .arg(&self.socket)
            .args(args)
            .stdin(Stdio::null())
            .kill_on_drop(true);
        command
    }

    async fn screen(&self) -> String {
        let output = self.command(&["capture-pane", "-p"]).output().await;
        output
            .map(|output| String::from_utf8_lossy(&output.stdout).into_owned())
            .unwrap_or_default()
    }
}

impl Drop for Tmux {
    fn drop(&mut self) {
        let _ = std::process::Command::new("tmux")
            .arg("-S")
            .arg(&self.socket)
            .arg("kill-server")
            .stderr(Stdio::null())
            .status();
    }
}
