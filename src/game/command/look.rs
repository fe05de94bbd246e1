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

/// What `viewer` sees of a room, as data: exits, items and other players.
pub fn room_view(world: &World, state: &State, room: &Room, viewer: &UserKey) -> RoomView {
    RoomView {
        id: room.id.clone(),
        name: room.name.clone(),
        exits: room.exits.iter().map(|exit| exit.word.clone()).collect(),
        items: state
            .items_at(&Place::Room(room.id.clone()))
            .iter()
            .filter_map(|id| world.item(id.as_str()))
            .map(|item| item.name.clone())
            .collect(),
        players: state
            .online_in(&room.id)
            .filter(|character| &character.key != viewer)
            .map(|character| character.name.clone())
            .collect(),
    }
}

/// The full description of a room as `viewer` sees it, with its structured view.
pub fn describe_room(world: &World, state: &State, room: &Room, viewer: &UserKey) -> Outcome {
    let view = room_view(world, state, room, viewer);
    let mut lines = vec![room.name.clone(), room.description.clone()];
    if !view.items.is_empty() {
        let with_articles: Vec<String> = view
            .items
            .iter()
            .map(|name| text::with_article(name))
            .collect();
        lines.push(format!(
            "You see {} here.",
            text::list(&with_articles, "and")
        ));
    }
    match view.players.as_slice() {
        [] => {}
        [one] => lines.push(format!("{one} is here.")),
        many => lines.push(format!("{} are here.", text::list(many, "and"))),
    }
    lines.push(if view.exits.is_empty() {
        "There is no way out.".to_owned()
    } else {
        format!("Exits: {}.", view.exits.join(", "))
    });
    Outcome::reply(lines.join("\n")).with_view(View::Room(view))
}
