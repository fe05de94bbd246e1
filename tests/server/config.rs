//! The config file: `hearth.toml` in the data directory or `--config FILE`,
//! below flags and environment variables and above the defaults, and
//! `hearth config`, which prints every setting with its source.

use std::path::Path;
use std::process::{Command, Output, Stdio};

use crate::support::process::{HearthProcess, Scratch, hearth, run_to_completion};

fn config_command(data_dir: &Path) -> Command {
    let mut command = hearth();
    command.arg("config").arg("--data-dir").arg(data_dir);
    command
}

fn stdout(output: &Output) -> String {
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    String::from_utf8_lossy(&output.stdout).into_owned()
}

fn failure(output: &Output) -> String {
    assert!(!output.status.success(), "it should have failed");
    String::from_utf8_lossy(&output.stderr).into_owned()
}

/// The settings `hearth config` prints as live lines, read back as TOML.
fn live_settings(printed: &str) -> toml::Table {
    printed.parse().expect("hearth config prints valid TOML")
}

/// The comment line that says where `key` came from.
fn source_of<'a>(printed: &'a str, key: &str) -> &'a str {
    printed
        .lines()
        .find(|line| line.starts_with(&format!("# (flag --{key},")))
        .unwrap_or_else(|| panic!("no source line for {key}:\n{printed}"))
}

#[test]
fn the_file_sits_below_flags_and_variables_and_above_the_defaults() {
    let scratch = Scratch::new();
    std::fs::create_dir_all(&scratch.data_dir).unwrap();
    std::fs::write(
        scratch.data_dir.join("hearth.toml"),
        "port = 4100\nsnapshots-kept = 3\nlog = \"warn\"\nworld = \"../world.toml\"\n",
    )
    .unwrap();
    let mut command = config_command(&scratch.data_dir);
    command
        .env("HEARTH_PORT", "4200")
        .args(["--snapshots-kept", "5"]);
    let printed = stdout(&run_to_completion(command));
    let live = live_settings(&printed);

    assert_eq!(live["port"].as_integer(), Some(4200));
    assert!(source_of(&printed, "port").contains("now from HEARTH_PORT"));
    assert_eq!(live["snapshots-kept"].as_integer(), Some(5));
    assert!(source_of(&printed, "snapshots-kept").contains("now from --snapshots-kept"));
    assert_eq!(live["log"].as_str(), Some("warn"));
    assert!(source_of(&printed, "log").contains("now from this file"));
    let world = Path::new(live["world"].as_str().unwrap());
    assert_eq!(
        world.canonicalize().unwrap(),
        scratch.world.canonicalize().unwrap(),
        "a relative path in the file is relative to the file"
    );
    assert!(!live.contains_key("bind"), "defaults stay commented out");
    assert!(source_of(&printed, "bind").contains("now the default"));
    assert!(printed.contains("# bind = \"0.0.0.0\""));
}

#[test]
fn what_hearth_config_prints_reads_back_as_the_same_configuration() {
    let scratch = Scratch::new();
    let mut command = config_command(&scratch.data_dir);
    command
        .env(
            "HEARTH_ALLOW_ORIGIN",
            "http://one.example,http://two.example",
        )
        .args(["--port", "4300", "--snapshot-every", "off", "--open"]);
    let first = stdout(&run_to_completion(command));
    let saved = scratch.file("saved.toml");
    std::fs::write(&saved, &first).unwrap();

    let mut command = config_command(&scratch.data_dir);
    command.arg("--config").arg(&saved);
    let second = stdout(&run_to_completion(command));
    assert_eq!(live_settings(&first), live_settings(&second));
    let origins = &live_settings(&second)["allow-origin"];
    assert_eq!(
        origins.as_array().unwrap().len(),
        2,
        "a list stays a list: {origins}"
    );
    assert!(source_of(&second, "port").contains("now from this file"));
}

#[test]
fn every_setting_is_in_the_template_with_its_help_and_variable() {
    let scratch = Scratch::new();
    let printed = stdout(&run_to_completion(config_command(&scratch.data_dir)));
    for (key, variable) in [
        ("bind", "HEARTH_BIND"),
        ("port", "HEARTH_PORT"),
        ("data-dir", "HEARTH_DATA_DIR"),
        ("world", "HEARTH_WORLD"),
        ("allow-origin", "HEARTH_ALLOW_ORIGIN"),
        ("snapshot-every", "HEARTH_SNAPSHOT_EVERY"),
        ("snapshots-kept", "HEARTH_SNAPSHOTS_KEPT"),
        ("log", "RUST_LOG"),
        ("open", "HEARTH_OPEN"),
    ] {
        assert!(
            source_of(&printed, key).contains(variable),
            "{key}:\n{printed}"
        );
        let line = format!("{key} = ");
        assert!(
            printed
                .lines()
                .any(|printed| printed.trim_start_matches("# ").starts_with(&line)),
            "{key}"
        );
    }
    assert!(printed.contains("No config file was read"));
}

#[test]
fn an_unknown_key_is_an_error_naming_the_closest_setting() {
    let scratch = Scratch::new();
    std::fs::create_dir_all(&scratch.data_dir).unwrap();
    std::fs::write(scratch.data_dir.join("hearth.toml"), "prot = 4100\n").unwrap();
    let error = failure(&run_to_completion(config_command(&scratch.data_dir)));
    assert!(error.contains("hearth.toml"), "{error}");
    assert!(
        error.contains("`prot` is not a setting; did you mean `port`?"),
        "{error}"
    );
}

#[test]
fn a_bad_value_in_the_file_is_an_error_naming_the_key() {
    let scratch = Scratch::new();
    std::fs::create_dir_all(&scratch.data_dir).unwrap();
    for (line, expected) in [
        ("port = \"lots\"", "`port` = \"lots\""),
        ("snapshot-every = \"10s\"", "\"off\""),
        (
            "allow-origin = 3.5\nport = [1, 2]",
            "`port`: takes one value",
        ),
        ("open = \"yes\"", "true or false"),
        ("port = ", "hearth.toml"),
    ] {
        std::fs::write(scratch.data_dir.join("hearth.toml"), line).unwrap();
        let error = failure(&run_to_completion(config_command(&scratch.data_dir)));
        assert!(error.contains(expected), "{line}: {error}");
    }
}

#[test]
fn a_missing_config_file_given_by_flag_is_an_error() {
    let scratch = Scratch::new();
    let mut command = config_command(&scratch.data_dir);
    command.arg("--config").arg(scratch.file("missing.toml"));
    let error = failure(&run_to_completion(command));
    assert!(
        error.contains("cannot read the config file") && error.contains("missing.toml"),
        "{error}"
    );
}

#[test]
fn the_data_directory_file_cannot_move_the_data_directory() {
    let scratch = Scratch::new();
    std::fs::create_dir_all(&scratch.data_dir).unwrap();
    std::fs::write(
        scratch.data_dir.join("hearth.toml"),
        "data-dir = \"/elsewhere\"\n",
    )
    .unwrap();
    let error = failure(&run_to_completion(config_command(&scratch.data_dir)));
    assert!(error.contains("--config"), "{error}");
}

#[tokio::test]
async fn the_server_plays_by_the_file() {
    let scratch = Scratch::new();
    std::fs::create_dir_all(&scratch.data_dir).unwrap();
    std::fs::write(
        scratch.data_dir.join("hearth.toml"),
        "bind = \"127.0.0.1\"\nport = 0\nworld = \"../world.toml\"\nlog = \"warn\"\n",
    )
    .unwrap();
    let mut command = hearth();
    command
        .arg("--data-dir")
        .arg(&scratch.data_dir)
        .stderr(Stdio::null());
    let process = HearthProcess::spawn(command);
    assert!(
        process.banner[0].contains("The Test Keep"),
        "{:?}",
        process.banner
    );
    let health = reqwest::get(format!("{}healthz", process.url()))
        .await
        .unwrap();
    assert_eq!(health.status(), 200);
    assert!(process.terminate().1);
}
