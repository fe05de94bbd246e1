//! SIGTERM while a hundred commands are in flight: every command the server
//! took is answered (done, or refused because the game is stopping) before
//! its socket closes, and the database holds exactly what the answers say:
//! nothing acknowledged is lost, nothing refused happened, nothing twice.
//!
//! Four players (two over WebSocket, two long-polling) each take their own
//! 25 stones from the hall, all at once; the signal goes out when every
//! player has sent half of its commands, and Ann sends her last five once
//! she has heard the server say goodbye (so they must be refused).
//!
//! The pollers are raw Engine.IO clients that ask for an ack with each
//! command and keep polling until the server ends their session; once the
//! signal is sent, Dan's poller is slow (a poor network): it waits
//! [`SLOW_POLL`] between polls, past the moment the sockets close, so the
//! server must wait for his last poll. The WebSocket players use the
//! Socket.IO client library without acks (it mislays acks when many are
//! outstanding): each answer names its command, and a refusal is an `error`
//! event.

use std::collections::HashMap;
use std::path::Path;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant};

use hearth::game::{Place, RoomId, UserKey};
use hearth::store::{RedbStore, Store};
use serde_json::Value;
use tokio::sync::{Barrier, mpsc};

use crate::support::process::{HearthProcess, Scratch, hearth, sign_up};
use crate::support::raw_socket::RawPoller;
use crate::support::{PATIENCE, Player, Transport};

const PLAYERS: [(&str, Transport); 4] = [
    ("Ann", Transport::WebSocket),
    ("Ben", Transport::Polling),
    ("Cat", Transport::WebSocket),
    ("Dan", Transport::Polling),
];

const STONES_EACH: usize = 25;
const STONES: usize = STONES_EACH * PLAYERS.len();

/// How long Dan's poller waits between polls once the server is stopping:
/// longer than the server plays on after the signal (300 ms), well within
/// the 2 s it waits for a poller's last poll.
const SLOW_POLL: Duration = Duration::from_millis(700);

/// How many of Ann's commands wait until she has heard the server say
/// goodbye: the game has stopped, so these must be refused.
const LATE: usize = 5;

/// Most polls a raw poller makes before giving up on its session's end.
const MOST_POLLS: usize = 1000;

type Acks = mpsc::UnboundedSender<(usize, Value)>;

/// One player's connection, by its transport.
enum Client {
    Socket(Player),
    Poller(Arc<RawPoller>),
}

impl Client {
    /// Sends `command`; a poller asks for an ack numbered `label`.
    async fn send(&self, command: &str, label: usize) {
        match self {
            Client::Socket(player) => {
                player
                    .emit("command", serde_json::json!({ "command": command }))
                    .await;
            }
            Client::Poller(poller) => {
                let event = serde_json::json!(["command", { "command": command }]);
                assert!(
                    poller.send(format!("42{label}{event}")).await,
                    "{command} is sent"
                );
            }
        }
    }
}

/// Waits for the notice that the server is shutting down, keeping whatever
/// comes before it for later.
async fn hear_goodbye(player: &mut Player) {
    for _ in 0..10 {
        let notice = player.event("system").await;
        if notice["text"]
            .as_str()
            .is_some_and(|text| text.contains("shutting down"))
        {
            return;
        }
    }
    panic!("{} heard no goodbye", player.name);
}

/// Reads a WebSocket player's answers until each of its commands has one
/// (or [`PATIENCE`] has passed): passes on every `command_response` with its
/// command's label, and returns how many commands were refused.
async fn read_answers(player: &mut Player, index: usize, acks: &Acks) -> usize {
    let labels: HashMap<String, usize> = (index * STONES_EACH..(index + 1) * STONES_EACH)
        .map(|label| (format!("take {} stone", stone(label)), label))
        .collect();
    let deadline = tokio::time::Instant::now() + PATIENCE;
    let (mut answered, mut refused) = (0, 0);
    while answered + refused < STONES_EACH {
        let Some(received) = player.receive_before(deadline).await else {
            break;
        };
        match received.event.as_str() {
            "command_response" => {
                let command = received.data["command"].as_str().unwrap_or_default();
                let label = labels[command];
                let _ = acks.send((label, received.data));
                answered += 1;
            }
            "error" => {
                outcome("a command", &received.data);
                refused += 1;
            }
            _ => {}
        }
    }
    refused
}

/// Polls until the session ends, passing on every ack (`43<id>[data]`).
async fn read_acks(poller: &RawPoller, acks: Acks, slow_once: Option<Arc<AtomicBool>>) {
    let deadline = Instant::now() + PATIENCE;
    for _ in 0..MOST_POLLS {
        if slow_once
            .as_ref()
            .is_some_and(|signalled| signalled.load(Ordering::SeqCst))
        {
            tokio::time::sleep(SLOW_POLL).await;
        }
        let Some(packets) = poller.poll().await else {
            return;
        };
        for packet in packets {
            if packet.starts_with("41") || packet == "1" {
                return;
            }
            if let Some(ack) = packet.strip_prefix("43") {
                let digits = ack.find('[').expect("an ack's data");
                let label = ack[..digits].parse().expect("an ack id");
                let data: Value = serde_json::from_str(&ack[digits..]).expect("an ack's JSON");
                let _ = acks.send((label, data[0].clone()));
            }
        }
        assert!(
            Instant::now() < deadline,
            "the session outlived {PATIENCE:?}"
        );
    }
}
/// A one-word name for stone `index`, unlike every other stone's.
fn stone(index: usize) -> String {
    const FRONTS: [&str; 10] = ["ba", "de", "fi", "go", "ku", "la", "me", "ni", "po", "ru"];
    const BACKS: [&str; 10] = ["st", "nd", "rk", "lt", "mp", "sh", "ft", "ng", "x", "z"];
    format!("{}{}", FRONTS[index / 10], BACKS[index % 10])
}

fn world() -> String {
    let mut world = String::from(
        "[world]\nname = \"Quarry\"\nstart = \"hall\"\n\n\
         [[rooms]]\nid = \"hall\"\nname = \"Hall\"\ndescription = \"A hall.\"\n",
    );
    for index in 0..STONES {
        let word = stone(index);
        world.push_str(&format!(
            "\n[[items]]\nid = \"{word}\"\nname = \"{word} stone\"\n\
             description = \"A stone.\"\nlocation = \"hall\"\n"
        ));
    }
    world
}

/// What the server said about one command.
#[derive(Debug, PartialEq)]
enum Outcome {
    Done,
    Refused,
}

fn outcome(stone: &str, ack: &Value) -> Outcome {
    if let Some(response) = ack["response"].as_str() {
        assert!(
            response.starts_with("You take"),
            "taking {stone} was answered {ack}"
        );
        return Outcome::Done;
    }
    let error = ack["error"].as_str().unwrap_or_default();
    assert!(
        error.contains("stopping") || error.contains("closing"),
        "taking {stone} was answered {ack}"
    );
    Outcome::Refused
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn sigterm_answers_every_command_in_flight_and_saves_exactly_what_it_said() {
    let scratch = Scratch::new();
    let world_file = scratch.file("quarry.toml");
    std::fs::write(&world_file, world()).unwrap();
    // A hundred commands at once is a flood the command rate limit would
    // refuse; this test is about what the server took.
    let mut command = hearth();
    command
        .args(["--bind", "127.0.0.1", "--port", "0", "--log", "warn"])
        .args(["--limits", "off"])
        .arg("--data-dir")
        .arg(&scratch.data_dir)
        .arg("--world")
        .arg(&world_file)
        .stderr(std::process::Stdio::null());
    let process = HearthProcess::spawn(command);
    let url = process.url();

    let (acks, mut answers) = mpsc::unbounded_channel();
    let mut clients = Vec::new();
    let mut readers = Vec::new();
    let signalled = Arc::new(AtomicBool::new(false));
    for (name, transport) in PLAYERS {
        let token = sign_up(&url, name).await;
        let client = match transport {
            Transport::WebSocket => Client::Socket(
                Player::connect(&url, name, &token, transport)
                    .await
                    .unwrap_or_else(|refused| panic!("{name} was refused: {refused}")),
            ),
            Transport::Polling => {
                let poller = Arc::new(RawPoller::connect(process.address(), &token).await);
                let (reading, acks) = (poller.clone(), acks.clone());
                let slow = (name == "Dan").then(|| signalled.clone());
                readers.push(tokio::spawn(async move {
                    read_acks(&reading, acks, slow).await;
                }));
                Client::Poller(poller)
            }
        };
        clients.push(client);
    }

    let halfway = Arc::new(Barrier::new(PLAYERS.len() + 1));
    let mut senders = Vec::new();
    for (index, client) in clients.into_iter().enumerate() {
        let (acks, halfway) = (acks.clone(), halfway.clone());
        senders.push(tokio::spawn(async move {
            let mut client = client;
            for number in 0..STONES_EACH {
                if number == STONES_EACH / 2 {
                    halfway.wait().await;
                }
                if let (0, Client::Socket(ann)) = (index, &mut client)
                    && number == STONES_EACH - LATE
                {
                    hear_goodbye(ann).await;
                }
                let label = index * STONES_EACH + number;
                client
                    .send(&format!("take {} stone", stone(label)), label)
                    .await;
            }
            match &mut client {
                Client::Socket(player) => (index, read_answers(player, index, &acks).await),
                Client::Poller(_) => (index, 0),
            }
        }));
    }
    drop(acks);
    halfway.wait().await;
    let signalled_at = Instant::now();
    signalled.store(true, Ordering::SeqCst);
    process.signal("TERM");

    let mut outcomes = HashMap::new();
    let deadline = tokio::time::Instant::now() + PATIENCE;
    // Until every sender and reader is done (or the patience is out).
    while let Ok(Some((label, ack))) = tokio::time::timeout_at(deadline, answers.recv()).await {
        let word = stone(label);
        let said = outcome(&word, &ack);
        assert!(
            outcomes.insert(label, said).is_none(),
            "taking {word} was answered twice"
        );
    }
    for sender in senders {
        let (index, refused) = sender.await.expect("every command was sent");
        // A refusal names no command: the player's commands without an
        // answer are the refused ones, if there are as many as refusals.
        let players_commands = index * STONES_EACH..(index + 1) * STONES_EACH;
        let unnamed: Vec<usize> = players_commands
            .filter(|label| !outcomes.contains_key(label))
            .collect();
        if unnamed.len() == refused {
            outcomes.extend(unnamed.into_iter().map(|label| (label, Outcome::Refused)));
        }
    }
    for reader in readers {
        reader
            .await
            .expect("each poller read to the end of its session");
    }
    let (took, clean) = process.wait_for_exit(signalled_at);
    assert!(clean, "the server exits 0 after SIGTERM");
    let done = outcomes
        .values()
        .filter(|said| **said == Outcome::Done)
        .count();
    println!(
        "{done} done, {} refused; stopped after {took:?}",
        outcomes.len() - done
    );

    let places = saved_places(&scratch.data_dir).await;
    assert_eq!(places.len(), STONES, "every stone is somewhere, once");
    let unanswered: Vec<(String, &Place)> = (0..STONES)
        .filter(|label| !outcomes.contains_key(label))
        .map(|label| (stone(label), &places[&stone(label)]))
        .collect();
    assert!(
        unanswered.is_empty(),
        "{} commands got no answer (with where their stones are saved): {unanswered:?}",
        unanswered.len()
    );
    for label in STONES_EACH - LATE..STONES_EACH {
        assert_eq!(
            outcomes[&label],
            Outcome::Refused,
            "Ann's taking {} after the goodbye",
            stone(label)
        );
    }
    for (label, said) in &outcomes {
        let word = stone(*label);
        let taker = UserKey::new(PLAYERS[label / STONES_EACH].0.to_ascii_lowercase());
        let expected = match said {
            Outcome::Done => Place::Carried(taker),
            Outcome::Refused => Place::Room(RoomId::new("hall")),
        };
        assert_eq!(
            places[&word], expected,
            "{word} was answered {said:?} but is saved at {:?}",
            places[&word]
        );
    }
}

/// Where the stopped server's database says each item is.
async fn saved_places(data_dir: &Path) -> HashMap<String, Place> {
    let store = RedbStore::open(data_dir).expect("the database opens after the stop");
    let records = store.load_records().await.expect("the saved game loads");
    let saved = hearth::store::records::saved_state(records).expect("every record parses");
    store.close().await.unwrap();
    saved
        .items
        .into_iter()
        .map(|item| (item.id.as_str().to_owned(), item.place))
        .collect()
}
