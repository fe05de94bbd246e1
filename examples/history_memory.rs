//! What the delivery hub's history costs per player: the messages each
//! account was sent lately, kept so a client that drops and comes back
//! misses nothing (at most 500 messages and 10 minutes, as the contract
//! says, and 64 KiB). It fills a real [`History`] the way the hub does for
//! 10,000 players in rooms of 10, with the messages of a game (answers of
//! their own, events shared by everyone in the room who hears them), and
//! counts the heap it holds with a counting allocator.
//!
//! ```sh
//! cargo run --release --example history_memory            # 10,000 players
//! cargo run --release --example history_memory -- 2000
//! ```

use std::alloc::{GlobalAlloc, Layout, System};
use std::sync::Arc;
use std::sync::atomic::{AtomicIsize, Ordering};
use std::time::{Duration, Instant};

use hearth::bus::Seq;
use hearth::delivery::{History, KEPT_MESSAGES, Recorded};
use hearth::game::{Audience, Event, EventKind, Response, RoomId, RoomView, UserKey, View};

/// Bytes the program holds on the heap right now.
static HELD: AtomicIsize = AtomicIsize::new(0);

struct Counting;

// SAFETY: every call is passed on to the system allocator unchanged; the
// counter is only bookkeeping.
unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        HELD.fetch_add(layout.size() as isize, Ordering::Relaxed);
        unsafe { System.alloc(layout) }
    }

    unsafe fn dealloc(&self, pointer: *mut u8, layout: Layout) {
        HELD.fetch_sub(layout.size() as isize, Ordering::Relaxed);
        unsafe { System.dealloc(pointer, layout) }
    }

    unsafe fn realloc(&self, pointer: *mut u8, layout: Layout, size: usize) -> *mut u8 {
        HELD.fetch_add(size as isize - layout.size() as isize, Ordering::Relaxed);
        unsafe { System.realloc(pointer, layout, size) }
    }
}

#[global_allocator]
static ALLOCATOR: Counting = Counting;

const ROOM_SIZE: usize = 10;
const KEPT_MINUTES: u64 = 10;

/// How much a scenario's players say: each one speaks every `every`.
struct Scenario {
    name: &'static str,
    every: Option<Duration>,
}

fn main() {
    let players: usize = std::env::args()
        .nth(1)
        .map(|count| count.parse().expect("a number of players"))
        .unwrap_or(10_000);
    let scenarios = [
        Scenario {
            name: "idle: entered, looked, walked home (3 answers, 10 arrivals)",
            every: None,
        },
        Scenario {
            name: "quiet chat: each player speaks once a minute",
            every: Some(Duration::from_secs(60)),
        },
        Scenario {
            name: "lively chat: each player speaks every 10 s",
            every: Some(Duration::from_secs(10)),
        },
        Scenario {
            name: "busy: each player speaks every 2 s",
            every: Some(Duration::from_secs(2)),
        },
    ];
    println!(
        "{players} players in rooms of {ROOM_SIZE}, {KEPT_MINUTES} minutes of history \
         (at most {KEPT_MESSAGES} messages each)\n"
    );
    println!(
        "| scenario | messages sent / kept per player | heap per player | at {players} players |"
    );
    println!("|---|---|---|---|");
    for scenario in &scenarios {
        let before = HELD.load(Ordering::Relaxed);
        let (history, sent, kept) = fill(players, scenario);
        let held = HELD.load(Ordering::Relaxed) - before;
        let per_player = held as f64 / players as f64;
        println!(
            "| {} | {sent} / {kept} | {:.1} KiB | {:.0} MiB |",
            scenario.name,
            per_player / 1024.0,
            held as f64 / (1024.0 * 1024.0)
        );
        drop(history);
    }
    let before = HELD.load(Ordering::Relaxed);
    let who = who(players);
    let held = HELD.load(Ordering::Relaxed) - before;
    println!(
        "\nOne answer to `who` with {players} names: {:.0} KiB (not kept: larger than a message may be).",
        held as f64 / 1024.0
    );
    drop(who);
}

/// A history as the hub holds it after `scenario` ran for ten minutes;
/// also how many messages one player was sent, and how many are kept.
fn fill(players: usize, scenario: &Scenario) -> (History, usize, usize) {
    let mut history = History::default();
    let names: Vec<String> = (0..players).map(|n| format!("load{n:05}")).collect();
    let keys: Vec<UserKey> = names
        .iter()
        .map(|name| UserKey::new(name.clone()))
        .collect();
    let mut seqs = vec![Seq(0); players];
    let start = Instant::now();
    let mut last = start;
    let mut send = |history: &mut History, player: usize, message: &Arc<Recorded>, at: Instant| {
        seqs[player] = seqs[player].next();
        history.record(&keys[player], seqs[player], message, at);
        last = at;
    };
    // Everyone enters, looks, walks home and hears their room fill up.
    for player in 0..players {
        for command in ["look", "north", "east"] {
            send(&mut history, player, &looked(command, player), start);
        }
    }
    for room in (0..players).step_by(ROOM_SIZE) {
        let members = room..(room + ROOM_SIZE).min(players);
        for arriving in members.clone() {
            let text = format!("{} arrives from the west.", names[arriving]);
            let arrival = event(EventKind::Arrive, text);
            for hearing in members.clone().filter(|&member| member != arriving) {
                send(&mut history, hearing, &arrival, start);
            }
        }
    }
    if let Some(every) = scenario.every {
        let rounds = (KEPT_MINUTES * 60 / every.as_secs()) as usize;
        for round in 0..rounds {
            let at = start + every * round as u32;
            for (speaker, name) in names.iter().enumerate() {
                let words = format!("round {round}: nothing much to report here, and you?");
                send(&mut history, speaker, &said(&words), at);
                let text = format!("{name} says, \"{words}\"");
                let heard = event(EventKind::Say, text);
                let room = speaker - speaker % ROOM_SIZE;
                for hearing in (room..(room + ROOM_SIZE).min(players)).filter(|&h| h != speaker) {
                    send(&mut history, hearing, &heard, at);
                }
            }
        }
    }
    let sent = seqs[0].0 as usize;
    let kept = history
        .catch_up(&keys[0], Seq(0), seqs[0], last)
        .missed
        .len();
    (history, sent, kept)
}

fn event(kind: EventKind, text: String) -> Arc<Recorded> {
    let from = text.split(' ').next().unwrap_or_default().to_owned();
    let event = Event::new(Audience::Everyone { except: vec![] }, kind, text).from(&from);
    Arc::new(Recorded::Event(Arc::new(event)))
}

/// The answer to `say <words>`.
fn said(words: &str) -> Arc<Recorded> {
    Arc::new(Recorded::Reply {
        command: format!("say {words}").into(),
        response: Arc::new(Response {
            text: format!("You say, \"{words}\""),
            view: None,
        }),
    })
}

/// The answer to `who` with `players` names.
fn who(players: usize) -> Response {
    let names: Vec<String> = (0..players).map(|n| format!("load{n:05}")).collect();
    Response {
        text: format!("{players} players are online: {}.", names.join(", ")),
        view: Some(View::Players(names)),
    }
}

/// The answer to a look or a move: a room, with its data.
fn looked(command: &str, player: usize) -> Arc<Recorded> {
    let room = format!("room-{}", player / ROOM_SIZE);
    let view = RoomView {
        id: RoomId::new(room.clone()),
        name: format!("Room {}", player / ROOM_SIZE),
        exits: ["north", "south", "east", "west"]
            .map(str::to_owned)
            .to_vec(),
        items: (0..10).map(|stone| format!("stone {stone}")).collect(),
        players: (0..ROOM_SIZE - 1).map(|n| format!("load{n:05}")).collect(),
        npcs: Vec::new(),
    };
    let text = format!(
        "{}\nA plain square room, one of a hundred alike.\nYou see ten stones here.\n\
         Nine players are here.\nExits: north, south, east, west.",
        view.name
    );
    Arc::new(Recorded::Reply {
        command: command.into(),
        response: Arc::new(Response {
            text,
            view: Some(View::Room(view)),
        }),
    })
}
