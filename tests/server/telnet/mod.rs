//! Telnet, in raw bytes over loopback against the real server, and with
//! TinTin++ as a real client.

mod command_line;
mod faults;
pub mod game;
mod login;
mod mixed;
mod negotiation;
mod presence;
mod tintin;
