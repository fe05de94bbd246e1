//! The command line: every flag is also an environment variable, and
//! `--help` explains them.

use crate::support::PATIENCE;
use crate::support::process::{HearthProcess, Scratch, hearth, run, run_to_completion};
use std::io::{BufRead, BufReader};
use std::process::Stdio;

#[test]
fn help_explains_every_flag_and_its_variable() {
    let output = run(&["--help"]);
    assert!(output.status.success());
    let help = String::from_utf8_lossy(&output.stdout);
    for (flag, variable) in [
        ("--bind", "HEARTH_BIND"),
        ("--port", "HEARTH_PORT"),
        ("--data-dir", "HEARTH_DATA_DIR"),
        ("--world", "HEARTH_WORLD"),
        ("--allow-origin", "HEARTH_ALLOW_ORIGIN"),
        ("--log", "RUST_LOG"),
        ("--snapshot-every", "HEARTH_SNAPSHOT_EVERY"),
        ("--public-url", "HEARTH_PUBLIC_URL"),
        ("--trust-proxy", "HEARTH_TRUST_PROXY"),
        ("--limits", "HEARTH_LIMITS"),
        ("--header-timeout", "HEARTH_HEADER_TIMEOUT"),
        ("--idle-timeout", "HEARTH_IDLE_TIMEOUT"),
        ("--write-timeout", "HEARTH_WRITE_TIMEOUT"),
        (
            "--max-connections-per-address",
            "HEARTH_MAX_CONNECTIONS_PER_ADDRESS",
        ),
        ("--handshakes-per-minute", "HEARTH_HANDSHAKES_PER_MINUTE"),
        ("--snapshots-kept", "HEARTH_SNAPSHOTS_KEPT"),
        ("--open", "HEARTH_OPEN"),
        ("--config", "HEARTH_CONFIG"),
        ("--telnet-port", "HEARTH_TELNET_PORT"),
        ("--telnet-idle-timeout", "HEARTH_TELNET_IDLE_TIMEOUT"),
    ] {
        assert!(
            help.contains(flag) && help.contains(variable),
            "{flag} / {variable} missing:\n{help}"
        );
    }
}

#[tokio::test]
async fn the_environment_configures_the_server_like_the_flags() {
    let scratch = Scratch::new();
    let mut child = hearth()
        .env("HEARTH_BIND", "127.0.0.1")
        .env("HEARTH_PORT", "0")
        .env("HEARTH_DATA_DIR", &scratch.data_dir)
        .env("HEARTH_WORLD", &scratch.world)
        .env(
            "HEARTH_ALLOW_ORIGIN",
            "http://one.example,http://two.example",
        )
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let mut lines = BufReader::new(child.stdout.take().unwrap()).lines();
    let banner: Vec<String> = (0..3).map(|_| lines.next().unwrap().unwrap()).collect();
    assert!(banner[0].contains("The Test Keep"), "{banner:?}");
    let url = banner[2].trim().to_owned();
    assert!(url.starts_with("http://127.0.0.1:"), "{banner:?}");
    assert!(scratch.data_dir.join("hearth.redb").exists());

    let client = reqwest::Client::new();
    for (origin, status) in [("http://two.example", 200), ("http://three.example", 403)] {
        let response = client
            .get(format!("{url}healthz"))
            .header("Origin", origin)
            .send()
            .await
            .unwrap();
        assert_eq!(response.status(), status, "{origin}");
    }
    child.kill().unwrap();
    child.wait().unwrap();
}

/// A server on 127.0.0.1 in the scratch directory, with `extra` arguments.
fn start(scratch: &Scratch, extra: &[&str]) -> HearthProcess {
    let mut command = hearth();
    command
        .args(["--bind", "127.0.0.1", "--port", "0"])
        .arg("--data-dir")
        .arg(&scratch.data_dir)
        .arg("--world")
        .arg(&scratch.world)
        .args(extra)
        .stderr(Stdio::null());
    HearthProcess::spawn(command)
}

#[test]
fn a_server_on_loopback_says_other_machines_cannot_connect_and_how_to_let_them() {
    let scratch = Scratch::new();
    let process = start(&scratch, &[]);
    let banner = process.banner.join("\n");
    assert!(
        banner.contains("Only this machine can connect") && banner.contains("--bind 0.0.0.0"),
        "{banner}"
    );
    assert!(process.terminate().1);
}

#[test]
fn a_new_game_is_announced_with_its_data_directory_and_a_saved_one_is_not() {
    let scratch = Scratch::new();
    let process = start(&scratch, &[]);
    let banner = process.banner.join("\n");
    let data_dir = scratch.data_dir.canonicalize().unwrap();
    assert!(
        banner.contains("This is a new game") && banner.contains(&data_dir.display().to_string()),
        "{banner}"
    );
    assert!(process.terminate().1);

    let process = start(&scratch, &[]);
    let banner = process.banner.join("\n");
    assert!(!banner.contains("new game"), "{banner}");
    assert!(process.terminate().1);
}

#[test]
fn a_port_in_use_is_refused_with_the_flag_that_picks_another() {
    let scratch = Scratch::new();
    let taken = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let port = taken.local_addr().unwrap().port().to_string();
    let mut command = hearth();
    command
        .args(["--bind", "127.0.0.1", "--port", &port])
        .arg("--data-dir")
        .arg(&scratch.data_dir);
    let output = run_to_completion(command);
    assert!(!output.status.success());
    let error = String::from_utf8_lossy(&output.stderr);
    assert!(
        error.contains(&format!("using port {port}")) && error.contains("--port"),
        "{error}"
    );
}

#[tokio::test]
async fn bind_accepts_a_host_name() {
    let scratch = Scratch::new();
    let mut command = hearth();
    command
        .args(["--bind", "localhost", "--port", "0"])
        .arg("--data-dir")
        .arg(&scratch.data_dir)
        .stderr(Stdio::null());
    let process = HearthProcess::spawn(command);
    let health = reqwest::get(format!("{}healthz", process.url()))
        .await
        .unwrap();
    assert_eq!(health.status(), 200);
    assert!(process.terminate().1);
}

#[test]
fn an_invalid_log_filter_is_an_error() {
    for (flag, variable) in [(Some("hearth=loud"), None), (None, Some("hearth=loud"))] {
        let mut command = hearth();
        command.args(["check-world"]);
        if let Some(flag) = flag {
            command.args(["--log", flag]);
        }
        if let Some(variable) = variable {
            command.env("RUST_LOG", variable);
        }
        let output = run_to_completion(command);
        assert!(!output.status.success());
        let error = String::from_utf8_lossy(&output.stderr);
        assert!(error.contains("--log") && error.contains("loud"), "{error}");
    }
}

#[test]
fn check_world_without_a_file_checks_the_built_in_world() {
    let output = run(&["check-world"]);
    assert!(output.status.success());
    let said = String::from_utf8_lossy(&output.stdout);
    assert!(
        said.contains("The built-in world") && said.contains("is fine"),
        "{said}"
    );
}

/// A directory for PATH whose only program is an `xdg-open` (and `open`)
/// that writes the address it was given to `opened.txt`.
fn fake_browser(scratch: &Scratch) -> std::path::PathBuf {
    use std::os::unix::fs::PermissionsExt as _;
    let bin = scratch.file("bin");
    std::fs::create_dir_all(&bin).unwrap();
    let record = scratch.file("opened.txt");
    let script = format!(
        "#!/bin/sh\nprintf '%s' \"$1\" > '{}.partial' && exec /bin/mv '{0}.partial' '{0}'\n",
        record.display()
    );
    for name in ["xdg-open", "open"] {
        let path = bin.join(name);
        std::fs::write(&path, &script).unwrap();
        std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o755)).unwrap();
    }
    bin
}

#[test]
fn open_opens_the_page_in_the_browser() {
    let scratch = Scratch::new();
    let bin = fake_browser(&scratch);
    let mut command = hearth();
    command
        .args(["--bind", "127.0.0.1", "--port", "0", "--open"])
        .arg("--data-dir")
        .arg(&scratch.data_dir)
        .env("PATH", &bin)
        .stderr(Stdio::null());
    let process = HearthProcess::spawn(command);
    let record = scratch.file("opened.txt");
    let deadline = std::time::Instant::now() + PATIENCE;
    while !record.exists() {
        assert!(
            std::time::Instant::now() < deadline,
            "no browser was opened"
        );
        std::thread::sleep(std::time::Duration::from_millis(20));
    }
    assert_eq!(std::fs::read_to_string(&record).unwrap(), process.url());
    assert!(process.terminate().1);
}

#[test]
fn open_without_a_browser_warns_and_serves_on() {
    let scratch = Scratch::new();
    let empty = scratch.file("empty-bin");
    std::fs::create_dir_all(&empty).unwrap();
    let mut child = hearth()
        .args(["--bind", "127.0.0.1", "--port", "0", "--open"])
        .arg("--data-dir")
        .arg(&scratch.data_dir)
        .env("PATH", &empty)
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let lines = BufReader::new(child.stderr.take().unwrap()).lines();
    let (sender, log) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        lines
            .map_while(Result::ok)
            .try_for_each(|line| sender.send(line))
    });
    let deadline = std::time::Instant::now() + PATIENCE;
    let warning = loop {
        let left = deadline.saturating_duration_since(std::time::Instant::now());
        let line = log
            .recv_timeout(left)
            .expect("a warning within the patience");
        if line.contains("could not open") {
            break line;
        }
    };
    assert!(warning.contains("cannot run"), "{warning}");
    assert!(child.try_wait().unwrap().is_none(), "the server still runs");
    child.kill().unwrap();
    child.wait().unwrap();
}

#[test]
fn snapshot_schedules_under_a_minute_are_refused() {
    for every in ["0", "0s", "30s", "600"] {
        let output = run(&["--snapshot-every", every, "check-world"]);
        assert!(!output.status.success(), "{every}");
        let error = String::from_utf8_lossy(&output.stderr);
        assert!(
            error.contains("once a minute") && error.contains("\"off\""),
            "{every}: {error}"
        );
    }
    assert!(
        run(&["--snapshot-every", "off", "check-world"])
            .status
            .success()
    );
}

#[tokio::test]
async fn healthcheck_says_whether_the_server_answers() {
    let scratch = Scratch::new();
    let process = start(&scratch, &[]);
    let port = process.port.to_string();
    let check = || run(&["healthcheck", "--bind", "127.0.0.1", "--port", &port]);
    let healthy = check();
    assert!(
        healthy.status.success(),
        "{}",
        String::from_utf8_lossy(&healthy.stderr)
    );
    assert!(process.terminate().1);
    let after = check();
    assert!(!after.status.success());
    assert!(String::from_utf8_lossy(&after.stderr).contains("no answer"));
}

#[test]
fn check_world_prints_warnings_and_still_exits_zero() {
    let scratch = Scratch::new();
    let world = scratch.file("warned.toml");
    std::fs::write(
        &world,
        "[world]\nname = \"Warned\"\nstart = \"hall\"\n\n[[rooms]]\nid = \"hall\"\nname = \"Hall\"\n\
         description = \"A hall.\"\nexits = { down = \"pit\" }\n\n[[rooms]]\nid = \"pit\"\n\
         name = \"Pit\"\ndescription = \"A pit.\"\n",
    )
    .unwrap();
    let output = run(&["check-world", world.to_str().unwrap()]);
    assert!(output.status.success());
    let printed = String::from_utf8_lossy(&output.stdout);
    assert!(
        printed.contains("warning: world file") && printed.contains("has no exits"),
        "{printed}"
    );
    assert!(
        printed.contains("is fine") && printed.contains("; 1 warning."),
        "{printed}"
    );
}

#[test]
fn check_world_lists_every_error_with_a_suggestion_and_exits_non_zero() {
    let scratch = Scratch::new();
    let world = scratch.file("broken.toml");
    std::fs::write(
        &world,
        "[world]\nname = \"Broken\"\nstart = \"hal\"\n\n[[rooms]]\nid = \"hall\"\nname = \"Hall\"\n\
         descripton = \"A hall.\"\n",
    )
    .unwrap();
    let output = run(&["check-world", world.to_str().unwrap()]);
    assert!(!output.status.success());
    let printed = String::from_utf8_lossy(&output.stderr);
    for expected in [
        "broken.toml has 3 problems",
        "start names room \"hal\", which does not exist; did you mean \"hall\"?",
        "missing key `description`",
        "unknown key `descripton`; did you mean `description`?",
    ] {
        assert!(printed.contains(expected), "{expected} in {printed}");
    }
}
