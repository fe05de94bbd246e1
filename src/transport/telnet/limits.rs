//! Open telnet connections per client address, so one host cannot take
//! every connection the server can hold.
//!
//! A telnet client's address is the peer address of its TCP connection
//! (there is no proxy header to read). A shared per-address limiter and
//! client-address extraction for every transport are being built as part of
//! the server's hardening; [`AddressLimit::admit`] is the one call to
//! replace with it.

use std::collections::HashMap;
use std::net::IpAddr;
use std::sync::{Arc, Mutex};

/// Telnet connections one address may have open at once.
pub const MAX_CONNECTIONS_PER_ADDRESS: usize = 10;

/// Counts open connections by address.
#[derive(Debug)]
pub struct AddressLimit {
    max: usize,
    open: Mutex<HashMap<IpAddr, usize>>,
}

/// One admitted connection; gives its place back when dropped.
#[derive(Debug)]
pub struct AddressPermit {
    limit: Arc<AddressLimit>,
    address: IpAddr,
}

impl AddressLimit {
    pub fn new(max: usize) -> Arc<AddressLimit> {
        Arc::new(AddressLimit {
            max,
            open: Mutex::new(HashMap::new()),
        })
    }

    /// Admits one more connection from `address`, unless it has the most it
    /// may have already.
    pub fn admit(self: &Arc<Self>, address: IpAddr) -> Option<AddressPermit> {
        let address = address.to_canonical();
        let mut open = self.open.lock().expect("address limit lock");
        let count = open.entry(address).or_default();
        if *count >= self.max {
            return None;
        }
        *count += 1;
        Some(AddressPermit {
            limit: self.clone(),
            address,
        })
    }
}

impl Drop for AddressPermit {
    fn drop(&mut self) {
        let mut open = self.limit.open.lock().expect("address limit lock");
        if let Some(count) = open.get_mut(&self.address) {
            *count -= 1;
            if *count == 0 {
                open.remove(&self.address);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_address_gets_its_places_back_as_connections_close() {
        let limit = AddressLimit::new(2);
        let here: IpAddr = "127.0.0.1".parse().unwrap();
        let first = limit.admit(here).unwrap();
        let _second = limit.admit(here).unwrap();
        assert!(limit.admit(here).is_none());
        assert!(limit.admit("127.0.0.2".parse().unwrap()).is_some());
        drop(first);
        assert!(limit.admit(here).is_some());
    }

    #[test]
    fn an_ipv4_mapped_address_counts_as_the_ipv4_one() {
        let limit = AddressLimit::new(1);
        let _v4 = limit.admit("10.0.0.1".parse().unwrap()).unwrap();
        assert!(limit.admit("::ffff:10.0.0.1".parse().unwrap()).is_none());
    }
}
