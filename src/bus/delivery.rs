//! What the engine asks the transports to do, as plain serializable data.
//!
//! Every address here names an *account* or a *connection*, never a socket
//! or a Socket.IO room: the engine has already worked out who hears what
//! (from the game's indexes), and each node maps accounts and connection ids
//! to the connections it holds, whatever their transport. Because it is all
//! data, a batch can cross from one instance to another (the cluster).

use std::fmt;
use std::sync::Arc;

use serde::{Deserialize, Serialize};

use crate::game::{Event, PresenceNews, Response, UserKey, Welcome};

/// One Hearth instance. Random at every start, so an instance that comes
/// back is a new node and nothing addressed to its old connections reaches
/// the new ones.
#[derive(Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct NodeId(pub u64);

impl NodeId {
    pub fn random() -> NodeId {
        let mut bytes = [0u8; 8];
        getrandom::fill(&mut bytes).expect("the operating system provides randomness");
        NodeId(u64::from_le_bytes(bytes))
    }
}

impl fmt::Display for NodeId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:016x}", self.0)
    }
}

impl fmt::Debug for NodeId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "NodeId({self})")
    }
}

/// One connection on a node (a socket, a telnet session), numbered by the node.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub struct ConnectionId(pub u64);

/// Where the answer to one request goes: the node and connection it came
/// from, and its number among that connection's requests.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Route {
    pub node: NodeId,
    pub connection: ConnectionId,
    pub request: u64,
}

/// A message's number in its account's sequence (`seq` on the wire). Each
/// run of the engine numbers from a base above every earlier run's numbers
/// (its epoch, shifted), so numbers only ever grow and a client's `since`
/// from before a restart is recognised as such.
#[derive(
    Debug, Clone, Copy, Default, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize,
)]
#[serde(transparent)]
pub struct Seq(pub u64);

impl Seq {
    /// The last number "used" before anything of the epoch was sent.
    pub fn base_of_epoch(epoch: u64) -> Seq {
        Seq(epoch << 32)
    }

    pub fn next(self) -> Seq {
        Seq(self.0 + 1)
    }
}

/// One account a message is told to, with its number in that account's sequence.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Recipient {
    pub account: UserKey,
    pub seq: Seq,
    /// Which of the account's connections hear it now (a client catching
    /// up later hears it whichever it is).
    pub connections: Connections,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Connections {
    All,
    /// Only the connection that asked.
    Only(Route),
    /// All but the connection that asked (the other tabs).
    AllBut(Route),
}

impl Connections {
    /// Whether the connection `id` of node `node` hears the message now.
    pub fn include(&self, node: NodeId, id: ConnectionId) -> bool {
        let is = |route: &Route| route.node == node && route.connection == id;
        match self {
            Connections::All => true,
            Connections::Only(route) => is(route),
            Connections::AllBut(route) => !is(route),
        }
    }
}

/// One thing a node's transports must do, in order.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum Delivery {
    /// A connection's character is in the game (`connected`): from now on
    /// the connection hears everything told to its account. `seq` is the
    /// last number the account has used.
    Welcome {
        route: Route,
        welcome: Welcome,
        seq: Seq,
    },
    /// The answer to a command (`command_response`), counted in the
    /// account's sequence.
    Reply {
        route: Route,
        account: UserKey,
        seq: Seq,
        /// The command as typed, echoed back.
        command: Arc<str>,
        response: Arc<Response>,
    },
    /// The request was wrong or could not be carried out (`error`).
    Refusal { route: Route, error: String },
    /// The request is done and there is nothing to say about it (a channel
    /// join, whose news goes to the channel): its connection may stop waiting.
    Done { route: Route },
    /// Something happened: each recipient account hears it, numbered in its
    /// own sequence.
    Event {
        event: Arc<Event>,
        to: Vec<Recipient>,
    },
    /// Who came into the world and who left it: news for every connection's
    /// list of who is online. Not numbered and not kept: a client that
    /// comes back asks `who`. Each node gathers it and sends it on at most
    /// once a second.
    Presence(Arc<PresenceNews>),
    /// Every connection of the account closes, each told `notice` first
    /// (kicked, banned, its password changed). Unnumbered: it is about the
    /// connection, not the game, and a client that comes back is not told
    /// it again.
    Disconnect { account: UserKey, notice: String },
}

impl Delivery {
    /// The connection this delivery answers, if it answers one.
    pub fn route(&self) -> Option<&Route> {
        match self {
            Delivery::Welcome { route, .. }
            | Delivery::Reply { route, .. }
            | Delivery::Refusal { route, .. }
            | Delivery::Done { route } => Some(route),
            Delivery::Event { .. } | Delivery::Presence(_) | Delivery::Disconnect { .. } => None,
        }
    }
}

/// Everything one group of inputs produced, in the order it happened.
pub type Batch = Vec<Delivery>;
