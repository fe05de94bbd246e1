//! Integration tests: the real server, real sockets, real files.

mod support;

mod accounts;
mod admin;
mod backup;
mod cli;
mod config;
mod crash;
mod emberwick;
mod game;
mod guards;
mod http;
mod limits;
mod login_timing;
mod migration;
mod origin;
mod rate;
mod repair;
mod resume;
mod shutdown;
mod socket;
mod staff;
mod telnet;
mod watching;
