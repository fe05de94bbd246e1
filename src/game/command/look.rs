use super::{Context, command, examine};
use crate::game::outcome::{Outcome, RoomView, View};
use crate::game::state::State;
use crate::game::text;
use crate::game::world::{Room, World};
use crate::game::{change::Place, ids::UserKey};

command! {
    /// look [thing]
    ///
    /// Shows where you are: the room, what lies here, who is here and the
    /// ways out. "look <thing>" or "look at <thing>" is the same as "examine
    /// <thing>". Short: "l".
    pub static LOOK = "look" | "l" => look;
}

/// Words after "look" that still mean the room itself.
const THE_ROOM: &[&str] = &["", "around", "here", "room"];

fn look(context: &Context, target: &str) -> Outcome {
    let target = text::without_leading(target, "at");
    if !THE_ROOM.contains(&target.to_lowercase().as_str()) {
        return examine::examine(context, target);
    }
    describe_room(
        context.world,
        context.state,
        context.room(),
        &context.actor.key,
    )
}

/// The full description of a room as `viewer` sees it, with its structured view.
pub fn describe_room(world: &World, state: &State, room: &Room, viewer: &UserKey) -> Outcome {
    let items: Vec<String> = state
        .items_at(&Place::Room(room.id.clone()))
        .iter()
        .filter_map(|id| world.item(id.as_str()))
        .map(|item| item.name.clone())
        .collect();
    let players: Vec<String> = state
        .online_in(&room.id)
        .filter(|character| &character.key != viewer)
        .map(|character| character.name.clone())
        .collect();
    let exits: Vec<String> = room.exits.iter().map(|exit| exit.word.clone()).collect();

    let mut lines = vec![room.name.clone(), room.description.clone()];
    if !items.is_empty() {
        let with_articles: Vec<String> =
            items.iter().map(|name| text::with_article(name)).collect();
        lines.push(format!(
            "You see {} here.",
            text::list(&with_articles, "and")
        ));
    }
    match players.as_slice() {
        [] => {}
        [one] => lines.push(format!("{one} is here.")),
        many => lines.push(format!("{} are here.", text::list(many, "and"))),
    }
    lines.push(if exits.is_empty() {
        "There is no way out.".to_owned()
    } else {
        format!("Exits: {}.", exits.join(", "))
    });

    Outcome::reply(lines.join("\n")).with_view(View::Room(RoomView {
        id: room.id.clone(),
        name: room.name.clone(),
        exits,
        items,
        players,
    }))
}
