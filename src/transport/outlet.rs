//! The seam between the delivery of what the engine produced and one live
//! connection of any transport: the hub hands each connection an
//! [`Outgoing`] message through its [`Outlet`], and the transport renders it
//! in its own way (an emit, terminal lines, GMCP).
//!
//! This is the shape of the node-local delivery hub being built for every
//! transport; the telnet transport implements it already, so that wiring it
//! to the hub is a matter of registering its outlets.

use crate::game::{Event, Response, Welcome};

/// What the delivery hub hands a connection; the transport renders it.
#[derive(Debug, Clone, Copy)]
pub enum Outgoing<'a> {
    /// The character is in the game through this connection.
    Welcome(&'a Welcome),
    /// The answer to a command this connection sent.
    Response {
        command: &'a str,
        response: &'a Response,
    },
    /// Something that happened, for an audience this connection is in.
    Event(&'a Event),
    /// The request this connection sent was wrong.
    Error(&'a str),
    /// A notice from the server itself (shutting down, logged out).
    Notice(&'a str),
}

/// A connection that cannot take more: its client has stopped reading.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
#[error("the connection is not reading what it is sent")]
pub struct Unwritable;

/// One live connection, as the delivery hub sees it.
pub trait Outlet: Send + Sync + 'static {
    /// Never blocks: queues the message, or fails when the connection's
    /// buffer is full (the hub then closes it).
    fn send(&self, message: Outgoing<'_>) -> Result<(), Unwritable>;

    /// Closes the connection after what is queued, with an optional last line.
    fn close(&self, notice: Option<&str>);
}
