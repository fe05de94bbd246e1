use super::{Context, command, describe_room};
use crate::game::change::Change;
use crate::game::event::{Audience, Event, EventKind};
use crate::game::outcome::Outcome;
use crate::game::text;
use crate::game::world::Direction;

command! {
    /// go <exit>
    ///
    /// Walks through an exit of the room. Directions also work on their own
    /// and abbreviated: north (n), south (s), east (e), west (w), up (u),
    /// down (d), northeast (ne), northwest (nw), southeast (se), southwest
    /// (sw), in and out. Other exits, like a gate or a ladder, take "go":
    /// "go gate".
    pub static GO = "go" | "walk" | "move" => go;
}

/// Exit words are single words, so whatever follows one ("go north now")
/// is ignored, as it is after a bare direction.
fn go(context: &Context, exit: &str) -> Outcome {
    let (word, _) = text::first_word(exit);
    if word.is_empty() {
        return Outcome::reply("Go where? Try \"go north\", or \"look\" to see the exits.");
    }
    travel(context, word)
}

/// Moves the actor through the exit `word` names, if the room has it.
pub fn travel(context: &Context, word: &str) -> Outcome {
    let room = context.room();
    let Some(exit) = room.exit(word) else {
        let word = Direction::parse(word).map_or_else(
            || text::shorten(&word.to_lowercase()),
            |direction| direction.name().to_owned(),
        );
        let exits: Vec<&str> = room.exits.iter().map(|exit| exit.word.as_str()).collect();
        return Outcome::reply(match exits.as_slice() {
            [] => format!("You cannot go {word}: there is no way out of here."),
            _ => format!(
                "You cannot go {word} from here. Exits: {}.",
                exits.join(", ")
            ),
        });
    };
    let destination = context
        .world
        .room(exit.to.as_str())
        .expect("exits lead to rooms of the world");
    let actor = context.actor;
    let direction = Direction::parse(&exit.word);

    let leave = Event::new(
        Audience::Room {
            room: room.id.clone(),
            except: vec![actor.key.clone()],
        },
        EventKind::Leave,
        format!("{} {}.", actor.name, leaving_phrase(direction, &exit.word)),
    )
    .from(&actor.name)
    .direction(&exit.word);
    let arrive = Event::new(
        Audience::Room {
            room: destination.id.clone(),
            except: vec![actor.key.clone()],
        },
        EventKind::Arrive,
        format!("{} {}.", actor.name, arriving_phrase(direction)),
    )
    .from(&actor.name)
    .direction(&exit.word);
    let moved = Change::CharacterMoved {
        who: actor.key.clone(),
        from: room.id.clone(),
        to: destination.id.clone(),
    };

    let mut outcome = describe_room(context.world, context.state, destination, &actor.key);
    outcome.events = vec![leave, arrive];
    outcome.changes = vec![moved];
    outcome
}

fn leaving_phrase(direction: Option<Direction>, word: &str) -> String {
    match direction {
        Some(Direction::Up) => "climbs up".to_owned(),
        Some(Direction::Down) => "goes down".to_owned(),
        Some(Direction::In) => "goes inside".to_owned(),
        Some(Direction::Out) => "goes outside".to_owned(),
        Some(compass) => format!("leaves {}", compass.name()),
        None => format!("leaves by the {word}"),
    }
}

fn arriving_phrase(direction: Option<Direction>) -> String {
    match direction.map(Direction::opposite) {
        Some(Direction::Up) => "arrives from above".to_owned(),
        Some(Direction::Down) => "arrives from below".to_owned(),
        Some(Direction::In) => "arrives from inside".to_owned(),
        Some(Direction::Out) => "arrives from outside".to_owned(),
        Some(compass) => format!("arrives from the {}", compass.name()),
        None => "arrives".to_owned(),
    }
}
