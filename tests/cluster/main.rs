//! The `redis` feature's building blocks against a real redis-server that
//! each test starts on its own free loopback port (never 6379). Run with
//! `cargo test --features redis --test cluster -- --test-threads=1`.

mod support;

mod accounts;
mod commit;
mod connection;
mod lease;
mod liveness;
mod measure;
mod streams;
