//! The `redis` feature against a real redis-server that each test starts on
//! its own free loopback port (never 6379): its building blocks, and real
//! `hearth` instances serving one world through it. Run with
//! `cargo test --features redis --test cluster -- --test-threads=1`.

mod support;

mod accounts;
mod commit;
mod connection;
mod failover;
mod faults;
mod lease;
mod liveness;
mod logins;
mod measure;
mod play;
mod rolling;
mod staff;
mod streams;
