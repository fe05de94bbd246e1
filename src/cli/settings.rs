//! Every setting of the server, declared once.
//!
//! Each field of [`Settings`] is at the same time a flag (`--port`), an
//! environment variable (`HEARTH_PORT`), a key of the config file
//! (`port = 4000`, see [`super::layers`]), a line of `hearth config` and a
//! row of the README's options table: all of those are read from clap's own
//! description of these arguments, so nothing else lists them.
//!
//! To add a setting, add a field here with `#[arg(long, env = "HEARTH_…",
//! global = true)]` and a doc comment (its help text, and the comment above
//! it in `hearth config`), then use it in [`Settings::server_config`] or
//! wherever it matters. Mark a secret with `hide_env_values = true`:
//! `hearth config` then says whether it is set, never its value.

use std::net::{IpAddr, ToSocketAddrs};
use std::path::PathBuf;
use std::time::Duration;

use clap::Args;
use tracing_subscriber::EnvFilter;

use crate::accounts::DEFAULT_PASSWORD_QUEUE;
use crate::limits::Limits;
use crate::server::Config;

/// The shortest schedule `--snapshot-every` accepts: a snapshot copies the
/// whole database, so a shorter one is more likely a typo ("0s", "5s") than
/// a wish.
pub const SHORTEST_SNAPSHOT_INTERVAL: Duration = Duration::from_secs(60);

#[derive(Debug, Clone, Args)]
pub struct Settings {
    /// Address to listen on: an IP address or a host name like "localhost".
    /// The default, 0.0.0.0, listens on every network interface; 127.0.0.1
    /// lets only this machine connect.
    #[arg(
        long,
        env = "HEARTH_BIND",
        value_name = "ADDRESS",
        default_value = "0.0.0.0",
        value_parser = parse_bind,
        global = true
    )]
    pub bind: IpAddr,

    /// Port to listen on; 0 picks a free one (and prints it).
    #[arg(
        long,
        env = "HEARTH_PORT",
        value_name = "N",
        default_value_t = 4000,
        global = true
    )]
    pub port: u16,

    /// Directory that holds everything the server saves (created if
    /// missing, readable by its owner only).
    #[arg(
        long,
        env = "HEARTH_DATA_DIR",
        value_name = "DIR",
        default_value = "hearth-data",
        global = true
    )]
    pub data_dir: PathBuf,

    /// World file to play (TOML); without it, the built-in world.
    #[arg(long, env = "HEARTH_WORLD", value_name = "FILE", global = true)]
    pub world: Option<PathBuf>,

    /// Another browser origin allowed to connect, like
    /// http://example.com:8080 (repeat for more; in the variable, separate
    /// them with commas). Pages served by Hearth itself are always allowed.
    #[arg(
        long = "allow-origin",
        value_name = "ORIGIN",
        env = "HEARTH_ALLOW_ORIGIN",
        value_delimiter = ',',
        global = true
    )]
    pub allow_origin: Vec<String>,

    /// How often to snapshot the database into <data-dir>/snapshots, like
    /// "6h" or "30m" (at least a minute), or "off" for only on request
    /// (`hearth snapshot`, or SIGUSR1).
    #[arg(
        long,
        env = "HEARTH_SNAPSHOT_EVERY",
        value_name = "TIME",
        default_value = "6h",
        value_parser = parse_snapshot_interval,
        global = true
    )]
    pub snapshot_every: SnapshotInterval,

    /// How many snapshots to keep; older ones are deleted.
    #[arg(
        long,
        env = "HEARTH_SNAPSHOTS_KEPT",
        value_name = "N",
        default_value_t = 8,
        global = true
    )]
    pub snapshots_kept: usize,

    /// What to log, as a RUST_LOG filter: "info", "debug",
    /// "hearth=debug,warn"...
    #[arg(
        long,
        env = "RUST_LOG",
        value_name = "FILTER",
        default_value = "info",
        value_parser = parse_log_filter,
        global = true
    )]
    pub log: String,

    /// How log lines are written: "text" for people (coloured only on a
    /// terminal), "json" for a log collector (one object per line).
    #[arg(
        long,
        value_name = "text|json",
        env = "HEARTH_LOG_FORMAT",
        value_enum,
        default_value_t = LogFormat::Text,
        global = true
    )]
    pub log_format: LogFormat,

    /// Make this account an admin: at start if it exists, else when it is
    /// registered and first comes in (repeat for more; in the variable,
    /// separate them with commas; in a cluster, when the instance takes the
    /// game, so give every instance the same list). Admins can then promote
    /// others in the game; taking a name off the list demotes no one.
    #[arg(
        long = "admin",
        value_name = "NAME",
        env = "HEARTH_ADMIN",
        value_delimiter = ',',
        global = true
    )]
    pub admin: Vec<String>,

    /// Serve Prometheus metrics at /metrics to requests with
    /// "Authorization: Bearer TOKEN"; without it there are none.
    #[arg(
        long,
        value_name = "TOKEN",
        env = "HEARTH_METRICS_TOKEN",
        hide_env_values = true,
        global = true
    )]
    pub metrics_token: Option<String>,

    /// Open the game's page in this machine's web browser once the server
    /// is up.
    #[arg(long, env = "HEARTH_OPEN", global = true)]
    pub open: bool,

    /// Also serve the game over telnet on this port (same --bind), for MUD
    /// clients such as Mudlet and TinTin++; off when not given.
    #[arg(long, env = "HEARTH_TELNET_PORT", value_name = "N", global = true)]
    pub telnet_port: Option<u16>,

    /// How long a telnet player in the game may be idle before being
    /// disconnected, like "1h" or "30m"; "off" never disconnects them.
    #[arg(
        long,
        env = "HEARTH_TELNET_IDLE_TIMEOUT",
        value_name = "TIME",
        default_value = "1h",
        value_parser = parse_time_limit,
        global = true
    )]
    pub telnet_idle_timeout: TimeLimit,

    /// A URL players open, like https://mud.example.com, when the server is
    /// reached under a name (often through a proxy). These are the server's
    /// own origins; without one, the addresses it listens on are. Repeat
    /// for more; in the variable, separate them with commas.
    #[arg(
        long = "public-url",
        value_name = "URL",
        env = "HEARTH_PUBLIC_URL",
        value_delimiter = ',',
        global = true
    )]
    pub public_url: Vec<String>,

    /// Behind a reverse proxy: take each client's address from the last
    /// entry of X-Forwarded-For (which the proxy appends) instead of the
    /// connection, which is the proxy's. Never use it without a proxy: any
    /// client could then claim any address.
    #[arg(
        long,
        env = "HEARTH_TRUST_PROXY",
        value_parser = clap::builder::BoolishValueParser::new(),
        global = true
    )]
    pub trust_proxy: bool,

    /// "off" turns every abuse limit off (timeouts, per-address caps and
    /// rate limits), for load tests from one machine.
    #[arg(
        long,
        value_name = "on|off",
        env = "HEARTH_LIMITS",
        value_enum,
        default_value_t = Switch::On,
        global = true
    )]
    pub limits: Switch,

    /// How long a client may take to send a request's headers.
    #[arg(
        long,
        value_name = "TIME",
        env = "HEARTH_HEADER_TIMEOUT",
        default_value = "10s",
        value_parser = parse_timeout,
        global = true
    )]
    pub header_timeout: Duration,

    /// How long a connection may receive nothing before it is closed.
    #[arg(
        long,
        value_name = "TIME",
        env = "HEARTH_IDLE_TIMEOUT",
        default_value = "60s",
        value_parser = parse_timeout,
        global = true
    )]
    pub idle_timeout: Duration,

    /// How long a client may take nothing the server sends it before its
    /// connection is closed.
    #[arg(
        long,
        value_name = "TIME",
        env = "HEARTH_WRITE_TIMEOUT",
        default_value = "15s",
        value_parser = parse_timeout,
        global = true
    )]
    pub write_timeout: Duration,

    /// Connections one address may have open at once.
    #[arg(
        long,
        value_name = "N",
        env = "HEARTH_MAX_CONNECTIONS_PER_ADDRESS",
        default_value_t = 64,
        value_parser = clap::value_parser!(u32).range(1..),
        global = true
    )]
    pub max_connections_per_address: u32,

    /// New Socket.IO connections one address may open per minute.
    #[arg(
        long,
        value_name = "N",
        env = "HEARTH_HANDSHAKES_PER_MINUTE",
        default_value_t = 60,
        value_parser = clap::value_parser!(u32).range(1..),
        global = true
    )]
    pub handshakes_per_minute: u32,

    /// Accounts one address may register per 10 minutes (people playing
    /// together behind one router share an address).
    #[arg(
        long,
        value_name = "N",
        env = "HEARTH_REGISTRATIONS_PER_ADDRESS",
        default_value_t = 5,
        value_parser = clap::value_parser!(u32).range(1..),
        global = true
    )]
    pub registrations_per_address: u32,

    /// Failed logins one address may make per five minutes, on any
    /// accounts; beyond them its logins wait (an account's owner elsewhere
    /// is not locked out by them).
    #[arg(
        long,
        value_name = "N",
        env = "HEARTH_FAILED_LOGINS_PER_ADDRESS",
        default_value_t = 10,
        value_parser = clap::value_parser!(u32).range(1..),
        global = true
    )]
    pub failed_logins_per_address: u32,

    /// Logins and registrations that may wait for their password check
    /// while every core is checking others' (a check takes about 19 MiB and
    /// tens of milliseconds); beyond them the server answers 429, busy.
    #[arg(
        long,
        value_name = "N",
        env = "HEARTH_PASSWORD_QUEUE",
        default_value_t = DEFAULT_PASSWORD_QUEUE,
        global = true
    )]
    pub password_queue: usize,

    /// Serve one world with other instances, through the Redis at this URL
    /// (redis://[:password@]host:port/db; docs/cluster.md). Everything is
    /// then kept in Redis, not in --data-dir. Needs a build with the
    /// `redis` feature.
    #[arg(
        long,
        env = "HEARTH_REDIS",
        value_name = "URL",
        hide_env_values = true,
        global = true
    )]
    pub redis: Option<String>,

    /// Which cluster of that Redis this instance joins: every instance of
    /// one world uses the same name (and the same world file).
    #[arg(
        long,
        env = "HEARTH_CLUSTER_NAME",
        value_name = "NAME",
        default_value = "hearth",
        global = true
    )]
    pub cluster_name: String,

    /// How long the instance running the game holds it without renewing
    /// (with --redis): a failover waits about this long, and a commit that
    /// takes longer than this plus a second makes it step down. Raise it if
    /// Redis's disk is slow; give every instance the same.
    #[arg(
        long,
        env = "HEARTH_CLUSTER_LEASE",
        value_name = "TIME",
        default_value = "3s",
        value_parser = parse_lease,
        global = true
    )]
    pub cluster_lease: Duration,
}

/// A setting that is on or off.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Switch {
    On,
    Off,
}

/// How log lines are written.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum LogFormat {
    Text,
    Json,
}

impl Settings {
    /// What the server itself needs from these settings.
    pub fn server_config(&self) -> Config {
        Config {
            bind: self.bind,
            port: self.port,
            data_dir: self.data_dir.clone(),
            world: self.world.clone(),
            allowed_origins: self.allow_origin.clone(),
            public_urls: self.public_url.clone(),
            trust_proxy: self.trust_proxy,
            limits: self.limits(),
            snapshot_every: self.snapshot_every.0,
            snapshots_kept: self.snapshots_kept,
            telnet_port: self.telnet_port,
            telnet_idle_timeout: self.telnet_idle_timeout.0,
            admins: self.admin.clone(),
            metrics_token: self.metrics_token.clone(),
            password_queue: self.password_queue,
        }
    }

    fn limits(&self) -> Limits {
        Limits {
            enabled: self.limits == Switch::On,
            header_read_timeout: self.header_timeout,
            idle_timeout: self.idle_timeout,
            write_timeout: self.write_timeout,
            connections_per_address: self.max_connections_per_address as usize,
            handshakes_per_minute: self.handshakes_per_minute,
            registrations_per_address: self.registrations_per_address,
            failed_logins_per_address: self.failed_logins_per_address,
            ..Limits::default()
        }
    }
}

/// The shortest lease `--cluster-lease` accepts: under a second, a Redis
/// round trip or a scheduling hiccup would cost the lease.
const SHORTEST_LEASE: Duration = Duration::from_secs(1);

/// Reads a lease like "3s" or "10s", at least [`SHORTEST_LEASE`].
fn parse_lease(text: &str) -> Result<Duration, String> {
    let lease = parse_timeout(text)?;
    if lease < SHORTEST_LEASE {
        return Err("a lease is at least 1s".to_owned());
    }
    Ok(lease)
}

/// A time limit; `None` for none.
#[derive(Debug, Clone, Copy)]
pub struct TimeLimit(pub Option<Duration>);

/// Reads "1h", "30m" or "off" (no limit); a limit cannot be zero.
fn parse_time_limit(text: &str) -> Result<TimeLimit, String> {
    if text.trim().eq_ignore_ascii_case("off") {
        return Ok(TimeLimit(None));
    }
    parse_timeout(text).map(|limit| TimeLimit(Some(limit)))
}

/// Reads a timeout like "10s" or "2m"; it cannot be zero.
fn parse_timeout(text: &str) -> Result<Duration, String> {
    match humantime::parse_duration(text) {
        Ok(timeout) if timeout.is_zero() => Err("a timeout cannot be 0".to_owned()),
        Ok(timeout) => Ok(timeout),
        Err(error) => Err(format!("{error} (try \"10s\" or \"2m\")")),
    }
}

/// How often scheduled snapshots are taken; `None` for never (only on
/// request).
#[derive(Debug, Clone, Copy)]
pub struct SnapshotInterval(pub Option<Duration>);

/// Reads "6h", "30m", "90s" (at least [`SHORTEST_SNAPSHOT_INTERVAL`]) or "off".
fn parse_snapshot_interval(text: &str) -> Result<SnapshotInterval, String> {
    let text = text.trim();
    if text.eq_ignore_ascii_case("off") {
        return Ok(SnapshotInterval(None));
    }
    if text.parse::<u64>().is_ok() {
        return Err(format!(
            "\"{text}\" has no unit: write \"6h\", \"30m\"...; schedules are at most once a minute, \
             and \"off\" takes snapshots only on request (hearth snapshot)"
        ));
    }
    let every = humantime::parse_duration(text)
        .map_err(|error| format!("{error} (try \"6h\", \"30m\", or \"off\")"))?;
    if every < SHORTEST_SNAPSHOT_INTERVAL {
        return Err("snapshots can be scheduled at most once a minute; \
                    use \"off\" to take them only on request (hearth snapshot)"
            .to_owned());
    }
    Ok(SnapshotInterval(Some(every)))
}

/// Accepts an IP address (IPv6 with or without brackets) or a host name,
/// which is resolved now; an IPv4 address is preferred, as browsers and
/// tools reach it most reliably.
fn parse_bind(text: &str) -> Result<IpAddr, String> {
    let host = text.trim();
    let unbracketed = host
        .strip_prefix('[')
        .and_then(|rest| rest.strip_suffix(']'))
        .unwrap_or(host);
    if let Ok(ip) = unbracketed.parse() {
        return Ok(ip);
    }
    let addresses: Vec<IpAddr> = (host, 0)
        .to_socket_addrs()
        .map_err(|error| format!("cannot resolve the host name \"{host}\": {error}"))?
        .map(|address| address.ip())
        .collect();
    addresses
        .iter()
        .find(|ip| ip.is_ipv4())
        .or(addresses.first())
        .copied()
        .ok_or_else(|| format!("the host name \"{host}\" has no address"))
}

/// Checks a RUST_LOG-style filter, so a typo is an error rather than
/// silently logging nothing, or everything.
fn parse_log_filter(text: &str) -> Result<String, String> {
    EnvFilter::builder()
        .parse(text)
        .map(|_| text.to_owned())
        .map_err(|error| format!("{error} (try \"info\", \"debug\" or \"hearth=debug,warn\")"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn snapshot_schedules_under_a_minute_are_refused_and_off_turns_them_off() {
        for refused in ["0", "0s", "59s", "500ms"] {
            let error = parse_snapshot_interval(refused).unwrap_err();
            assert!(error.contains("\"off\""), "{refused}: {error}");
        }
        assert!(parse_snapshot_interval("1m").unwrap().0 == Some(Duration::from_secs(60)));
        assert!(parse_snapshot_interval("6h").unwrap().0 == Some(Duration::from_secs(6 * 3600)));
        assert!(parse_snapshot_interval("off").unwrap().0.is_none());
        assert!(parse_snapshot_interval("OFF").unwrap().0.is_none());
        let error = parse_snapshot_interval("often").unwrap_err();
        assert!(
            error.ends_with("(try \"6h\", \"30m\", or \"off\")"),
            "{error}"
        );
    }

    #[test]
    fn bind_takes_addresses_and_host_names() {
        assert_eq!(parse_bind("0.0.0.0").unwrap().to_string(), "0.0.0.0");
        assert_eq!(parse_bind("[::1]").unwrap().to_string(), "::1");
        assert_eq!(parse_bind("::").unwrap().to_string(), "::");
        assert!(parse_bind("localhost").unwrap().is_loopback());
        let error = parse_bind("no-such-host.invalid").unwrap_err();
        assert!(
            error.starts_with("cannot resolve the host name \"no-such-host.invalid\": "),
            "{error}"
        );
    }

    #[test]
    fn a_lease_is_at_least_a_second() {
        assert_eq!(parse_lease("10s").unwrap(), Duration::from_secs(10));
        assert_eq!(parse_lease("1s").unwrap(), Duration::from_secs(1));
        assert_eq!(parse_lease("500ms").unwrap_err(), "a lease is at least 1s");
        assert_eq!(parse_lease("0s").unwrap_err(), "a timeout cannot be 0");
        let error = parse_lease("soon").unwrap_err();
        assert!(error.ends_with("(try \"10s\" or \"2m\")"), "{error}");
    }

    #[test]
    fn a_bad_log_filter_is_an_error() {
        assert!(parse_log_filter("hearth=debug,warn").is_ok());
        assert!(parse_log_filter("info").is_ok());
        for wrong in ["hearth=loud", "[{"] {
            let error = parse_log_filter(wrong).unwrap_err();
            assert!(
                error.ends_with("(try \"info\", \"debug\" or \"hearth=debug,warn\")"),
                "{wrong}: {error}"
            );
        }
    }
}
