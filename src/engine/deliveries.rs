//! Turning what the game decided into what transports must do: the one
//! place where an [`Outcome`] becomes [`Delivery`]s.
//!
//! Events name their audience in game terms (a room, a channel, a user,
//! everyone); here each is resolved to the accounts that hear it, from the
//! game's own indexes, *after* the outcome's changes were applied (so a
//! player who just joined a channel hears their own join, and one who just
//! left a room does not hear what is said there). Each recipient's copy is
//! numbered in its account's sequence.

use std::sync::Arc;

use super::sequence::Sequencer;
use crate::bus::{Batch, Connections, Delivery, Recipient, Route};
use crate::game::{Actor, Audience, Effect, Errand, Event, Outcome, Reply, State, UserKey};

/// The request an outcome answers, if anyone waits for it.
pub struct Asker<'a> {
    pub route: Route,
    pub actor: &'a Actor,
    /// The command as typed, for the reply to echo.
    pub command: String,
}

/// Appends what `outcome` asks of the transports: the answer, the events,
/// then the connections to close. Returns its errands for the accounts
/// service.
pub fn deliver(
    batch: &mut Batch,
    outcome: Outcome,
    asker: Option<Asker>,
    state: &State,
    numbers: &mut Sequencer,
) -> Vec<Errand> {
    if let Some(asker) = &asker {
        batch.push(answer(outcome.reply, asker, numbers));
    }
    for event in outcome.events {
        tell(batch, event, asker.as_ref(), state, numbers);
    }
    let mut errands = Vec::new();
    for effect in outcome.effects {
        match effect {
            Effect::Disconnect { account, notice } => {
                batch.push(Delivery::Disconnect { account, notice });
            }
            Effect::Errand(errand) => errands.push(errand),
        }
    }
    errands
}

/// The delivery that answers a request: every routed request gets exactly
/// one, so its connection can stop waiting for it.
fn answer(reply: Reply, asker: &Asker, numbers: &mut Sequencer) -> Delivery {
    let Asker {
        route,
        actor,
        command,
    } = asker;
    let route = *route;
    match reply {
        Reply::Nothing => Delivery::Done { route },
        Reply::Response(response) => Delivery::Reply {
            route,
            account: actor.key.clone(),
            seq: numbers.next(&actor.key),
            command: command.as_str().into(),
            response: Arc::new(response),
        },
        Reply::Welcome(welcome) => Delivery::Welcome {
            route,
            seq: numbers.last(&actor.key),
            welcome,
        },
        Reply::Error(error) => Delivery::Refusal { route, error },
    }
}

/// Appends `event`, told to the accounts of its audience.
pub fn tell(
    batch: &mut Batch,
    event: Event,
    asker: Option<&Asker>,
    state: &State,
    numbers: &mut Sequencer,
) {
    let to: Vec<Recipient> = match (&event.audience, asker) {
        (Audience::Asker, Some(asker)) => vec![Recipient {
            seq: numbers.next(&asker.actor.key),
            account: asker.actor.key.clone(),
            connections: Connections::Only(asker.route),
        }],
        (Audience::OtherTabs, Some(asker)) => vec![Recipient {
            seq: numbers.next(&asker.actor.key),
            account: asker.actor.key.clone(),
            connections: Connections::AllBut(asker.route),
        }],
        (audience, _) => accounts(audience, state)
            .into_iter()
            .map(|account| Recipient {
                seq: numbers.next(&account),
                account,
                connections: Connections::All,
            })
            .collect(),
    };
    if !to.is_empty() {
        batch.push(Delivery::Event {
            event: Arc::new(event),
            to,
        });
    }
}

/// The accounts that hear an event told to `audience`.
fn accounts(audience: &Audience, state: &State) -> Vec<UserKey> {
    let keys = |characters: &mut dyn Iterator<Item = &crate::game::Character>,
                except: &[UserKey]| {
        characters
            .filter(|character| !except.contains(&character.key))
            .map(|character| character.key.clone())
            .collect()
    };
    match audience {
        Audience::Room { room, except } => keys(&mut state.online_in(room), except),
        Audience::Channel { channel, except } => {
            keys(&mut state.online_in_channel(channel), except)
        }
        Audience::Everyone { except } => keys(&mut state.online(), except),
        Audience::User(who) => state
            .character(who)
            .filter(|character| character.is_online())
            .map(|character| vec![character.key.clone()])
            .unwrap_or_default(),
        Audience::Asker | Audience::OtherTabs => Vec::new(),
    }
}
