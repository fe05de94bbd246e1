use super::{Context, command, examine, listing, scope};
use crate::game::change::Place;
use crate::game::ids::UserKey;
use crate::game::outcome::{Outcome, RoomView, View};
use crate::game::state::State;
use crate::game::text;
use crate::game::world::{Item, Room, World};

command! {
    /// look [thing]
    ///
    /// Shows where you are: the room, what lies here, who is here and the
    /// ways out. "look <thing>" or "look at <thing>" is the same as "examine
    /// <thing>", and "look in <container>" shows what is inside. Short: "l".
    pub static LOOK = "look" | "l" => look;
}

/// Words after "look" that still mean the room itself.
const THE_ROOM: &[&str] = &["", "around", "here", "room"];

fn look(context: &Context, target: &str) -> Outcome {
    let (first, rest) = text::first_word(target);
    if ["in", "inside", "into"].contains(&first.to_lowercase().as_str()) && !rest.is_empty() {
        return examine::look_inside(context, rest);
    }
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

/// What `viewer` sees of a room, as data: exits, items, other players and
/// NPCs. In the dark only the exits and the players (who can be heard).
pub fn room_view(world: &World, state: &State, room: &Room, viewer: &UserKey) -> RoomView {
    let lit = scope::is_lit(world, state, &room.id, viewer);
    let items = if lit {
        items_in(world, state, room)
            .iter()
            .map(|item| item.name.to_string())
            .collect()
    } else {
        Vec::new()
    };
    let npcs = if lit {
        state
            .npcs_in(&room.id)
            .iter()
            .filter_map(|id| world.npc(id.as_str()))
            .map(|npc| npc.name.to_string())
            .collect()
    } else {
        Vec::new()
    };
    RoomView {
        id: room.id.clone(),
        name: room.name.clone(),
        exits: room.exits.iter().map(|exit| exit.word.clone()).collect(),
        items,
        players: state
            .online_in(&room.id)
            .filter(|character| &character.key != viewer)
            .map(|character| character.name.clone())
            .collect(),
        npcs,
    }
}

fn items_in<'w>(world: &'w World, state: &State, room: &Room) -> Vec<&'w Item> {
    state
        .items_at(&Place::Room(room.id.clone()))
        .iter()
        .filter_map(|id| world.item(id.as_str()))
        .collect()
}

/// The full description of a room as `viewer` sees it, with its structured view.
pub fn describe_room(world: &World, state: &State, room: &Room, viewer: &UserKey) -> Outcome {
    let view = room_view(world, state, room, viewer);
    let lit = scope::is_lit(world, state, &room.id, viewer);
    let mut lines = vec![room.name.clone()];
    if lit {
        lines.push(room.description.clone());
        let items = items_in(world, state, room);
        if !items.is_empty() {
            let listed = text::list(&listing::grouped(&items), "and");
            lines.push(format!("You see {listed} here."));
        }
    } else {
        lines.push("It is too dark to see anything here. You need a light.".to_owned());
    }
    let npcs = state
        .npcs_in(&room.id)
        .iter()
        .filter_map(|id| world.npc(id.as_str()))
        .filter(|_| lit)
        .map(|npc| npc.name.a());
    let people: Vec<String> = npcs.chain(view.players.iter().cloned()).collect();
    match people.as_slice() {
        [] => {}
        [one] => lines.push(format!("{} is here.", text::capitalize(one))),
        many => lines.push(format!(
            "{} are here.",
            text::capitalize(&text::list(many, "and"))
        )),
    }
    if lit {
        lines.extend(world.doors_in(&room.id).filter_map(|door| {
            let status = state.door(&door.id)?;
            let how = if status.state.closed {
                "closed"
            } else {
                "open"
            };
            Some(format!("{} is {how}.", text::capitalize(&door.name.the())))
        }));
    }
    lines.push(if view.exits.is_empty() {
        "There is no way out.".to_owned()
    } else {
        format!("Exits: {}.", view.exits.join(", "))
    });
    Outcome::reply(lines.join("\n")).with_view(View::Room(view))
}
