//! The server's own origins: where players open the game, so where the
//! pages that may talk to it come from.
//!
//! A host who serves Hearth under a name (often behind a proxy that adds
//! TLS) says so with `--public-url`, and those are the origins. Otherwise
//! they are the addresses the server listens on, over plain HTTP: the bind
//! address, or for an unspecified one (`0.0.0.0`, `::`) every address of
//! every local interface, and `localhost` whenever loopback is reachable.
//! The start-up banner lists the same origins as the addresses to open.

use std::net::IpAddr;

use super::Origin;

/// The origins of a server listening on `bind`:`port`, unless `public`
/// names them.
pub fn own_origins(public: &[Origin], bind: IpAddr, port: u16) -> Vec<Origin> {
    if !public.is_empty() {
        return public.to_vec();
    }
    listening_hosts(bind)
        .iter()
        .filter_map(|host| Origin::parse(&format!("http://{host}:{port}")))
        .collect()
}

/// Host names a browser can use to reach a server bound to `bind`, the
/// likeliest first: the bind address itself when it is specific, else
/// `localhost` and then each interface's address.
fn listening_hosts(bind: IpAddr) -> Vec<String> {
    if !bind.is_unspecified() {
        let mut hosts = vec![host_in_url(bind)];
        if bind.is_loopback() {
            hosts.push("localhost".to_owned());
        }
        return hosts;
    }
    let interfaces = if_addrs::get_if_addrs().unwrap_or_default();
    let mut addresses: Vec<IpAddr> = interfaces
        .iter()
        .map(|interface| interface.ip())
        .filter(|ip| ip.is_ipv4() || bind.is_ipv6())
        .filter(|ip| !matches!(ip, IpAddr::V6(v6) if v6.is_unicast_link_local()))
        .collect();
    // Loopback last: `localhost` stands for it at the top.
    addresses.sort_by_key(IpAddr::is_loopback);
    addresses.dedup();
    std::iter::once("localhost".to_owned())
        .chain(addresses.into_iter().map(host_in_url))
        .collect()
}

fn host_in_url(ip: IpAddr) -> String {
    match ip {
        IpAddr::V4(v4) => v4.to_string(),
        IpAddr::V6(v6) => format!("[{v6}]"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn strings(origins: Vec<Origin>) -> Vec<String> {
        origins
            .into_iter()
            .map(|origin| origin.to_string())
            .collect()
    }

    #[test]
    fn public_urls_are_the_origins_when_given() {
        let public = vec![Origin::parse("https://mud.example/").unwrap()];
        let own = own_origins(&public, "0.0.0.0".parse().unwrap(), 4000);
        assert_eq!(strings(own), ["https://mud.example"]);
    }

    #[test]
    fn a_loopback_bind_is_its_address_and_localhost() {
        let own = own_origins(&[], "127.0.0.1".parse().unwrap(), 4000);
        assert_eq!(
            strings(own),
            ["http://127.0.0.1:4000", "http://localhost:4000"]
        );
    }

    #[test]
    fn a_specific_bind_is_only_that_address() {
        let own = own_origins(&[], "192.0.2.5".parse().unwrap(), 80);
        assert_eq!(strings(own), ["http://192.0.2.5"]);
    }

    #[test]
    fn an_unspecified_bind_is_localhost_and_every_interface() {
        let own = strings(own_origins(&[], "0.0.0.0".parse().unwrap(), 4000));
        assert_eq!(own[0], "http://localhost:4000");
        assert!(own.contains(&"http://127.0.0.1:4000".to_owned()), "{own:?}");
    }
}
