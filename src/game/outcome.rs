//! What handling one input produces: a reply for the one who sent it, events
//! for everyone else, changes to the state, and who came into the world or
//! left it.

use serde::{Deserialize, Serialize};

use super::change::Change;
use super::effect::Effect;
use super::event::Event;
use super::ids::{RoomId, UserKey};
use super::presence::PresenceNews;

#[derive(Debug, Default)]
pub struct Outcome {
    pub reply: Reply,
    pub events: Vec<Event>,
    pub changes: Vec<Change>,
    /// For everyone's list of who is online.
    pub presence: PresenceNews,
    /// What the engine must do outside the game once the changes are saved.
    pub effects: Vec<Effect>,
}

/// The answer for the connection that sent the input.
#[derive(Debug, Default, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum Reply {
    /// Nothing to answer (a connection closing).
    #[default]
    Nothing,
    /// The answer to a command (`command_response`).
    Response(Response),
    /// The character is in the game (`connected`).
    Welcome(Welcome),
    /// The request itself was wrong (`error`), e.g. a bad channel name.
    Error(String),
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Response {
    pub text: String,
    /// Structured data a client may use to render the answer.
    pub view: Option<View>,
}

/// Structured companions to some responses, so clients need not parse text.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum View {
    /// The room the player is in (after `look`, moves, and anything that
    /// changed what lies there). In the dark: no items or NPCs.
    Room(RoomView),
    /// Players online (after `who`).
    Players(Vec<String>),
    /// Names of the items carried (after `inventory`).
    Inventory(Vec<String>),
    /// The chat channels the player is in (after `channels`).
    Channels(Vec<String>),
    /// Every command name (after `help`).
    Commands(Vec<String>),
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RoomView {
    pub id: RoomId,
    pub name: String,
    /// Exit words, in file order.
    pub exits: Vec<String>,
    /// Item names, in the order they are listed.
    pub items: Vec<String>,
    /// Other online characters here.
    pub players: Vec<String>,
    /// Names of the NPCs here.
    pub npcs: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Welcome {
    pub key: UserKey,
    pub name: String,
    pub location: RoomId,
    pub channels: Vec<String>,
    pub world: String,
    /// The commands this player may use, for clients to complete and
    /// recognise (`connected.commands` on the wire).
    pub commands: Vec<CommandSummary>,
}

/// A command as clients need to know it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CommandSummary {
    pub name: String,
    pub aliases: Vec<String>,
    /// How to use it: the first line of its help.
    pub usage: String,
}

impl Outcome {
    /// A plain text answer with no events or changes.
    pub fn reply(text: impl Into<String>) -> Outcome {
        Outcome {
            reply: Reply::Response(Response {
                text: text.into(),
                view: None,
            }),
            ..Outcome::default()
        }
    }

    /// A refusal of the request itself (`error`), with nothing done.
    pub fn refusal(error: impl Into<String>) -> Outcome {
        Outcome {
            reply: Reply::Error(error.into()),
            ..Outcome::default()
        }
    }

    /// Adds a line to the end of the reply's text.
    pub fn with_line(mut self, line: &str) -> Outcome {
        if let Reply::Response(response) = &mut self.reply {
            if !response.text.is_empty() {
                response.text.push('\n');
            }
            response.text.push_str(line);
        }
        self
    }

    /// Whether this is a command answer with no structured view yet.
    pub fn lacks_view(&self) -> bool {
        matches!(&self.reply, Reply::Response(Response { view: None, .. }))
    }

    /// The reply's structured view, if it has one.
    pub fn view(&self) -> Option<&View> {
        match &self.reply {
            Reply::Response(response) => response.view.as_ref(),
            _ => None,
        }
    }

    /// Replaces the reply's structured view.
    pub fn with_view(mut self, view: View) -> Outcome {
        if let Reply::Response(response) = &mut self.reply {
            response.view = Some(view);
        }
        self
    }

    pub fn event(mut self, event: Event) -> Outcome {
        self.events.push(event);
        self
    }

    pub fn change(mut self, change: Change) -> Outcome {
        self.changes.push(change);
        self
    }

    pub fn effect(mut self, effect: Effect) -> Outcome {
        self.effects.push(effect);
        self
    }

    /// The reply's text, if it is a command response.
    pub fn text(&self) -> Option<&str> {
        match &self.reply {
            Reply::Response(response) => Some(&response.text),
            _ => None,
        }
    }
}
