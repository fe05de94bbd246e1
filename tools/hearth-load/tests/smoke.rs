//! The load generator against a real server started in-process: a short
//! chat run that must see no error and deliver every message, and a short
//! flood whose two windows must carry the same load. They check
//! correctness, not speed, so the load generator cannot rot unnoticed.

use std::path::PathBuf;

use clap::Parser as _;
use hearth::limits::Limits;
use hearth::server::{Config, Server};
use hearth_load::cli::Cli;

fn grid_world() -> PathBuf {
    PathBuf::from(concat!(env!("CARGO_MANIFEST_DIR"), "/worlds/grid.toml"))
}

/// A server on the grid world with its limits off (every player comes from
/// one address), and its data in a temporary directory.
async fn start_server() -> (Server, tempfile::TempDir) {
    let data = tempfile::tempdir().expect("a temporary directory");
    let server = Server::start(Config {
        bind: "127.0.0.1".parse().unwrap(),
        port: 0,
        data_dir: data.path().to_owned(),
        world: Some(grid_world()),
        allowed_origins: Vec::new(),
        public_urls: Vec::new(),
        trust_proxy: false,
        limits: Limits::off(),
        snapshot_every: None,
        snapshots_kept: 1,
        telnet_port: None,
        telnet_idle_timeout: None,
        admins: Vec::new(),
        metrics_token: None,
        password_queue: hearth::accounts::DEFAULT_PASSWORD_QUEUE,
    })
    .await
    .expect("the server starts");
    (server, data)
}

/// Runs `hearth-load` against `server` with `scenario` (its name and
/// arguments); prints and returns the report.
async fn run(server: &Server, scenario: &[&str]) -> hearth_load::report::Report {
    let address = server.address().to_string();
    let world = grid_world().display().to_string();
    let mut arguments = vec![
        "hearth-load",
        "--server",
        &address,
        "--world",
        &world,
        "--accounts",
        "none",
    ];
    arguments.extend_from_slice(scenario);
    let cli = Cli::parse_from(arguments);
    let report = tokio::task::spawn_blocking(move || hearth_load::scenario::run(cli))
        .await
        .expect("the load generator does not panic")
        .expect("the run completes");
    report.print();
    report
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_short_chat_run_delivers_everything() {
    let (server, _data) = start_server().await;
    let report = run(
        &server,
        &[
            "chat",
            "--players",
            "200",
            "--warmup",
            "0.5",
            "--duration",
            "2",
        ],
    )
    .await;

    let value = |name: &str| report.value(name).expect(name);
    assert_eq!(value("errors"), 0.0, "{:?}", report.errors);
    assert!(value("commands/s") > 0.0);
    assert_eq!(value("commands answered"), value("commands sent"));
    assert!(value("says heard") > 0.0);
    assert_eq!(value("says heard"), value("says expected"));
    server.shutdown().await.expect("a clean shutdown");
}

/// The flood compares two windows, so they must carry the same load: each
/// player sends on a fixed beat, and what it does after its last beat (put
/// its stone back, walk home) must not fall inside the flooded window. It
/// used to, which made that window a fifth busier than the calm one.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_short_flood_measures_two_windows_of_the_same_load() {
    let (server, _data) = start_server().await;
    let report = run(
        &server,
        &[
            "flood",
            "--players",
            "200",
            "--room-size",
            "10",
            "--rate",
            "200",
            "--flood-rate",
            "50",
            "--warmup",
            "1",
            "--duration",
            "2",
        ],
    )
    .await;

    let value = |name: &str| report.value(name).expect(name);
    assert_eq!(value("errors"), 0.0, "{:?}", report.errors);
    assert_eq!(value("calm commands/s"), 200.0);
    assert_eq!(value("flooded commands/s"), 200.0);
    assert!(value("flood run/s") > 0.0);
    server.shutdown().await.expect("a clean shutdown");
}
