//! The structured views that come with some answers, so clients can show
//! the room, the inventory and the rest without parsing text.

use super::*;
use crate::game::{Reply, Response, View};

fn view_of(outcome: &Outcome) -> &View {
    match &outcome.reply {
        Reply::Response(Response {
            view: Some(view), ..
        }) => view,
        other => panic!("no view in {other:?}"),
    }
}

fn room_items(outcome: &Outcome) -> Vec<String> {
    match view_of(outcome) {
        View::Room(room) => room.items.clone(),
        other => panic!("not a room: {other:?}"),
    }
}

#[test]
fn taking_answers_with_the_room_as_it_is_after() {
    let mut play = Play::with(&["Alice"]);
    let items = room_items(&play.run("Alice", "take lamp"));
    assert!(!items.contains(&"brass lamp".to_owned()), "{items:?}");
    assert!(items.contains(&"iron key".to_owned()), "{items:?}");
}

#[test]
fn dropping_answers_with_the_room_as_it_is_after() {
    let mut play = Play::with(&["Alice"]);
    play.run("Alice", "take lamp");
    let items = room_items(&play.run("Alice", "drop lamp"));
    assert_eq!(items.last().map(String::as_str), Some("brass lamp"));
}

#[test]
fn saying_something_carries_no_view() {
    let mut play = Play::with(&["Alice"]);
    assert!(play.run("Alice", "say hi").lacks_view());
}

#[test]
fn inventory_lists_the_carried_items_by_name() {
    let mut play = Play::with(&["Alice"]);
    play.run("Alice", "take lamp");
    assert_eq!(
        view_of(&play.run("Alice", "i")),
        &View::Inventory(vec!["brass lamp".to_owned()])
    );
}

#[test]
fn channels_lists_the_channels_joined() {
    let mut play = Play::with(&["Alice"]);
    play.run("Alice", "join ooc");
    assert_eq!(
        view_of(&play.run("Alice", "channels")),
        &View::Channels(vec!["ooc".to_owned()])
    );
}

#[test]
fn help_lists_every_command_name() {
    let mut play = Play::with(&["Alice"]);
    let View::Commands(names) = view_of(&play.run("Alice", "help")).clone() else {
        panic!("help has a command list");
    };
    assert!(
        names.contains(&"look".to_owned()) && names.contains(&"give".to_owned()),
        "{names:?}"
    );
}
