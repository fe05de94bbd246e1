use super::triggers::{self, Action};
use super::{Context, command, describe_room};
use crate::game::change::Change;
use crate::game::event::{Audience, Event, EventKind};
use crate::game::ids::RoomId;
use crate::game::outcome::Outcome;
use crate::game::state::Character;
use crate::game::text;
use crate::game::world::{Direction, On, Room};

command! {
    /// go <exit>
    ///
    /// Walks through an exit of the room. Directions also work on their own
    /// and abbreviated: north (n), south (s), east (e), west (w), up (u),
    /// down (d), northeast (ne), northwest (nw), southeast (se), southwest
    /// (sw), in and out. Other exits, like a gate or a ladder, work on their
    /// own too, or with "go": "go gate", "go through the window". Also:
    /// "climb", "cross".
    pub static GO = "go" | "walk" | "move" | "climb" | "cross" => go;
}

/// Words players put between "go" and the exit: "go through the window".
const FILLERS: &[&str] = &["through", "into", "to", "the", "across", "over", "along"];

/// Exit words are single words, so whatever follows one ("go north now")
/// is ignored, as it is after a bare direction.
fn go(context: &Context, exit: &str) -> Outcome {
    let mut words = exit.split_whitespace();
    let word = words.find(|word| !FILLERS.contains(&word.to_lowercase().as_str()));
    match word {
        Some(word) => travel(context, word),
        None => Outcome::reply("Go where? Try \"go north\", or \"look\" to see the exits."),
    }
}

/// Moves the actor through the exit `word` names, if the room has it and
/// no closed door is in the way.
pub fn travel(context: &Context, word: &str) -> Outcome {
    let room = context.room();
    let Some(exit) = room.exit(word) else {
        let word = Direction::parse(word).map_or_else(
            || text::shorten(&word.to_lowercase()),
            |direction| direction.name().to_owned(),
        );
        let exits: Vec<&str> = room.exits.iter().map(|exit| exit.word.as_str()).collect();
        return Outcome::reply(match exits.as_slice() {
            [] => format!(
                "You cannot go {word}: there is no way out of here. \"home\" takes you back to the start."
            ),
            _ => format!(
                "You cannot go {word} from here. Exits: {}.",
                exits.join(", ")
            ),
        });
    };
    if let Some(door) = context.world.door_on(&room.id, &exit.word)
        && context
            .state
            .door(&door.id)
            .is_some_and(|door| door.state.closed)
    {
        return Outcome::reply(format!("{} is closed.", text::capitalize(&door.name.the())));
    }
    let destination = context
        .world
        .room(exit.to.as_str())
        .expect("exits lead to rooms of the world");
    let actor = context.actor;
    let direction = Direction::parse(&exit.word);
    let leaving = format!("{} {}.", actor.name, leaving_phrase(direction, &exit.word));
    let arriving = format!("{} {}.", actor.name, arriving_phrase(direction));
    let mut outcome = arrival(context, destination);
    outcome
        .events
        .insert(0, left(&room.id, actor, &leaving, Some(&exit.word)));
    outcome.events.insert(
        1,
        arrived(&destination.id, actor, &arriving, Some(&exit.word)),
    );
    let outcome = outcome.change(Change::CharacterMoved {
        who: actor.key.clone(),
        from: room.id.clone(),
        to: destination.id.clone(),
    });
    triggers::react(context, Action::new(On::Enter, &destination.id), outcome)
}

/// What the actor finds on arriving in `room`: its description, and the
/// greeting of every NPC there who has one.
pub fn arrival(context: &Context, room: &Room) -> Outcome {
    let actor = context.actor;
    let mut outcome = describe_room(context.world, context.state, room, &actor.key);
    if super::scope::is_lit(context.world, context.state, &room.id, &actor.key) {
        let npcs = context.state.npcs_in(&room.id).iter();
        let npcs = npcs.filter_map(|id| context.world.npc(id.as_str()));
        for npc in npcs {
            if let Some(greeting) = &npc.greeting {
                let greeting = greeting.replace("{player}", &actor.name);
                let event = Event::new(Audience::User(actor.key.clone()), EventKind::Say, greeting);
                outcome.events.push(event.npc(npc.name.as_str()));
            }
        }
    }
    outcome
}

/// What the others in `room` see as the actor leaves it.
pub fn left(room: &RoomId, actor: &Character, text: &str, direction: Option<&str>) -> Event {
    moving(EventKind::Leave, room, actor, text, direction)
}

/// What the others in `room` see as the actor arrives.
pub fn arrived(room: &RoomId, actor: &Character, text: &str, direction: Option<&str>) -> Event {
    moving(EventKind::Arrive, room, actor, text, direction)
}

fn moving(
    kind: EventKind,
    room: &RoomId,
    actor: &Character,
    text: &str,
    direction: Option<&str>,
) -> Event {
    let audience = Audience::room_except(room, &actor.key);
    let event = Event::new(audience, kind, text).from(&actor.name);
    match direction {
        Some(word) => event.direction(word),
        None => event,
    }
}

/// How someone leaving by an exit is seen: "climbs up", "leaves north".
pub fn leaving_phrase(direction: Option<Direction>, word: &str) -> String {
    match direction {
        Some(Direction::Up) => "climbs up".to_owned(),
        Some(Direction::Down) => "goes down".to_owned(),
        Some(Direction::In) => "goes inside".to_owned(),
        Some(Direction::Out) => "goes outside".to_owned(),
        Some(compass) => format!("leaves {}", compass.name()),
        None => format!("leaves by the {word}"),
    }
}

/// How someone arriving by an exit is seen: "arrives from below".
pub fn arriving_phrase(direction: Option<Direction>) -> String {
    match direction.map(Direction::opposite) {
        Some(Direction::Up) => "arrives from above".to_owned(),
        Some(Direction::Down) => "arrives from below".to_owned(),
        Some(Direction::In) => "arrives from inside".to_owned(),
        Some(Direction::Out) => "arrives from outside".to_owned(),
        Some(compass) => format!("arrives from the {}", compass.name()),
        None => "arrives".to_owned(),
    }
}
