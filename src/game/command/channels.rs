//! Chat channels: named conversations across rooms that characters join and
//! leave. Membership belongs to the character (every tab follows it) and is
//! saved.
//!
//! Membership can be asked for two ways: the `join`/`leave` commands, which
//! answer like any command, and the Socket.IO `join`/`leave` events, which
//! answer with `status` notices only. Both come to the same [`decide`].

use super::{Context, command};
use crate::game::change::Change;
use crate::game::event::{Audience, Event, EventKind};
use crate::game::ids::UserKey;
use crate::game::outcome::{Outcome, Reply, View};

/// Longest channel name.
const MAX_CHANNEL_CHARS: usize = 24;
/// How many channels one character may be in.
const MAX_CHANNELS: usize = 16;

command! {
    /// join <channel>
    ///
    /// Joins a chat channel, creating it if no one is in it yet. Channel
    /// names are one word of letters, digits, '-' or '_'.
    pub static JOIN = "join" => join;
}

command! {
    /// leave <channel>
    ///
    /// Leaves a chat channel.
    pub static LEAVE = "leave" => leave;
}

command! {
    /// channels
    ///
    /// Lists the chat channels you are in.
    pub static CHANNELS = "channels" => channels;
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Request {
    Join,
    Leave,
}

/// What a membership request comes to.
struct Membership {
    channel: String,
    /// What the actor reads when they asked with a command.
    answer: String,
    /// The `status` notice: for the channel when membership changes, else
    /// for the actor alone.
    notice: String,
    /// `None` when nothing changes (already in it, or not in it).
    change: Option<Change>,
}

fn decide(context: &Context, name: &str, request: Request) -> Result<Membership, String> {
    let channel = channel_name(name)?;
    let actor = context.actor;
    let member = actor.channels.contains(&channel);
    let unchanged = |answer: String| (answer.clone(), answer, None);
    let (answer, notice, change) = match (request, member) {
        (Request::Join, true) => unchanged(format!("You are already in {channel}.")),
        (Request::Leave, false) => unchanged(format!("You are not in {channel}.")),
        (Request::Join, false) if actor.channels.len() >= MAX_CHANNELS => {
            return Err(format!(
                "You are in {MAX_CHANNELS} channels already; leave one first."
            ));
        }
        (Request::Join, false) => (
            format!("You join {channel}. Talk there with \"chat {channel} <text>\"."),
            format!("{} joined {channel}.", actor.name),
            Some(Change::ChannelJoined {
                who: actor.key.clone(),
                channel: channel.clone(),
            }),
        ),
        (Request::Leave, true) => (
            format!("You leave {channel}."),
            format!("{} left {channel}.", actor.name),
            Some(Change::ChannelLeft {
                who: actor.key.clone(),
                channel: channel.clone(),
            }),
        ),
    };
    Ok(Membership {
        channel,
        answer,
        notice,
        change,
    })
}

fn join(context: &Context, name: &str) -> Outcome {
    if name.is_empty() {
        return Outcome::reply("Join which channel? Try \"join ooc\".");
    }
    as_command(context, decide(context, name, Request::Join))
}

fn leave(context: &Context, name: &str) -> Outcome {
    if name.is_empty() {
        return Outcome::reply("Leave which channel? \"channels\" lists yours.");
    }
    as_command(context, decide(context, name, Request::Leave))
}

fn channels(context: &Context, _: &str) -> Outcome {
    let joined: Vec<String> = context.actor.channels.iter().cloned().collect();
    let text = if joined.is_empty() {
        "You are in no channels. \"join <channel>\" joins one.".to_owned()
    } else {
        format!("Your channels: {}.", joined.join(", "))
    };
    Outcome::reply(text).with_view(View::Channels(joined))
}

/// As a command: the actor reads the answer; the rest of the channel gets
/// the notice as `status`.
fn as_command(context: &Context, decision: Result<Membership, String>) -> Outcome {
    match decision {
        Err(problem) => Outcome::reply(problem),
        Ok(Membership {
            answer,
            change: None,
            ..
        }) => Outcome::reply(answer),
        Ok(Membership {
            channel,
            answer,
            notice,
            change: Some(change),
        }) => Outcome::reply(answer)
            .event(status(
                channel_audience(&channel, vec![context.actor.key.clone()]),
                &channel,
                notice,
            ))
            .change(change),
    }
}

/// Adds the actor to a channel, as asked by a Socket.IO `join` event:
/// everyone in it, the actor included, gets `status`.
pub fn join_channel(context: &Context, name: &str) -> Outcome {
    as_status(context, decide(context, name, Request::Join))
}

/// Removes the actor from a channel, as asked by a Socket.IO `leave` event:
/// the actor and everyone left in it get `status`.
pub fn leave_channel(context: &Context, name: &str) -> Outcome {
    as_status(context, decide(context, name, Request::Leave))
}

fn as_status(context: &Context, decision: Result<Membership, String>) -> Outcome {
    let actor = &context.actor.key;
    match decision {
        Err(problem) => Outcome {
            reply: Reply::Error(problem),
            ..Outcome::default()
        },
        Ok(Membership {
            channel,
            notice,
            change: None,
            ..
        }) => Outcome::default().event(status(Audience::User(actor.clone()), &channel, notice)),
        Ok(Membership {
            channel,
            notice,
            change: Some(change),
            ..
        }) => {
            let leaving = matches!(change, Change::ChannelLeft { .. });
            let outcome = Outcome::default()
                .event(status(
                    channel_audience(&channel, Vec::new()),
                    &channel,
                    notice.clone(),
                ))
                .change(change);
            if leaving {
                outcome.event(status(Audience::User(actor.clone()), &channel, notice))
            } else {
                outcome
            }
        }
    }
}

fn channel_audience(channel: &str, except: Vec<UserKey>) -> Audience {
    Audience::Channel {
        channel: channel.to_owned(),
        except,
    }
}

fn status(audience: Audience, channel: &str, text: String) -> Event {
    Event::new(audience, EventKind::Status, text).channel(channel)
}

/// The canonical (lower-case) channel name, or why `name` cannot be one.
pub fn channel_name(name: &str) -> Result<String, String> {
    let name = name.trim().to_ascii_lowercase();
    let valid = !name.is_empty()
        && name.len() <= MAX_CHANNEL_CHARS
        && name
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-' || b == b'_');
    if valid {
        Ok(name)
    } else {
        Err(format!(
            "A channel name is 1 to {MAX_CHANNEL_CHARS} letters, digits, '-' or '_', like \"ooc\"."
        ))
    }
}
