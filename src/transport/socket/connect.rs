//! A socket joining: authenticate it, register it with the delivery hub,
//! then hand it to the game.
//!
//! The middleware runs before socketioxide accepts the connection, so a
//! refused socket gets `connect_error` `{"message": "unauthorized"}` (or
//! `"banned"`, for a banned account's session) and never sees the game. [`EnterGame`] then runs inline (not in a task of its own), so
//! the character's `Enter` is queued before anything the socket sends.

use std::sync::Arc;

use socketioxide::adapter::Adapter;
use socketioxide::extract::{SocketRef, TryData};
use socketioxide::handler::{ConnectHandler, Value};
use socketioxide::socket::Socket;

use super::handlers::{
    ChannelHandler, CommandHandler, Connection, ExitHandler, Inline, UnknownEventHandler,
};
use super::hangups::Hangups;
use super::outlet::SocketOutlet;
use super::wire::{Auth, ErrorPayload};
use crate::accounts::{AccountError, Accounts, token};
use crate::bus::Seq;
use crate::delivery::Hub;
use crate::engine::Inputs;
use crate::game::Actor;
use crate::limits::Limits;
use crate::store::TokenDigest;
use crate::transport::credentials;
use crate::transport::game_link::GameLink;
use crate::transport::rate::CommandRate;

#[derive(Debug, thiserror::Error)]
pub enum Refused {
    #[error("unauthorized")]
    Unauthorized,
    #[error("banned")]
    Banned,
    #[error("the server could not check your session; try again")]
    Unavailable,
}

/// The last message a reconnecting client saw (`auth.since`).
#[derive(Debug, Clone, Copy)]
struct Since(Option<Seq>);

/// Finds the session token (from `auth.token`, else the `session` cookie) and
/// records the player it belongs to on the socket.
pub async fn authenticate<A: Adapter>(
    socket: SocketRef<A>,
    TryData(auth): TryData<Auth>,
    accounts: Arc<Accounts>,
) -> Result<(), Refused> {
    let auth = auth.unwrap_or_default();
    let token = auth
        .token
        .or_else(|| credentials::session_cookie(&socket.req_parts().headers));
    let token = token.ok_or(Refused::Unauthorized)?;
    match accounts.authenticate(&token).await {
        Ok(Some(actor)) => {
            tracing::info!(name = actor.name, sid = %socket.id, transport = ?socket.transport_type(), "connected");
            socket.extensions.insert(actor);
            socket.extensions.insert(token::digest(&token));
            socket.extensions.insert(Since(auth.since.map(Seq)));
            Ok(())
        }
        Ok(None) => Err(Refused::Unauthorized),
        Err(AccountError::Banned(ban)) => {
            tracing::info!(sid = %socket.id, ban, "refused a socket: its account is banned");
            Err(Refused::Banned)
        }
        Err(error) => {
            tracing::error!(%error, "checking a session failed");
            Err(Refused::Unavailable)
        }
    }
}

/// Wires an authenticated socket to the game and queues its `Enter`.
pub struct EnterGame {
    pub inputs: Inputs,
    pub hub: Arc<Hub>,
    /// Whose command rate limit each connection gets.
    pub limits: Limits,
    pub hangups: Hangups,
}

impl Clone for EnterGame {
    fn clone(&self) -> Self {
        EnterGame {
            inputs: self.inputs.clone(),
            hub: self.hub.clone(),
            limits: self.limits.clone(),
            hangups: self.hangups.clone(),
        }
    }
}

impl<A: Adapter> ConnectHandler<A, Inline> for EnterGame {
    fn call(&self, socket: Arc<Socket<A>>, _: Option<Value>) {
        let Some(actor) = socket.extensions.get::<Actor>() else {
            let _ = socket.disconnect();
            return;
        };
        let outlet = Arc::new(SocketOutlet::new(
            SocketRef::from(socket.clone()),
            self.hangups.clone(),
        ));
        let link = GameLink::open(
            &self.hub,
            &self.inputs,
            actor,
            outlet.clone(),
            socket.extensions.get::<TokenDigest>(),
            socket.extensions.get::<Since>().and_then(|since| since.0),
            CommandRate::new(&self.limits),
        );
        let link = match link {
            Ok(link) => link,
            Err(refused) => {
                let problem = refused.to_string();
                let _ = SocketRef::from(socket.clone())
                    .emit("error", &ErrorPayload { error: &problem });
                let _ = socket.disconnect();
                return;
            }
        };
        let connection = Arc::new(Connection::new(link, outlet.clone()));
        outlet.bind(&connection);
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
        connection.enter();
        socket.on_disconnect(ExitHandler(connection.clone()));
        if !socket.connected() {
            connection.leave();
        }
    }
}
