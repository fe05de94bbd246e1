//! Who is asking: the one place that decides a request's client address.
//!
//! The address is the connection's peer (axum's [`ConnectInfo`], which the
//! [listener](super::listener) attaches to every request). Behind a reverse
//! proxy every connection comes from the proxy, so with `--trust-proxy`
//! (env `HEARTH_TRUST_PROXY`) the address is the last one in
//! `X-Forwarded-For`: the one the proxy itself appended, the only entry a
//! client cannot forge. Without the flag the header is ignored, since any
//! client could send it.
//!
//! [`resolve`] runs before everything else and stores a [`ClientAddress`]
//! in the request's extensions. HTTP handlers take it as an extractor;
//! Socket.IO handlers find it in `socket.req_parts().extensions`, because
//! engineioxide keeps the head of the request that opened the connection.
//! Per-address limits key on [`ClientAddress::limit_key`].

use std::net::{IpAddr, Ipv6Addr, SocketAddr};

use axum::extract::{ConnectInfo, FromRequestParts, Request, State};
use axum::http::request::Parts;
use axum::http::{HeaderMap, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};

/// Where the client's address is read from.
#[derive(Debug, Clone, Copy, Default)]
pub struct AddressPolicy {
    /// Read `X-Forwarded-For` (set by `--trust-proxy`).
    pub trust_proxy: bool,
}

/// The address of the client a request comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct ClientAddress(pub IpAddr);

impl ClientAddress {
    /// The address as limits count it: an IPv4 address as it is (an
    /// IPv4-mapped IPv6 one as the IPv4 it maps), an IPv6 one as its /64.
    pub fn limit_key(self) -> IpAddr {
        limit_key(self.0)
    }
}

/// See [`ClientAddress::limit_key`].
pub fn limit_key(address: IpAddr) -> IpAddr {
    match address {
        IpAddr::V4(v4) => IpAddr::V4(v4),
        IpAddr::V6(v6) => match v6.to_ipv4_mapped() {
            Some(v4) => IpAddr::V4(v4),
            None => IpAddr::V6(Ipv6Addr::from_bits(v6.to_bits() & !((1u128 << 64) - 1))),
        },
    }
}

impl AddressPolicy {
    /// The client address of a request that came in over a connection from
    /// `peer` with these headers.
    pub fn client_address(self, peer: SocketAddr, headers: &HeaderMap) -> ClientAddress {
        let forwarded = self
            .trust_proxy
            .then(|| last_forwarded_for(headers))
            .flatten();
        ClientAddress(forwarded.unwrap_or(peer.ip()))
    }
}

/// The last address in `X-Forwarded-For`, over all such headers.
fn last_forwarded_for(headers: &HeaderMap) -> Option<IpAddr> {
    let last_header = headers.get_all("x-forwarded-for").iter().next_back()?;
    let last_entry = last_header.to_str().ok()?.rsplit(',').next()?.trim();
    last_entry.parse().ok()
}

/// Middleware: stores the request's [`ClientAddress`] in its extensions.
pub async fn resolve(
    State(policy): State<AddressPolicy>,
    mut request: Request,
    next: Next,
) -> Response {
    let Some(ConnectInfo(peer)) = request
        .extensions()
        .get::<ConnectInfo<SocketAddr>>()
        .copied()
    else {
        tracing::error!("a request came without its connection's address");
        return StatusCode::INTERNAL_SERVER_ERROR.into_response();
    };
    let address = policy.client_address(peer, request.headers());
    request.extensions_mut().insert(address);
    next.run(request).await
}

impl<S: Send + Sync> FromRequestParts<S> for ClientAddress {
    type Rejection = StatusCode;

    async fn from_request_parts(parts: &mut Parts, _: &S) -> Result<Self, StatusCode> {
        parts
            .extensions
            .get::<ClientAddress>()
            .copied()
            .ok_or(StatusCode::INTERNAL_SERVER_ERROR)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use axum::http::HeaderValue;

    fn peer() -> SocketAddr {
        "192.0.2.7:50000".parse().unwrap()
    }

    fn forwarded(values: &[&str]) -> HeaderMap {
        let mut headers = HeaderMap::new();
        for value in values {
            headers.append("x-forwarded-for", HeaderValue::from_str(value).unwrap());
        }
        headers
    }

    #[test]
    fn without_trust_the_forwarded_header_is_ignored() {
        let address = AddressPolicy::default().client_address(peer(), &forwarded(&["203.0.113.9"]));
        assert_eq!(address.0, peer().ip());
    }

    #[test]
    fn behind_a_trusted_proxy_the_address_it_appended_counts() {
        let trusted = AddressPolicy { trust_proxy: true };
        let headers = forwarded(&["10.9.9.9, 198.51.100.1", "203.0.113.9"]);
        assert_eq!(
            trusted.client_address(peer(), &headers).0,
            "203.0.113.9".parse::<IpAddr>().unwrap()
        );
        let garbled = forwarded(&["not an address"]);
        assert_eq!(trusted.client_address(peer(), &garbled).0, peer().ip());
        assert_eq!(
            trusted.client_address(peer(), &HeaderMap::new()).0,
            peer().ip()
        );
    }

    #[test]
    fn limits_count_an_ipv6_client_by_its_slash_64() {
        let one: IpAddr = "2001:db8:1:2:aaaa::1".parse().unwrap();
        let same_network: IpAddr = "2001:db8:1:2:bbbb::9".parse().unwrap();
        let other_network: IpAddr = "2001:db8:1:3::1".parse().unwrap();
        assert_eq!(limit_key(one), limit_key(same_network));
        assert_ne!(limit_key(one), limit_key(other_network));
        let mapped: IpAddr = "::ffff:192.0.2.7".parse().unwrap();
        assert_eq!(limit_key(mapped), peer().ip());
    }
}
