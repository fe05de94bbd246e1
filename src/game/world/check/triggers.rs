//! Checking `[[triggers]]`: what each answers, that its conditions fit that
//! action and name things that exist, and that it does something.

use super::{Checker, Kind, text};
use crate::game::ids::{DoorId, ItemId, NpcId, RoomId};
use crate::game::world::read::{Entry, Text, TriggerFields};
use crate::game::world::{Conditions, Effects, On, Trigger, suggest};

pub(super) fn check(checker: &mut Checker, entries: Vec<Entry<TriggerFields>>) -> Vec<Trigger> {
    entries
        .into_iter()
        .filter_map(|entry| trigger(checker, entry))
        .collect()
}

fn trigger(checker: &mut Checker, entry: Entry<TriggerFields>) -> Option<Trigger> {
    let place = entry.place.clone();
    let place = place.as_str();
    let fields = entry.fields;
    let on = fields
        .on
        .as_ref()
        .and_then(|on| self::on(checker, place, on));
    if let Some(on) = on {
        check_fit(checker, place, on, &fields);
    }
    let has_effect = [
        &fields.npc_say,
        &fields.message,
        &fields.announce,
        &fields.give,
        &fields.unlock,
        &fields.open,
        &fields.set,
        &fields.clear,
        &fields.move_to,
    ]
    .iter()
    .any(|effect| effect.is_some());
    if !has_effect {
        let what = "does nothing: give it an effect, such as `message` or `give`";
        checker
            .problems
            .add(Some(place), Some(entry.span.clone()), what);
    }
    if let Some(said) = &fields.npc_say
        && fields.npc.is_none()
    {
        let what = "`npc_say` needs an `npc` to say it";
        checker.report(place, said, Some(what.to_owned()));
    }
    let when = conditions(checker, place, &fields);
    let then = effects(checker, place, &fields);
    Some(Trigger {
        id: entry.id.map(|id| id.into_inner()),
        index: entry.index,
        on: on?,
        when: when?,
        once: fields.once,
        then: then?,
    })
}

fn on(checker: &mut Checker, place: &str, on: &Text) -> Option<On> {
    let parsed = On::parse(on.get_ref());
    if parsed.is_none() {
        let names = On::ALL.iter().map(|(_, name)| *name);
        let what = format!(
            "`on` is \"{}\", which is none of {}{}",
            on.get_ref(),
            On::ALL.map(|(_, name)| name).join(", "),
            suggest::did_you_mean(on.get_ref(), names)
        );
        checker.report(place, on, Some(what));
    }
    parsed
}

/// Conditions that mean nothing for the trigger's action are mistakes.
fn check_fit(checker: &mut Checker, place: &str, on: On, fields: &TriggerFields) {
    let mut misfit = |key: &str, value: Option<&Text>, fits: bool| {
        if let Some(value) = value
            && !fits
        {
            let what = format!("`{key}` means nothing for on = \"{}\"", on.name());
            checker.report(place, value, Some(what));
        }
    };
    misfit("words", fields.words.first(), on == On::Say);
    misfit("door", fields.door.as_ref(), on == On::Open);
    misfit(
        "item",
        fields.item.as_ref(),
        !matches!(on, On::Enter | On::Say),
    );
}

/// `None` when a condition names something that does not exist.
fn conditions(checker: &mut Checker, place: &str, fields: &TriggerFields) -> Option<Conditions> {
    let mut usable = true;
    let mut check = |ok: bool| usable &= ok;
    if let Some(item) = &fields.item {
        check(checker.reference(place, "item names", Kind::Item, item));
    }
    if let Some(npc) = &fields.npc {
        check(checker.reference(place, "npc names", Kind::Npc, npc));
    }
    if let Some(room) = &fields.room {
        check(checker.room_reference(place, "room names", room));
    }
    if let Some(door) = &fields.door {
        check(checker.reference(place, "door names", Kind::Door, door));
    }
    for word in &fields.words {
        let problem = text::word_problem("word", word.get_ref());
        checker.report(place, word, problem);
    }
    for flag in [&fields.needs, &fields.unless].into_iter().flatten() {
        checker.report(place, flag, text::flag_problem(flag.get_ref()));
    }
    usable.then(|| Conditions {
        item: fields
            .item
            .as_ref()
            .map(|item| ItemId::new(item.get_ref().as_str())),
        npc: fields
            .npc
            .as_ref()
            .map(|npc| NpcId::new(npc.get_ref().as_str())),
        room: fields
            .room
            .as_ref()
            .map(|room| RoomId::new(room.get_ref().as_str())),
        door: fields
            .door
            .as_ref()
            .map(|door| DoorId::new(door.get_ref().as_str())),
        words: fields
            .words
            .iter()
            .map(|word| word.get_ref().to_lowercase())
            .collect(),
        needs: fields.needs.as_ref().map(|flag| flag.get_ref().clone()),
        unless: fields.unless.as_ref().map(|flag| flag.get_ref().clone()),
    })
}

/// `None` when an effect names something that does not exist.
fn effects(checker: &mut Checker, place: &str, fields: &TriggerFields) -> Option<Effects> {
    let mut usable = true;
    if let Some(item) = &fields.give {
        usable &= checker.reference(place, "give names", Kind::Item, item);
    }
    for (key, door) in [("unlock", &fields.unlock), ("open", &fields.open)] {
        if let Some(door) = door {
            usable &= checker.reference(place, &format!("{key} names"), Kind::Door, door);
        }
    }
    if let Some(room) = &fields.move_to {
        usable &= checker.room_reference(place, "move names", room);
    }
    for flag in [&fields.set, &fields.clear].into_iter().flatten() {
        checker.report(place, flag, text::flag_problem(flag.get_ref()));
    }
    let mut say =
        |key: &str, text: &Option<Text>| text.clone().map(|text| checker.prose(place, key, text));
    let npc_say = say("npc_say", &fields.npc_say);
    let message = say("message", &fields.message);
    let announce = say("announce", &fields.announce);
    fn id(text: &Option<Text>) -> Option<&str> {
        text.as_ref().map(|text| text.get_ref().as_str())
    }
    usable.then(|| Effects {
        npc_say,
        message,
        announce,
        give: id(&fields.give).map(ItemId::new),
        unlock: id(&fields.unlock).map(DoorId::new),
        open: id(&fields.open).map(DoorId::new),
        set: fields.set.as_ref().map(|flag| flag.get_ref().clone()),
        clear: fields.clear.as_ref().map(|flag| flag.get_ref().clone()),
        move_to: id(&fields.move_to).map(RoomId::new),
    })
}
