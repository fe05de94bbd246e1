//! What a host can see of a running server: Prometheus metrics, served at
//! `/metrics` once `--metrics-token` is set (see
//! [`crate::transport::http`]), through the `metrics` crate's macros and
//! `metrics-exporter-prometheus`.
//!
//! Every metric is named and described here, once; the rest of the server
//! calls the functions below. Without a recorder installed (no token) they
//! cost next to nothing. The recorder is process-wide, so servers started
//! in one process (the tests) share it.
//!
//! | metric | kind | what |
//! |---|---|---|
//! | `hearth_connections` | gauge | connections open on this node, every transport |
//! | `hearth_players_online` | gauge | characters in the game |
//! | `hearth_commands_total{command}` | counter | commands applied, by the command they ran |
//! | `hearth_command_seconds` | histogram | from a command's arrival to its answer being sent |
//! | `hearth_commands_refused_total{reason}` | counter | commands refused before the game: `rate` (too fast), `in_flight` (too many waiting) |
//! | `hearth_group_inputs` | histogram | inputs applied and saved together in one group |
//! | `hearth_commit_seconds` | histogram | how long each group's commit took |
//! | `hearth_failed_commits_total` | counter | commits that failed (the game then refuses what needs saving) |
//! | `hearth_slow_clients_dropped_total` | counter | connections closed because they stopped reading (a full queue, or a write stalled past the write timeout) |
//! | `hearth_logins_total{result}` | counter | login attempts: `ok`, `wrong`, `locked`, `banned`, `failed` (too busy to check, or the store failed) |
//! | `hearth_registrations_total{result}` | counter | registrations: `ok`, `refused` (limit, name taken, invalid) |

use std::sync::OnceLock;
use std::time::Duration;

use metrics::{counter, describe_counter, describe_gauge, describe_histogram, gauge, histogram};
use metrics_exporter_prometheus::{Matcher, PrometheusBuilder, PrometheusHandle};

use crate::engine::Request;
use crate::game::Input;

/// Buckets for the latency histograms, in seconds.
const SECONDS: &[f64] = &[
    0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0,
];
/// Buckets for group sizes.
const GROUP_SIZES: &[f64] = &[
    1.0, 2.0, 4.0, 8.0, 16.0, 32.0, 64.0, 128.0, 256.0, 512.0, 1024.0,
];

static RECORDER: OnceLock<Option<PrometheusHandle>> = OnceLock::new();

/// Installs the process-wide recorder (once) and returns what renders it;
/// `None` if another recorder was installed first.
pub fn install() -> Option<PrometheusHandle> {
    RECORDER
        .get_or_init(|| {
            let recorder = PrometheusBuilder::new()
                .set_buckets_for_metric(Matcher::Suffix("_seconds".to_owned()), SECONDS)
                .and_then(|builder| {
                    builder.set_buckets_for_metric(
                        Matcher::Full("hearth_group_inputs".to_owned()),
                        GROUP_SIZES,
                    )
                })
                .expect("the buckets are not empty")
                .build_recorder();
            let handle = recorder.handle();
            match metrics::set_global_recorder(recorder) {
                Ok(()) => {
                    describe();
                    Some(handle)
                }
                Err(error) => {
                    tracing::warn!(%error, "cannot install the metrics recorder");
                    None
                }
            }
        })
        .clone()
}

fn describe() {
    describe_gauge!(
        "hearth_connections",
        "Connections open on this node, every transport."
    );
    describe_gauge!("hearth_players_online", "Characters in the game.");
    describe_counter!(
        "hearth_commands_total",
        "Commands applied, by the command they ran."
    );
    describe_histogram!(
        "hearth_command_seconds",
        metrics::Unit::Seconds,
        "From a command's arrival to its answer being sent."
    );
    describe_counter!(
        "hearth_commands_refused_total",
        "Commands refused before reaching the game: too fast (rate) or too many waiting (in_flight)."
    );
    describe_histogram!(
        "hearth_group_inputs",
        "Inputs applied and saved together in one group."
    );
    describe_histogram!(
        "hearth_commit_seconds",
        metrics::Unit::Seconds,
        "How long each group's commit took."
    );
    describe_counter!("hearth_failed_commits_total", "Commits that failed.");
    describe_counter!(
        "hearth_slow_clients_dropped_total",
        "Connections closed because they stopped reading."
    );
    describe_counter!("hearth_logins_total", "Login attempts, by result.");
    describe_counter!("hearth_registrations_total", "Registrations, by result.");
}

/// A group was applied and saved in `commit`.
pub fn group_saved(requests: &[Request], commit: Duration, online: usize) {
    for request in requests {
        if let Input::Command(line) = &request.input {
            counter!("hearth_commands_total", "command" => crate::game::command::kind(line))
                .increment(1);
        }
    }
    if !requests.is_empty() {
        histogram!("hearth_group_inputs").record(requests.len() as f64);
    }
    histogram!("hearth_commit_seconds").record(commit.as_secs_f64());
    gauge!("hearth_players_online").set(online as f64);
}

pub fn commit_failed() {
    counter!("hearth_failed_commits_total").increment(1);
}

/// A command was answered `latency` after it arrived.
pub fn command_answered(latency: Duration) {
    histogram!("hearth_command_seconds").record(latency.as_secs_f64());
}

/// A command was refused before the game: `reason` is `rate` or `in_flight`.
pub fn command_refused(reason: &'static str) {
    counter!("hearth_commands_refused_total", "reason" => reason).increment(1);
}

/// The node now holds `open` connections.
pub fn connections(open: usize) {
    gauge!("hearth_connections").set(open as f64);
}

pub fn slow_client_dropped() {
    counter!("hearth_slow_clients_dropped_total").increment(1);
}

/// A login attempt ended: `ok`, `wrong`, `locked`, `banned` or `failed`
/// (the server was too busy to check the password, or its store failed).
pub fn login(result: &'static str) {
    counter!("hearth_logins_total", "result" => result).increment(1);
}

/// A registration ended: `ok` or `refused`.
pub fn registration(result: &'static str) {
    counter!("hearth_registrations_total", "result" => result).increment(1);
}
