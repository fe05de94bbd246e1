//! Integration tests: the real server, real sockets, real files.

mod support;

mod backup;
mod cli;
mod crash;
mod game;
mod guards;
mod http;
mod origin;
mod shutdown;
mod socket;
mod telnet;
