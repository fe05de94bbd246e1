//! `hearth healthcheck`: one `GET /healthz` to the server these settings
//! describe, so a container image needs no curl for its HEALTHCHECK.
//!
//! The request is one line of HTTP/1.1 and only the status line of the
//! answer is read: a client library would add nothing here.

use std::io::{BufRead as _, BufReader, Write as _};
use std::net::{IpAddr, Ipv4Addr, Ipv6Addr, SocketAddr, TcpStream};
use std::time::Duration;

use anyhow::{Context as _, bail};

/// How long the server may take to answer.
const PATIENCE: Duration = Duration::from_secs(5);

pub fn check(bind: IpAddr, port: u16) -> anyhow::Result<()> {
    if port == 0 {
        bail!("--port is 0 (any free port), so there is no known port to check");
    }
    let host = match bind {
        IpAddr::V4(ip) if ip.is_unspecified() => IpAddr::V4(Ipv4Addr::LOCALHOST),
        IpAddr::V6(ip) if ip.is_unspecified() => IpAddr::V6(Ipv6Addr::LOCALHOST),
        ip => ip,
    };
    let address = SocketAddr::new(host, port);
    let status = status_of(address).with_context(|| format!("no answer from {address}"))?;
    if status != "200" {
        bail!("http://{address}/healthz answered {status}");
    }
    println!("http://{address}/healthz: ok");
    Ok(())
}

/// The status code of `GET /healthz`.
fn status_of(address: SocketAddr) -> anyhow::Result<String> {
    let mut stream = TcpStream::connect_timeout(&address, PATIENCE)?;
    stream.set_read_timeout(Some(PATIENCE))?;
    stream.set_write_timeout(Some(PATIENCE))?;
    write!(
        stream,
        "GET /healthz HTTP/1.1\r\nHost: {address}\r\nConnection: close\r\n\r\n"
    )?;
    let mut status_line = String::new();
    BufReader::new(stream).read_line(&mut status_line)?;
    match status_line.split_whitespace().nth(1) {
        Some(code) if status_line.starts_with("HTTP/") => Ok(code.to_owned()),
        _ => bail!("not an HTTP answer: {:?}", status_line.trim_end()),
    }
}
