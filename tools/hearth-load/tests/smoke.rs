//! The load generator against a real server started in-process: a short
//! chat run that must see no error and deliver every message. It checks
//! correctness, not speed, so the load generator cannot rot unnoticed.

use std::path::PathBuf;

use clap::Parser as _;
use hearth::limits::Limits;
use hearth::server::{Config, Server};
use hearth_load::cli::Cli;

fn grid_world() -> PathBuf {
    PathBuf::from(concat!(env!("CARGO_MANIFEST_DIR"), "/worlds/grid.toml"))
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_short_chat_run_delivers_everything() {
    let data = tempfile::tempdir().expect("a temporary directory");
    let server = Server::start(Config {
        bind: "127.0.0.1".parse().unwrap(),
        port: 0,
        data_dir: data.path().to_owned(),
        world: Some(grid_world()),
        allowed_origins: Vec::new(),
        public_urls: Vec::new(),
        trust_proxy: false,
        // 200 players from one address, as every load test from one machine.
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
    let address = server.address().to_string();
    let world = grid_world().display().to_string();
    let cli = Cli::parse_from([
        "hearth-load",
        "--server",
        &address,
        "--world",
        &world,
        "--accounts",
        "none",
        "chat",
        "--players",
        "200",
        "--warmup",
        "0.5",
        "--duration",
        "2",
    ]);

    let report = tokio::task::spawn_blocking(move || hearth_load::scenario::run(cli))
        .await
        .expect("the load generator does not panic")
        .expect("the chat run completes");

    report.print();
    let value = |name: &str| report.value(name).expect(name);
    assert_eq!(value("errors"), 0.0, "{:?}", report.errors);
    assert!(value("commands/s") > 0.0);
    assert_eq!(value("commands answered"), value("commands sent"));
    assert!(value("says heard") > 0.0);
    assert_eq!(value("says heard"), value("says expected"));
    server.shutdown().await.expect("a clean shutdown");
}
