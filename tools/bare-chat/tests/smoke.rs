//! The load generator's chat against the bare baseline, in-process: no
//! error and every `say` heard by exactly the rest of its room. If this
//! fails, the baseline no longer does the job Hearth is compared on.

use clap::Parser as _;
use hearth::game::World;
use hearth_load::cli::Cli;

const GRID: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/../hearth-load/worlds/grid.toml"
);

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_short_chat_run_against_the_baseline_delivers_everything() {
    let world = World::load(std::path::Path::new(GRID)).expect("the bench world loads");
    let (address, serving) = bare_chat::start("127.0.0.1:0".parse().unwrap(), world)
        .await
        .expect("the baseline starts");
    let address = address.to_string();
    let cli = Cli::parse_from([
        "hearth-load",
        "--server",
        &address,
        "--world",
        GRID,
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
    serving.abort();
}

#[tokio::test]
async fn a_connection_without_a_token_of_the_baseline_is_refused() {
    let world = World::load(std::path::Path::new(GRID)).expect("the bench world loads");
    let (address, serving) = bare_chat::start("127.0.0.1:0".parse().unwrap(), world)
        .await
        .expect("the baseline starts");
    let refused = hearth_load::client::Client::connect(&address.to_string(), "not-a-token")
        .await
        .err()
        .expect("a made-up token is refused");
    assert!(
        refused
            .downcast_ref::<hearth_load::client::Refused>()
            .is_some(),
        "{refused:#}"
    );
    serving.abort();
}
