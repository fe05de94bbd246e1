//! Crash safety: SIGKILL the server while players move and trade, again and
//! again, and check after every kill that each change a player was told about
//! is in the database, and that the world is consistent.
//!
//! Each player handles only its own three stones (taking, dropping, carrying
//! them between rooms, giving them away), one command at a time. So the test
//! knows where everything must be: where the last acknowledged command put
//! it or, for a command in flight at the kill, possibly where that command
//! would have put it.

use std::collections::HashMap;
use std::path::Path;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use hearth::game::{Place, RoomId, SavedState, UserKey};
use hearth::store::{RedbStore, Store};

use crate::support::process::{HearthProcess, Scratch, sign_up};
use crate::support::{Player, Transport};

const ROUNDS: u64 = 12;
const PLAYERS: [&str; 3] = ["Ann", "Ben", "Cat"];
const STONES: [[&str; 3]; 3] = [
    ["red", "orange", "yellow"],
    ["green", "teal", "blue"],
    ["indigo", "violet", "pink"],
];

fn world() -> String {
    let mut world = String::from(
        "[world]\nname = \"Crash Keep\"\nstart = \"hall\"\n\n\
         [[rooms]]\nid = \"hall\"\nname = \"Hall\"\ndescription = \"A hall.\"\nexits = { north = \"library\" }\n\n\
         [[rooms]]\nid = \"library\"\nname = \"Library\"\ndescription = \"Books.\"\nexits = { south = \"hall\" }\n",
    );
    for stone in STONES.iter().flatten() {
        world.push_str(&format!(
            "\n[[items]]\nid = \"{stone}\"\nname = \"{stone} stone\"\ndescription = \"A stone.\"\nlocation = \"hall\"\n"
        ));
    }
    world
}

fn key(name: &str) -> UserKey {
    UserKey::new(name.to_ascii_lowercase())
}

fn room(id: &str) -> Place {
    Place::Room(RoomId::new(id))
}

/// Everything the test knows, shared by the players' tasks: every place each
/// stone and character may be in now. One place once a change is
/// acknowledged; two while a change is in flight.
#[derive(Debug)]
struct Knowledge {
    stones: HashMap<&'static str, Vec<Place>>,
    rooms: HashMap<&'static str, Vec<&'static str>>,
}

/// A change a command would make if it succeeds.
#[derive(Debug, Clone)]
enum Intent {
    Walk { to: &'static str },
    Put { stone: &'static str, to: Place },
}

/// One player's view of its own affairs.
#[derive(Debug)]
struct Plan {
    name: &'static str,
    index: usize,
    room: &'static str,
    /// Stones this player still handles, with where they are.
    stones: HashMap<&'static str, Place>,
}

impl Plan {
    fn choose(&self, roll: u64) -> (String, Intent) {
        let me = Place::Carried(key(self.name));
        let carried: Vec<&'static str> = self.sorted_stones(|place| *place == me);
        let here = room(self.room);
        let lying_here: Vec<&'static str> = self.sorted_stones(|place| *place == here);
        let pick = |stones: &[&'static str]| stones[(roll as usize / 5) % stones.len()];
        match roll % 5 {
            0 | 1 if !lying_here.is_empty() => {
                let stone = pick(&lying_here);
                (format!("take {stone} stone"), Intent::Put { stone, to: me })
            }
            2 if !carried.is_empty() => {
                let stone = pick(&carried);
                (
                    format!("drop {stone} stone"),
                    Intent::Put { stone, to: here },
                )
            }
            3 if !carried.is_empty() => {
                let stone = pick(&carried);
                let receiver = PLAYERS[(self.index + 1 + roll as usize % 2) % PLAYERS.len()];
                let to = Place::Carried(key(receiver));
                (
                    format!("give {stone} stone to {receiver}"),
                    Intent::Put { stone, to },
                )
            }
            _ => {
                let (direction, to) = if self.room == "hall" {
                    ("north", "library")
                } else {
                    ("south", "hall")
                };
                (direction.to_owned(), Intent::Walk { to })
            }
        }
    }

    fn sorted_stones(&self, wanted: impl Fn(&Place) -> bool) -> Vec<&'static str> {
        let mut stones: Vec<&'static str> = self
            .stones
            .iter()
            .filter(|(_, place)| wanted(place))
            .map(|(stone, _)| *stone)
            .collect();
        stones.sort();
        stones
    }

    fn apply(&mut self, intent: &Intent) {
        match intent {
            Intent::Walk { to } => self.room = to,
            Intent::Put {
                stone,
                to: Place::Carried(receiver),
            } if *receiver != key(self.name) => {
                self.stones.remove(stone);
            }
            Intent::Put { stone, to } => {
                self.stones.insert(stone, to.clone());
            }
        }
    }
}

impl Knowledge {
    fn new() -> Knowledge {
        Knowledge {
            stones: STONES
                .iter()
                .flatten()
                .map(|stone| (*stone, vec![room("hall")]))
                .collect(),
            rooms: PLAYERS.iter().map(|name| (*name, vec!["hall"])).collect(),
        }
    }

    fn in_flight(&mut self, name: &'static str, intent: &Intent) {
        match intent {
            Intent::Walk { to } => self.rooms.get_mut(name).unwrap().push(to),
            Intent::Put { stone, to } => self.stones.get_mut(stone).unwrap().push(to.clone()),
        }
    }

    /// The command was answered: it either happened or did not.
    fn settle(&mut self, name: &'static str, intent: &Intent, happened: bool) {
        match intent {
            Intent::Walk { .. } => resolve(self.rooms.get_mut(name).unwrap(), happened),
            Intent::Put { stone, .. } => resolve(self.stones.get_mut(stone).unwrap(), happened),
        }
    }
}

/// Keeps the new possibility if the change happened, else the old one.
fn resolve<T: Clone>(possible: &mut Vec<T>, happened: bool) {
    let outcome = if happened {
        possible.pop()
    } else {
        possible.first().cloned()
    };
    *possible = outcome.into_iter().collect();
}

impl Knowledge {}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn acknowledged_changes_survive_repeated_sigkills() {
    let scratch = Scratch::new();
    let (data_dir, world_file) = (&scratch.data_dir, scratch.file("crash-keep.toml"));
    std::fs::write(&world_file, world()).unwrap();
    let mut process = HearthProcess::start(data_dir, &world_file, 0);
    let port = process.port;
    let url = format!("http://127.0.0.1:{port}/");
    let tokens = register_everyone(&url).await;

    let knowledge = Arc::new(Mutex::new(Knowledge::new()));
    let mut plans: Vec<Plan> = (0..PLAYERS.len())
        .map(|index| Plan {
            name: PLAYERS[index],
            index,
            room: "hall",
            stones: STONES[index]
                .iter()
                .map(|stone| (*stone, room("hall")))
                .collect(),
        })
        .collect();
    let mut acknowledged = 0;

    for round in 0..ROUNDS {
        let mut tasks = Vec::new();
        for (plan, token) in std::mem::take(&mut plans).into_iter().zip(&tokens) {
            let player = Player::connect(&url, plan.name, token, Transport::WebSocket)
                .await
                .unwrap_or_else(|refused| {
                    panic!("round {round}: {} was refused: {refused}", plan.name)
                });
            tasks.push(tokio::spawn(play(plan, player, knowledge.clone(), round)));
        }
        tokio::time::sleep(Duration::from_millis(120 + 41 * (round % 7))).await;
        process.kill();
        for task in tasks {
            let (plan, answered) = task.await.expect("a player task ends");
            plans.push(plan);
            acknowledged += answered;
        }
        let saved = saved_game(data_dir).await;
        check(&saved, &knowledge.lock().unwrap());

        process = HearthProcess::start(data_dir, &world_file, port);
        let (rooms, carriers) = ask_server(&url, &tokens).await;
        learn_outcomes(rooms, carriers, &mut plans, &mut knowledge.lock().unwrap());
    }
    assert!(
        acknowledged > ROUNDS as usize * 10,
        "the players got work done: {acknowledged} answers"
    );
    let (_, clean) = process.terminate();
    assert!(clean);
}

async fn register_everyone(url: &str) -> Vec<String> {
    let mut tokens = Vec::new();
    for name in PLAYERS {
        tokens.push(sign_up(url, name).await);
    }
    tokens
}

/// Plays one command at a time until the server dies; returns the plan and
/// how many commands were answered.
async fn play(
    mut plan: Plan,
    mut player: Player,
    knowledge: Arc<Mutex<Knowledge>>,
    round: u64,
) -> (Plan, usize) {
    let mut state = round * 7919 + plan.index as u64 + 1;
    let mut answered = 0;
    loop {
        state = state
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        let (command, intent) = plan.choose(state >> 33);
        knowledge.lock().unwrap().in_flight(plan.name, &intent);
        let Some(answer) = player.try_command(&command, Duration::from_secs(2)).await else {
            return (plan, answered);
        };
        answered += 1;
        let happened = succeeded(&command, &answer);
        knowledge
            .lock()
            .unwrap()
            .settle(plan.name, &intent, happened);
        if happened {
            plan.apply(&intent);
        }
    }
}

/// Whether an answer says the command did what it asked. Only `give` may
/// fairly fail (the receiver may be elsewhere); anything else failing means
/// the test and the server disagree about the world.
fn succeeded(command: &str, answer: &str) -> bool {
    let done = ["You take", "You drop", "You give", "Hall", "Library"]
        .iter()
        .any(|start| answer.starts_with(start));
    assert!(
        done || command.starts_with("give "),
        "{command:?} was answered {answer:?}"
    );
    done
}

/// Opens the database the killed server left, as the next start will.
async fn saved_game(data_dir: &Path) -> SavedState {
    let store = RedbStore::open(data_dir).expect("the database opens after a kill");
    let records = store.load_records().await.expect("the saved game loads");
    let saved = hearth::store::records::saved_state(records).expect("every record parses");
    store.close().await.unwrap();
    saved
}

/// Checks that every stone and character is where the answers say.
fn check(saved: &SavedState, knowledge: &Knowledge) {
    let places: HashMap<&str, &Place> = saved
        .items
        .iter()
        .map(|item| (item.id.as_str(), &item.place))
        .collect();
    assert_eq!(places.len(), 9, "every stone is somewhere, and only once");
    for (stone, possible) in &knowledge.stones {
        let place = places[stone];
        assert!(
            possible.contains(place),
            "{stone} is at {place:?}, but may only be at {possible:?}"
        );
    }
    for character in &saved.characters {
        let name = PLAYERS
            .iter()
            .find(|name| key(name) == character.key)
            .expect("a player");
        let possible = &knowledge.rooms[name];
        let location = character.location.as_str();
        assert!(
            possible.contains(&location),
            "{name} is in {location}, but may only be in {possible:?}"
        );
    }
}

/// Where each player is, and who carries which stone, by the server's word.
async fn ask_server(
    url: &str,
    tokens: &[String],
) -> (Vec<&'static str>, HashMap<&'static str, &'static str>) {
    let mut rooms = Vec::new();
    let mut carriers = HashMap::new();
    for (name, token) in PLAYERS.iter().zip(tokens) {
        let mut player = Player::connect(url, name, token, Transport::WebSocket)
            .await
            .expect("sessions survive the kill");
        rooms.push(if player.welcome["location"] == "hall" {
            "hall"
        } else {
            "library"
        });
        let inventory = player.command("inventory").await;
        for stone in STONES.iter().flatten() {
            if inventory.contains(&format!("{stone} stone")) {
                carriers.insert(*stone, *name);
            }
        }
        player.disconnect().await;
    }
    (rooms, carriers)
}

/// Settles what commands in flight at the kill did, so the next round
/// starts from certainty.
fn learn_outcomes(
    rooms: Vec<&'static str>,
    carriers: HashMap<&'static str, &'static str>,
    plans: &mut [Plan],
    knowledge: &mut Knowledge,
) {
    for (plan, room) in plans.iter_mut().zip(rooms) {
        plan.room = room;
        knowledge.rooms.insert(plan.name, vec![room]);
    }
    for stone in STONES.iter().flatten() {
        let place = match carriers.get(stone) {
            Some(carrier) => Place::Carried(key(carrier)),
            None => knowledge.stones[stone]
                .iter()
                .find(|place| matches!(place, Place::Room(_)))
                .cloned()
                .unwrap(),
        };
        knowledge.stones.insert(stone, vec![place.clone()]);
        for plan in plans.iter_mut() {
            let owns = STONES[plan.index].contains(stone);
            let given_away =
                matches!(&place, Place::Carried(carrier) if *carrier != key(plan.name));
            if owns && !given_away {
                plan.stones.insert(stone, place.clone());
            } else {
                plan.stones.remove(stone);
            }
        }
    }
}
