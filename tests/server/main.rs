//! Integration tests: the real server, real sockets, real files.

mod support;

mod http;
mod origin;
mod shutdown;
mod socket;
