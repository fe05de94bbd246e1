//! Emberwick as its prose reads: every way the text gives is an exit
//! (or a named one that climbs), and every thing it names can be examined.

use super::*;

const PROSE_WAYS: &[(&str, &str)] = &[
    ("square", "north"),
    ("square", "south"),
    ("square", "east"),
    ("square", "west"),
    ("inn", "up"),
    ("inn", "stairs"),
    ("inn", "east"),
    ("inn-loft", "window"),
    ("inn-loft", "out"),
    ("inn-loft", "stairs"),
    ("rooftop", "window"),
    ("rooftop", "in"),
    ("kitchen", "west"),
    ("cellar", "ladder"),
    ("cellar", "crawlway"),
    ("tunnel", "north"),
    ("tunnel", "crawlway"),
    ("well-bottom", "rope"),
    ("well-bottom", "south"),
    ("chapel-yard", "gap"),
    ("chapel-yard", "north"),
    ("chapel", "up"),
    ("chapel", "stair"),
    ("chapel", "stairs"),
    ("belfry", "ladder"),
    ("belfry", "hatch"),
    ("belfry", "stair"),
    ("belfry", "stairs"),
    ("spire", "ladder"),
    ("spire", "hatch"),
    ("orchard", "gate"),
    ("orchard", "west"),
    ("orchard", "well"),
    ("mill-lane", "west"),
    ("woods", "north"),
    ("woods", "path"),
    ("woods", "hut"),
    ("hermit-hut", "out"),
    ("stones", "path"),
    ("hollow", "steps"),
    ("hollow", "up"),
    ("market", "south"),
    ("riverbank", "bridge"),
    ("far-bank", "track"),
    ("watchtower", "down"),
];

#[test]
fn the_directions_the_prose_gives_are_exits() {
    let world = World::builtin();
    for (room, way) in PROSE_WAYS {
        let room = world.room(room).expect("the room exists");
        assert!(room.exit(way).is_some(), "{} has no exit {way}", room.id);
    }
}

/// Things the rooms' descriptions name, which players can examine.
const SCENERY: &[(&str, &[&str])] = &[
    (
        "square",
        &[
            "cobbles",
            "fountain",
            "notice board",
            "paper",
            "tower",
            "bell tower",
            "lanes",
            "woodsmoke",
            "inn",
        ],
    ),
    (
        "inn",
        &[
            "hearth", "fire", "beams", "bar", "tankards", "stairs", "door", "far wall",
        ],
    ),
    (
        "inn-loft",
        &[
            "rafters",
            "mattresses",
            "straw",
            "window",
            "lavender",
            "stairs",
            "gable",
            "hinges",
        ],
    ),
    (
        "rooftop",
        &[
            "tiles", "chimney", "pigeons", "nest", "magpie", "ridge", "square",
        ],
    ),
    (
        "kitchen",
        &[
            "pans", "table", "stew", "pot", "range", "floor", "trapdoor", "ring", "planks",
        ],
    ),
    (
        "cellar",
        &[
            "barrels",
            "racks",
            "bottle",
            "last rack",
            "cobwebs",
            "lamp",
            "draught",
            "wall",
            "brick",
            "earth",
            "crawlway",
            "trapdoor",
        ],
    ),
    (
        "well-bottom",
        &["water", "shaft", "daylight", "rope", "wall"],
    ),
    (
        "chapel-yard",
        &[
            "yew trees",
            "flagstones",
            "statue",
            "hedge",
            "gap",
            "door",
            "woods",
        ],
    ),
    (
        "chapel",
        &[
            "walls",
            "pews",
            "altar",
            "stair",
            "candles",
            "candle",
            "candlelight",
            "door",
        ],
    ),
    (
        "belfry",
        &[
            "bell",
            "beams",
            "cage",
            "louvres",
            "feathers",
            "droppings",
            "boards",
            "ladder",
            "hatch",
            "stair",
        ],
    ),
    (
        "spire",
        &["smoke", "woods", "watchtower", "river", "orchard", "hatch"],
    ),
    (
        "orchard",
        &[
            "trees",
            "apples",
            "windfalls",
            "well",
            "roof",
            "gate",
            "wall",
        ],
    ),
    (
        "mill-lane",
        &["hedges", "ruts", "water wheel", "flour dust", "mill"],
    ),
    (
        "mill",
        &["millstones", "beams", "flour", "sacks", "walls", "wheel"],
    ),
    (
        "woods",
        &["beeches", "hut", "smoke", "trunks", "brambles", "path"],
    ),
    (
        "hermit-hut",
        &[
            "herbs", "pots", "cot", "fire", "grate", "journal", "table", "tea", "cup",
        ],
    ),
    (
        "stones",
        &[
            "stones",
            "tallest stone",
            "lichen",
            "grass",
            "roots",
            "clearing",
            "moonstone",
        ],
    ),
    (
        "hollow",
        &["steps", "hearth", "fire", "flame", "walls", "chamber"],
    ),
    (
        "market",
        &["awnings", "traders", "cabbages", "cloth", "pots"],
    ),
    (
        "smithy",
        &[
            "forge",
            "tongs",
            "hammers",
            "horseshoes",
            "board",
            "keys",
            "nail",
            "anvil",
            "coal",
        ],
    ),
    (
        "riverbank",
        &["river", "boats", "nets", "shingle", "bridge", "rod"],
    ),
    (
        "far-bank",
        &["reeds", "track", "roofs", "watchtower", "spire", "river"],
    ),
    (
        "watchtower",
        &["walls", "arrow slits", "nettles", "rubble", "beam", "sword"],
    ),
];

#[test]
fn the_scenery_the_prose_names_can_be_examined() {
    let mut play = emberwick(&["Alice"]);
    for (room, things) in SCENERY {
        put(&mut play, "Alice", room);
        for thing in *things {
            let seen = play.reply("Alice", &format!("examine {thing}"));
            assert!(
                !seen.starts_with("You see no") && !seen.contains(" leads to "),
                "in {room}, {thing}: {seen}"
            );
        }
    }
}

#[test]
fn the_stairs_the_steps_and_the_hatch_can_be_climbed() {
    let mut play = emberwick(&["Alice"]);
    play.walk("Alice", &["south"]);
    expect(&mut play, "Alice", "climb stairs", "Inn Loft");
    expect(
        &mut play,
        "Alice",
        "go down the stairs",
        "The Gilded Hearth",
    );
    play.walk("Alice", &["north", "north", "north"]);
    expect(&mut play, "Alice", "climb the stairs", "Belfry");
    expect(
        &mut play,
        "Alice",
        "climb through the hatch",
        "Top of the Spire",
    );
    expect(&mut play, "Alice", "hatch", "Belfry");
    expect(
        &mut play,
        "Alice",
        "go down the stair",
        "Chapel of the Kindled Flame",
    );
    put(&mut play, "Alice", "hollow");
    expect(&mut play, "Alice", "climb steps", "Ring of Standing Stones");
}
