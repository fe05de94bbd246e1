//! The checks of the round 2 format: doors, containers, lights, NPCs,
//! triggers and durations, each shown by a small world that breaks it.

use crate::game::world::test_worlds::{error_for, hall_and, load};
use crate::game::world::{Location, On};

/// The only problem the loader finds in `rest` after the hall, without
/// the file name and line.
fn problem(rest: &str) -> String {
    let error = error_for(&hall_and(rest));
    let (_, problem) = error
        .split_once(": line ")
        .unwrap_or_else(|| panic!("one problem with a line: {error}"));
    problem.to_owned()
}

#[test]
fn a_duration_must_parse_and_last_a_second() {
    assert_eq!(
        problem(
            r#"echoes = ["Drip."]
echo_every = "soon"
"#
        ),
        "10, rooms[0] (id \"hall\"): `echo_every` \"soon\" is not a duration; \
         write it like \"30s\", \"5m\" or \"2h\""
    );
    assert!(problem("echoes = [\"Drip.\"]\necho_every = \"10ms\"\n").ends_with(
        "`echo_every` \"10ms\" is shorter than a second; write it like \"30s\", \"5m\" or \"2h\""
    ));
}

#[test]
fn the_world_section_reads_return_carried_after() {
    let world = load(
        "[world]\nname = \"K\"\nstart = \"hall\"\nreturn_carried_after = \"2h\"\n\n\
         [[rooms]]\nid = \"hall\"\nname = \"Hall\"\ndescription = \"A hall.\"\n\
         exits = { north = \"hall\" }\n",
    );
    assert_eq!(
        world.return_carried_after(),
        Some(std::time::Duration::from_secs(7200))
    );
}

#[test]
fn a_door_must_be_on_an_exit_that_exists() {
    assert_eq!(
        problem(
            r#"exits = { north = "hall" }

[[doors]]
id = "gate"
name = "gate"
exits = ["hall:nort"]
"#
        ),
        "14, doors[0] (id \"gate\"): room \"hall\" has no exit \"nort\"; did you mean \"north\"?"
    );
}

#[test]
fn a_door_exit_names_a_room_and_an_exit() {
    assert_eq!(
        problem(
            "exits = { north = \"hall\" }\n\n[[doors]]\nid = \"gate\"\nname = \"gate\"\nexits = [\"north\"]\n"
        ),
        "14, doors[0] (id \"gate\"): exit \"north\" must be written \"room:exit\", like \"hall:north\""
    );
    assert_eq!(
        problem(
            "exits = { north = \"hall\" }\n\n[[doors]]\nid = \"gate\"\nname = \"gate\"\nexits = [\"hal:north\"]\n"
        ),
        "14, doors[0] (id \"gate\"): exit \"hal:north\" names room \"hal\", which does not exist; \
         did you mean \"hall\"?"
    );
}

#[test]
fn an_exit_is_blocked_by_one_door_only() {
    let error = error_for(&hall_and(
        r#"exits = { north = "hall" }

[[doors]]
id = "gate"
name = "gate"
exits = ["hall:n"]

[[doors]]
id = "grille"
name = "grille"
exits = ["hall:north"]
"#,
    ));
    assert!(
        error.ends_with(
            "doors[1] (id \"grille\"): exit \"hall:north\" is already blocked by doors[0]"
        ),
        "{error}"
    );
}

#[test]
fn a_door_key_must_be_an_item() {
    assert_eq!(
        problem(
            r#"exits = { north = "hall" }

[[doors]]
id = "gate"
name = "gate"
exits = ["hall:north"]
locked = true
key = "iron-kye"

[[items]]
id = "iron-key"
name = "iron key"
description = "A key."
location = "hall"
"#
        ),
        "16, doors[0] (id \"gate\"): key names item \"iron-kye\", which does not exist; \
         did you mean \"iron-key\"?"
    );
}

#[test]
fn an_open_door_cannot_be_locked() {
    assert_eq!(
        problem(
            "exits = { north = \"hall\" }\n\n[[doors]]\nid = \"gate\"\nname = \"gate\"\nexits = [\"hall:north\"]\nclosed = false\nlocked = true\n"
        ),
        "16, doors[0] (id \"gate\"): an open door cannot be locked: remove `closed = false` or `locked = true`"
    );
}

const ITEM_HEAD: &str = "exits = { north = \"hall\" }\n\n[[items]]\nid = \"box\"\nname = \"box\"\ndescription = \"A box.\"\n";

#[test]
fn an_item_may_start_in_a_container_or_with_an_npc() {
    let world = load(&hall_and(&format!(
        "{ITEM_HEAD}location = \"hall\"\ncontainer = true\n\n\
         [[items]]\nid = \"coin\"\nname = \"coin\"\ndescription = \"A coin.\"\nlocation = \"box\"\n\n\
         [[items]]\nid = \"pipe\"\nname = \"pipe\"\ndescription = \"A pipe.\"\nlocation = \"old-tom\"\n\n\
         [[npcs]]\nid = \"old-tom\"\nname = \"Old Tom\"\ndescription = \"A man.\"\nlocation = \"hall\"\n"
    )));
    assert!(matches!(
        world.item("coin").unwrap().location,
        Location::Container(_)
    ));
    assert!(matches!(
        world.item("pipe").unwrap().location,
        Location::Npc(_)
    ));
}

#[test]
fn an_item_may_not_start_in_something_that_is_not_a_container() {
    assert_eq!(
        problem(&format!(
            "{ITEM_HEAD}location = \"hall\"\n\n[[items]]\nid = \"coin\"\nname = \"coin\"\n\
             description = \"A coin.\"\nlocation = \"box\"\n"
        )),
        "21, items[1] (id \"coin\"): location names item \"box\", which is not a container: \
         give it `container = true` to put things in it"
    );
}

#[test]
fn a_location_that_is_two_things_is_ambiguous() {
    let error = error_for(&hall_and(&format!(
        "{ITEM_HEAD}location = \"hall\"\ncontainer = true\n\n\
         [[items]]\nid = \"hall\"\nname = \"hall chest\"\ndescription = \"A chest.\"\nlocation = \"hall\"\ncontainer = true\n"
    )));
    assert!(
        error.contains(
            "location \"hall\" could be the room or the container: give one of them another id"
        ),
        "{error}"
    );
}

#[test]
fn a_container_may_not_start_inside_itself() {
    let error = error_for(&hall_and(&format!(
        "{ITEM_HEAD}location = \"bag\"\ncontainer = true\n\n\
         [[items]]\nid = \"bag\"\nname = \"bag\"\ndescription = \"A bag.\"\nlocation = \"box\"\ncontainer = true\n"
    )));
    assert!(
        error.contains("items[0] (id \"box\"): starts inside itself: box is in bag is in box"),
        "{error}"
    );
    assert!(error.contains("items[1] (id \"bag\"): starts inside itself: bag is in box is in bag"));
}

#[test]
fn closed_is_for_containers_and_lit_for_lights() {
    assert!(
        problem(&format!("{ITEM_HEAD}location = \"hall\"\nclosed = true\n"))
            .ends_with("`closed` is for containers: add `container = true`, or remove it")
    );
    assert!(
        problem(&format!("{ITEM_HEAD}location = \"hall\"\nlit = false\n"))
            .ends_with("`lit` is for lights: add `light = true`, or remove it")
    );
}

#[test]
fn a_proper_name_takes_no_article() {
    assert!(
        problem(&format!(
            "{ITEM_HEAD}location = \"hall\"\narticle = \"a\"\nproper = true\n"
        ))
        .ends_with("a proper name takes no article: remove `article` or `proper`")
    );
}

#[test]
fn an_npc_starts_and_wanders_in_rooms_that_exist() {
    let error = error_for(&hall_and(
        r#"exits = { north = "hall" }

[[npcs]]
id = "tom"
name = "Tom"
description = "A man."
location = "hal"
wander = ["hall", "yard"]
wander_every = "a while"
topics = { "lost key" = "Hm." }
"#,
    ));
    for expected in [
        "location names room \"hal\", which does not exist; did you mean \"hall\"?",
        "wander names room \"yard\", which does not exist",
        "`wander_every` \"a while\" is not a duration",
        "topic \"lost key\" must be one word",
    ] {
        assert!(error.contains(expected), "{expected} in {error}");
    }
}

const NPC: &str = "exits = { north = \"hall\" }\n\n[[npcs]]\nid = \"tom\"\nname = \"Tom\"\n\
                   description = \"A man.\"\nlocation = \"hall\"\n\n[[triggers]]\n";

#[test]
fn a_trigger_answers_an_action_it_knows() {
    assert_eq!(
        problem(&format!("{NPC}on = \"gve\"\nmessage = \"Hi.\"\n")),
        format!(
            "18, triggers[0]: `on` is \"gve\", which is none of {}; did you mean \"give\"?",
            On::ALL.map(|(_, name)| name).join(", ")
        )
    );
}

#[test]
fn a_trigger_must_do_something() {
    assert_eq!(
        problem(&format!("{NPC}on = \"enter\"\nroom = \"hall\"\n")),
        "17, triggers[0]: does nothing: give it an effect, such as `message` or `give`"
    );
}

#[test]
fn a_trigger_condition_must_fit_its_action() {
    let error = error_for(&hall_and(&format!(
        "{NPC}on = \"enter\"\nitem = \"tom\"\nwords = [\"hello\"]\ndoor = \"gate\"\nmessage = \"Hi.\"\n"
    )));
    for expected in [
        "`item` means nothing for on = \"enter\"",
        "`words` means nothing for on = \"enter\"",
        "`door` means nothing for on = \"enter\"",
    ] {
        assert!(error.contains(expected), "{expected} in {error}");
    }
}

#[test]
fn npc_say_needs_an_npc() {
    assert!(
        problem(&format!(
            "{NPC}on = \"say\"\nwords = [\"hi\"]\nnpc_say = \"Hello.\"\n"
        ))
        .ends_with("`npc_say` needs an `npc` to say it")
    );
}

#[test]
fn a_trigger_names_only_things_that_exist() {
    let error = error_for(&hall_and(&format!(
        "{NPC}on = \"give\"\nnpc = \"tim\"\nitem = \"lamp\"\nroom = \"hal\"\n\
         give = \"coin\"\nunlock = \"gate\"\nmove = \"vault\"\nset = \"Bad Flag\"\n"
    )));
    for expected in [
        "npc names NPC \"tim\", which does not exist; did you mean \"tom\"?",
        "item names item \"lamp\", which does not exist",
        "room names room \"hal\", which does not exist; did you mean \"hall\"?",
        "give names item \"coin\", which does not exist",
        "unlock names door \"gate\", which does not exist",
        "move names room \"vault\", which does not exist",
        "flag \"Bad Flag\" must be lower-case letters, digits, '_' or '-'",
    ] {
        assert!(error.contains(expected), "{expected} in {error}");
    }
}

#[test]
fn trigger_ids_are_unique_when_given() {
    let error = error_for(&hall_and(&format!(
        "{NPC}id = \"hi\"\non = \"enter\"\nmessage = \"Hi.\"\n\n[[triggers]]\nid = \"hi\"\non = \"enter\"\nmessage = \"Hi again.\"\n"
    )));
    assert!(
        error.contains("id \"hi\" is already used by triggers[0]"),
        "{error}"
    );
}
