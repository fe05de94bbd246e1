//! Integration tests: the real server, real sockets, real files.

mod support;

mod accounts;
mod admin;
mod backup;
mod cli;
mod config;
mod crash;
mod disk_full;
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
mod sessions;
mod shutdown;
mod slow_readers;
mod socket;
mod staff;
mod stopping;
mod telnet;
mod watching;
