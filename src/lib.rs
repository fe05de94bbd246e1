//! Hearth: a multiplayer text-adventure server in one binary.
pub mod accounts;
pub mod bus;
pub mod cli;
pub mod engine;
pub mod game;
pub mod server;
pub mod store;
pub mod transport;
