//! A socket joining: authenticate it, then hand it to the game.
//!
//! The middleware runs before socketioxide accepts the connection, so a
//! refused socket gets `connect_error` `{"message": "unauthorized"}` and never
//! sees the game. [`EnterGame`] then runs inline (not in a task of its own), so
//! the character's `Enter` is queued before anything the socket sends.

use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};

use socketioxide::SocketIo;
use socketioxide::adapter::Adapter;
use socketioxide::extract::{SocketRef, TryData};
use socketioxide::handler::{ConnectHandler, Value};
use socketioxide::socket::Socket;

use super::handlers::{
    ChannelHandler, CommandHandler, Connection, ExitHandler, Inline, UnknownEventHandler,
};
use super::reply::ReplyTo;
use super::wire::Auth;
use crate::accounts::{Accounts, token};
use crate::engine::Inputs;
use crate::game::Actor;
use crate::store::TokenDigest;

/// The cookie the login response sets.
pub const SESSION_COOKIE: &str = "session";

#[derive(Debug, thiserror::Error)]
pub enum Refused {
    #[error("unauthorized")]
    Unauthorized,
    #[error("the server could not check your session; try again")]
    Unavailable,
}

/// Finds the session token (from `auth.token`, else the `session` cookie) and
/// records the player it belongs to on the socket.
pub async fn authenticate<A: Adapter>(
    socket: SocketRef<A>,
    TryData(auth): TryData<Auth>,
    accounts: Arc<Accounts>,
) -> Result<(), Refused> {
    let token = auth
        .ok()
        .and_then(|auth| auth.token)
        .or_else(|| session_cookie(socket.req_parts()));
    let token = token.ok_or(Refused::Unauthorized)?;
    match accounts.authenticate(&token).await {
        Ok(Some(actor)) => {
            tracing::info!(name = actor.name, sid = %socket.id, transport = ?socket.transport_type(), "connected");
            socket.extensions.insert(actor);
            socket.extensions.insert(token::digest(&token));
            Ok(())
        }
        Ok(None) => Err(Refused::Unauthorized),
        Err(error) => {
            tracing::error!(%error, "checking a session failed");
            Err(Refused::Unavailable)
        }
    }
}

/// The `session` cookie of a request, if it has one.
pub fn session_cookie(parts: &http::request::Parts) -> Option<String> {
    parts
        .headers
        .get_all(http::header::COOKIE)
        .iter()
        .filter_map(|header| header.to_str().ok())
        .flat_map(cookie::Cookie::split_parse)
        .filter_map(Result::ok)
        .find(|cookie| cookie.name() == SESSION_COOKIE)
        .map(|cookie| cookie.value().to_owned())
}

/// Connections by the session they were opened with, so that logging out
/// closes them too.
#[derive(Clone)]
pub struct OpenSessions(pub SocketIo);

impl OpenSessions {
    pub fn close(&self, token: &str) {
        let digest = token::digest(token);
        for socket in self.0.sockets() {
            if socket.extensions.get::<TokenDigest>() == Some(digest) {
                let _ = socket.disconnect();
            }
        }
    }
}

/// Open connections, for `/healthz`.
#[derive(Debug, Default)]
pub struct ConnectionCount(AtomicUsize);

impl ConnectionCount {
    pub fn get(&self) -> usize {
        self.0.load(Ordering::Relaxed)
    }

    pub(super) fn opened(&self) {
        self.0.fetch_add(1, Ordering::Relaxed);
    }

    pub(super) fn closed(&self) {
        self.0.fetch_sub(1, Ordering::Relaxed);
    }
}

/// Wires an authenticated socket to the game and queues its `Enter`.
pub struct EnterGame<A: Adapter> {
    pub inputs: Inputs<ReplyTo<A>>,
    pub connections: Arc<ConnectionCount>,
}

impl<A: Adapter> Clone for EnterGame<A> {
    fn clone(&self) -> Self {
        EnterGame {
            inputs: self.inputs.clone(),
            connections: self.connections.clone(),
        }
    }
}

impl<A: Adapter> ConnectHandler<A, Inline> for EnterGame<A> {
    fn call(&self, socket: Arc<Socket<A>>, _: Option<Value>) {
        let Some(actor) = socket.extensions.get::<Actor>() else {
            let _ = socket.disconnect();
            return;
        };
        let connection = Arc::new(Connection::new(
            actor,
            self.inputs.clone(),
            self.connections.clone(),
        ));
        socket.on("command", CommandHandler(connection.clone()));
        socket.on(
            "join",
            ChannelHandler {
                connection: connection.clone(),
                joining: true,
            },
        );
        socket.on(
            "leave",
            ChannelHandler {
                connection: connection.clone(),
                joining: false,
            },
        );
        socket.on_fallback(UnknownEventHandler);
        // Enter before the disconnect handler exists, so `Exit` can never be
        // queued ahead of it; and if the socket closed before the handler was
        // in place (so it will never run), leave here instead.
        connection.enter(socket.clone());
        socket.on_disconnect(ExitHandler(connection.clone()));
        if !socket.connected() {
            connection.leave();
        }
    }
}
