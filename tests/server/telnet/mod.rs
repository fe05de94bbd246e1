//! Telnet, in raw bytes over loopback against the real server, and with
//! TinTin++ as a real client.

mod command_line;
mod direct;
mod faults;
mod game;
mod login;
mod negotiation;
mod tintin;
