//! The small quest that docs/worlds.md builds step by step: it loads
//! without a warning and plays the way the page says.

use super::*;

const GUIDE: &str = include_str!("../../../docs/worlds.md");

/// The world file in the guide's "A small quest, step by step" section.
fn the_guides_quest() -> String {
    let section = GUIDE
        .split_once("## A small quest, step by step")
        .expect("the guide has the section")
        .1;
    let block = section.split_once("```toml\n").expect("a TOML block").1;
    block
        .split_once("```")
        .expect("the block ends")
        .0
        .to_owned()
}

#[test]
fn the_guides_quest_loads_without_warnings() {
    let world = World::parse(&the_guides_quest(), "quest.toml").unwrap_or_else(|e| panic!("{e}"));
    assert!(world.warnings().is_empty(), "{:#?}", world.warnings());
}

#[test]
fn the_guides_quest_plays_as_the_guide_says() {
    let world = World::parse(&the_guides_quest(), "quest.toml").expect("it loads");
    let mut play = Play::of(Arc::new(world));
    play.enter("Alice");
    for (line, expected) in [
        ("ask marta about key", "dropped it in the yard"),
        ("north", "Inn Yard"),
        ("look in water butt", "silver key"),
        (
            "take key from water butt",
            "You take the silver key from the water butt.",
        ),
        (
            "give key to marta",
            "Marta presses a gold coin into your hand.",
        ),
        ("give coin to tom", "hands you an iron key"),
        (
            "unlock trapdoor",
            "You unlock the trapdoor with the iron key.",
        ),
        ("open trapdoor", "You open the trapdoor."),
        ("down", "Cellar"),
        ("take goblet", "You take the silver goblet."),
    ] {
        let answer = play.reply("Alice", line);
        assert!(answer.contains(expected), "{line:?}: {answer}");
        if line == "take key from water butt" {
            let back = play.run("Alice", "south");
            let greeted = back.events.iter().any(|event| {
                event.audience == to_user("Alice") && event.text.contains("Lost anything, Alice?")
            });
            assert!(greeted, "Marta greets a player who walks in");
        }
    }
    play.run("Alice", "drop all");
    play.wait(std::time::Duration::from_secs(15 * 60));
    assert_eq!(
        play.place_of("silver-key"),
        Place::Inside(ItemId::new("water-butt"))
    );
    assert_eq!(
        play.place_of("coin"),
        Place::Npc(crate::game::NpcId::new("marta"))
    );
}
