//! The small living world the round 2 rules are tested in: a square with a
//! notice and a fountain of coins, an inn with a fire and a landlady who
//! walks to her kitchen, a trapdoor down to a dark cellar, a chest, an
//! orchard that drops apples and echoes, and a vault only a password opens.
//! Its triggers answer each kind of action once: giving, taking, dropping,
//! entering, saying, opening and reading.

use super::*;

pub const TOWN: &str = r#"
[world]
name = "Testwick"
start = "square"
return_carried_after = "2h"

[[rooms]]
id = "square"
name = "Town Square"
description = "Cobbles around a fountain."
exits = { south = "inn", west = "orchard" }
details = { cobbles = "Worn smooth by a thousand carts." }

[[rooms]]
id = "inn"
name = "The Inn"
description = "A warm common room."
exits = { north = "square", east = "kitchen" }

[[rooms]]
id = "kitchen"
name = "Kitchen"
description = "Pans and a trapdoor."
exits = { west = "inn", down = "cellar" }

[[rooms]]
id = "cellar"
name = "Cellar"
description = "Barrels in the dark."
exits = { up = "kitchen" }
dark = true

[[rooms]]
id = "orchard"
name = "Orchard"
description = "Apple trees and an old well."
exits = { east = "square" }
details = { "apple trees" = "Gnarled and heavy with fruit.", well = "A mossy well." }
echoes = ["An apple thuds into the grass."]
echo_every = "1m"

[[rooms]]
id = "vault"
name = "Hidden Vault"
description = "A vault no one has seen in years."
exits = { up = "cellar" }

[[doors]]
id = "trapdoor"
name = "trapdoor"
aliases = ["hatch"]
description = "Oak planks with an iron ring."
exits = ["kitchen:down", "cellar:up"]
locked = true
key = "iron-key"
reset_after = "10m"

[[items]]
id = "notice"
name = "notice"
description = "A notice pinned to a post."
text = "LOST: a silver key. Reward at the inn."
location = "square"
portable = false

[[items]]
id = "fountain"
name = "fountain"
description = "A stone basin."
location = "square"
portable = false
container = true

[[items]]
id = "coin-1"
name = "copper coin"
description = "A worn coin."
location = "fountain"
respawn = "5m"

[[items]]
id = "coin-2"
name = "copper coin"
description = "A worn coin."
location = "fountain"
respawn = "5m"

[[items]]
id = "hearth"
name = "hearth"
description = "A fire that never goes out."
location = "inn"
portable = false
light = true

[[items]]
id = "lantern"
name = "lantern"
description = "A tin lantern."
location = "inn"
light = true
lit = false

[[items]]
id = "iron-key"
name = "iron key"
description = "A heavy key."
location = "kitchen"

[[items]]
id = "silver-key"
name = "silver key"
description = "A fine key."
location = "orchard"

[[items]]
id = "apple"
name = "red apple"
description = "A windfall."
location = "orchard"
respawn = "10m"

[[items]]
id = "chest"
name = "oak chest"
description = "A heavy chest."
location = "cellar"
portable = false
container = true
closed = true

[[items]]
id = "ring"
name = "gold ring"
description = "A plain gold ring."
location = "chest"

[[items]]
id = "reward"
name = "silver coin"
description = "A bright silver coin."
location = "marta"

[[items]]
id = "bag"
name = "leather bag"
description = "A soft bag."
location = "square"
container = true

[[npcs]]
id = "marta"
name = "Marta"
aliases = ["landlady"]
description = "A broad woman with flour on her sleeves."
location = "inn"
greeting = "Marta looks up. \"Welcome, {player}.\""
topics = { stew = "\"Best in town,\" Marta says.", key = "\"I lost mine in the orchard.\"" }
refuses = "Marta pushes it back across the bar."
wander = ["inn", "kitchen"]
wander_every = "2m"

[[triggers]]
id = "key-returned"
on = "give"
item = "silver-key"
npc = "marta"
unless = "key-returned"
once = true
npc_say = "\"My key! Thank you, {player}.\""
message = "Marta presses a silver coin into your hand."
announce = "Marta gives {player} a silver coin."
give = "reward"
unlock = "trapdoor"
set = "key-returned"

[[triggers]]
on = "say"
room = "cellar"
words = ["open", "sesame"]
message = "The floor slides away beneath you!"
move = "vault"

[[triggers]]
on = "enter"
room = "vault"
needs = "key-returned"
message = "Marta's old savings glitter in the corner."

[[triggers]]
on = "read"
item = "notice"
message = "Someone has scrawled: ask Marta about the key."

[[triggers]]
on = "take"
item = "ring"
message = "The ring is warm, as if someone wore it a moment ago."

[[triggers]]
on = "drop"
item = "apple"
room = "square"
message = "The apple rolls away across the cobbles."
announce = "An apple rolls across the cobbles."

[[triggers]]
on = "open"
door = "trapdoor"
room = "cellar"
message = "You heave the trapdoor up from below, and it thumps open onto the kitchen floor."

[[triggers]]
on = "enter"
room = "orchard"
needs = "key-returned"
message = "A magpie flashes past with something shiny: Marta's key is lost again."
clear = "key-returned"
"#;

pub fn town() -> Arc<World> {
    Arc::new(World::parse(TOWN, "town.toml").unwrap_or_else(|error| panic!("{error}")))
}

impl Play {
    /// A fresh game of [`TOWN`] with these players in the square.
    pub fn town(names: &[&str]) -> Play {
        let mut play = Play::of(town());
        for name in names {
            play.enter(name);
        }
        play
    }

    /// Moves `name` along `path` (exit words), checking each step works.
    pub fn walk(&mut self, name: &str, path: &[&str]) {
        for exit in path {
            let from = self.location(name).to_owned();
            self.run(name, exit);
            assert_ne!(self.location(name), from, "{name} went {exit} from {from}");
        }
    }
}
