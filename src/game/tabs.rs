//! Keeping every connection of a character in step with it.
//!
//! A player may have several tabs open on one character. When a command
//! moves the character or changes what it carries, the tab that typed it
//! reads the answer; its other tabs are told the same (an event of kind
//! [`EventKind::Own`], `self` on the wire) with the same structured data,
//! so they show the room and the inventory as they now are. A character
//! someone else changed (given something, moved) has every connection told,
//! with what `inventory` or `look` would answer, and who did it (`from`).

use std::collections::BTreeSet;

use super::actor::Actor;
use super::change::{Change, Place};
use super::clock::Time;
use super::command::{self, Context};
use super::event::{Audience, Event, EventKind};
use super::ids::UserKey;
use super::outcome::{Outcome, Reply};
use super::state::State;
use super::world::World;

/// Adds the `self` events `outcome`, decided at `now`, calls for; its
/// changes are applied to `state` already.
pub fn keep_in_step(
    world: &World,
    state: &State,
    actor: &Actor,
    mut outcome: Outcome,
    now: Time,
) -> Outcome {
    let (moved, carrying_changed) = concerned(&outcome.changes);
    let involved = moved.union(&carrying_changed);
    for who in involved {
        let Some(character) = state.character(who).filter(|c| c.is_online()) else {
            continue;
        };
        let news = if *who == actor.key {
            match &outcome.reply {
                // Only another tab needs telling.
                Reply::Response(response) if character.sockets > 1 => {
                    Event::new(Audience::OtherTabs, EventKind::Own, response.text.clone())
                        .data(response.view.clone())
                }
                _ => continue,
            }
        } else {
            let context = Context {
                world,
                state,
                actor: character,
                role: state.role_of(who),
                now,
            };
            let told = if moved.contains(who) {
                command::describe_room(world, state, context.room(), who)
            } else {
                command::carrying(&context)
            };
            let Reply::Response(response) = told.reply else {
                continue;
            };
            Event::new(Audience::User(who.clone()), EventKind::Own, response.text)
                .from(&actor.name)
                .data(response.view)
        };
        outcome.events.push(news);
    }
    outcome
}

/// The characters `changes` moved, and those whose belongings they changed.
fn concerned(changes: &[Change]) -> (BTreeSet<UserKey>, BTreeSet<UserKey>) {
    let mut moved = BTreeSet::new();
    let mut carrying = BTreeSet::new();
    for change in changes {
        match change {
            Change::CharacterMoved { who, .. } => {
                moved.insert(who.clone());
            }
            Change::ItemMoved { from, to, .. } => {
                for place in [from, to] {
                    if let Place::Carried(who) = place {
                        carrying.insert(who.clone());
                    }
                }
            }
            _ => {}
        }
    }
    (moved, carrying)
}
