//! Which connections are in the game, by their address.
//!
//! The game counts a character's connections; the engine also remembers
//! which ones they are. That is what lets an `Exit` that names a connection
//! not in the game be ignored rather than take a character out through
//! someone else's connection: in a cluster the same connection can be taken
//! out twice (its instance died, so the leader takes its connections out, and
//! its own `Exit` arrives later), and each time must count once. It is also
//! what a cluster keeps in Redis with every commit (the [`ConnectionChange`]s
//! of a group), so a new leader carries on with everyone still connected.
//!
//! An `Exit` without a route names no connection and goes to the game as
//! ever.

use std::collections::HashMap;
use std::fmt;
use std::str::FromStr;

use crate::bus::{ConnectionId, NodeId, Route};
use crate::game::{Actor, Change, Input};

use super::inputs::Request;

/// One connection of one instance.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct ConnectionAddress {
    pub node: NodeId,
    pub connection: ConnectionId,
}

impl From<&Route> for ConnectionAddress {
    fn from(route: &Route) -> Self {
        ConnectionAddress {
            node: route.node,
            connection: route.connection,
        }
    }
}

impl fmt::Display for ConnectionAddress {
    /// `node:connection`, the node in hex as everywhere else.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}:{}", self.node, self.connection.0)
    }
}

impl FromStr for ConnectionAddress {
    type Err = String;

    /// Reads back what [`fmt::Display`] wrote.
    fn from_str(text: &str) -> Result<Self, Self::Err> {
        let malformed = || format!("{text:?} is not a connection address (node:connection)");
        let (node, connection) = text.split_once(':').ok_or_else(malformed)?;
        Ok(ConnectionAddress {
            node: NodeId(u64::from_str_radix(node, 16).map_err(|_| malformed())?),
            connection: ConnectionId(connection.parse().map_err(|_| malformed())?),
        })
    }
}

/// A connection coming into the game or leaving it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ConnectionChange {
    Entered {
        address: ConnectionAddress,
        actor: Actor,
    },
    Left {
        address: ConnectionAddress,
        actor: Actor,
    },
}

/// The connections in the game, each with its player.
#[derive(Debug, Default)]
pub struct Present(HashMap<ConnectionAddress, Actor>);

impl Present {
    /// The connections of a game that was already running.
    pub fn of(connections: impl IntoIterator<Item = (ConnectionAddress, Actor)>) -> Present {
        Present(connections.into_iter().collect())
    }

    /// Whether `request` goes to the game: all do, but an `Exit` (or a
    /// `Leave`) of a
    /// connection that is not in it (it never came in, or it was already
    /// taken out).
    pub fn admits(&self, request: &Request) -> bool {
        match (&request.input, &request.route) {
            (Input::Exit | Input::Leave, Some(route)) => self.0.contains_key(&route.into()),
            _ => true,
        }
    }

    /// Notes what `request`, which made `changes`, did to the connections.
    pub fn record(&mut self, request: &Request, changes: &[Change]) -> Option<ConnectionChange> {
        let address = ConnectionAddress::from(request.route.as_ref()?);
        match request.input {
            // Into the game afresh, or back to a link-dead character.
            Input::Enter
                if changes.iter().any(|change| {
                    matches!(
                        change,
                        Change::SocketOpened { .. } | Change::LinkRestored { .. }
                    )
                }) =>
            {
                self.0.insert(address, request.actor.clone());
                Some(ConnectionChange::Entered {
                    address,
                    actor: request.actor.clone(),
                })
            }
            Input::Exit | Input::Leave => {
                let actor = self.0.remove(&address)?;
                Some(ConnectionChange::Left { address, actor })
            }
            _ => None,
        }
    }

    /// Takes back `changes` (newest first), as if they never happened.
    pub fn undo(&mut self, changes: &[ConnectionChange]) {
        for change in changes.iter().rev() {
            match change {
                ConnectionChange::Entered { address, .. } => {
                    self.0.remove(address);
                }
                ConnectionChange::Left { address, actor } => {
                    self.0.insert(*address, actor.clone());
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_address_reads_back_what_it_writes() {
        let address = ConnectionAddress {
            node: NodeId(0xfeed_beef),
            connection: ConnectionId(42),
        };
        assert_eq!(address.to_string(), "00000000feedbeef:42");
        assert_eq!(address.to_string().parse(), Ok(address));
        for wrong in ["", "42", "zz:1", "1:x", "1:2:3"] {
            assert_eq!(
                wrong.parse::<ConnectionAddress>(),
                Err(format!(
                    "{wrong:?} is not a connection address (node:connection)"
                ))
            );
        }
    }
    fn request(input: Input, connection: u64) -> Request {
        Request {
            actor: Actor::new("Alice"),
            input,
            route: Some(Route {
                node: NodeId(1),
                connection: ConnectionId(connection),
                request: 0,
            }),
        }
    }

    #[test]
    fn a_connection_back_to_a_link_dead_character_is_in_the_game_until_it_leaves() {
        let mut present = Present::default();
        let back = Change::LinkRestored {
            who: Actor::new("Alice").key,
            lost_at: crate::game::Time::from_millis(0),
        };
        assert!(present.record(&request(Input::Enter, 7), &[back]).is_some());
        for leaving in [Input::Leave, Input::Exit] {
            let request = request(leaving, 7);
            assert!(present.admits(&request));
            let mut again = Present::of(present.0.clone());
            assert!(again.record(&request, &[]).is_some());
            assert!(!again.admits(&request), "taken out once");
        }
    }
}
