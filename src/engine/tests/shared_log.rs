//! What the engine does for a cluster, with the in-memory store behind a
//! ledger that records what each group commits: requests read from a shared
//! log commit their position with the group that applied them; connections
//! coming and going are committed too, and an engine can start with them in
//! the game; an `Exit` of a connection not in the game changes nothing; and
//! a ledger that deposes the engine stops it at once, telling nobody.

use std::sync::Mutex;
use std::sync::atomic::{AtomicUsize, Ordering};

use super::*;
use crate::store::records::{CharacterRecord, Record, json};

/// What one commit held besides its writes and batch.
#[derive(Debug, Clone, PartialEq)]
struct Committed {
    position: Option<Position>,
    connections: Vec<ConnectionChange>,
}

/// The local ledger, recording every group it commits; from the
/// `depose_at`th commit on (counting from 1) it refuses the engine.
struct Recording {
    local: LocalLedger,
    log: Arc<Mutex<Vec<Committed>>>,
    depose_at: Option<usize>,
    commits: AtomicUsize,
}

impl Ledger for Recording {
    fn commit(&self, group: Group) -> LedgerFuture<'_> {
        let number = self.commits.fetch_add(1, Ordering::SeqCst) + 1;
        Box::pin(async move {
            if self.depose_at.is_some_and(|at| number >= at) {
                return Err(LedgerError::Deposed(
                    "the lease was lost (in a test)".into(),
                ));
            }
            self.log.lock().unwrap().push(Committed {
                position: group.position.clone(),
                connections: group.connections.clone(),
            });
            self.local.commit(group).await
        })
    }
}

async fn recording(
    saved: Saved,
    depose_at: Option<usize>,
) -> (Running, Arc<Mutex<Vec<Committed>>>) {
    let log = Arc::new(Mutex::new(Vec::new()));
    let kept = log.clone();
    let running = Running::start_with(
        saved,
        move |local| {
            Box::new(Recording {
                local,
                log: kept,
                depose_at,
                commits: AtomicUsize::new(0),
            })
        },
        Rules::default(),
    )
    .await;
    (running, log)
}

fn route(node: u64, connection: u64, request: u64) -> Route {
    Route {
        node: NodeId(node),
        connection: ConnectionId(connection),
        request,
    }
}

fn request(name: &str, input: Input, route: Route) -> Request {
    Request {
        actor: Actor::new(name),
        input,
        route: Some(route),
    }
}

fn flush(requests: Vec<Request>, position: &str) -> Flush {
    Flush {
        requests,
        position: Position(position.to_owned()),
    }
}

fn address(route: Route) -> ConnectionAddress {
    ConnectionAddress::from(&route)
}

fn texts(deliveries: &[Delivery]) -> Vec<String> {
    deliveries
        .iter()
        .filter_map(|delivery| match delivery {
            Delivery::Event { event, .. } => Some(event.text.clone()),
            Delivery::Reply { response, .. } => Some(response.text.clone()),
            _ => None,
        })
        .collect()
}

#[tokio::test]
async fn a_flush_commits_its_position_and_the_connections_that_came_and_went() {
    let (mut running, log) = recording(Saved::default(), None).await;
    let enter = route(2, 5, 0);
    let say = route(2, 5, 1);
    let exit = route(2, 5, 2);
    assert!(
        running
            .inputs
            .submit_flush(flush(vec![request("Alice", Input::Enter, enter)], "1-0"))
    );
    running.until_answered(enter).await;
    assert!(running.inputs.submit_flush(flush(
        vec![
            request("Alice", Input::Command("say hi".into()), say),
            request("Alice", Input::Exit, exit),
        ],
        "2-0",
    )));
    let seen = running.until_answered(say).await;
    assert!(
        !seen.iter().any(|delivery| delivery.route() == Some(&exit)),
        "an exit is never answered: {seen:?}"
    );
    let alice = Actor::new("Alice");
    let from_the_log: Vec<Committed> = log
        .lock()
        .unwrap()
        .iter()
        .filter(|committed| committed.position.is_some())
        .cloned()
        .collect();
    assert_eq!(
        from_the_log,
        [
            Committed {
                position: Some(Position("1-0".into())),
                connections: vec![ConnectionChange::Entered {
                    address: address(enter),
                    actor: alice.clone(),
                }],
            },
            Committed {
                position: Some(Position("2-0".into())),
                connections: vec![ConnectionChange::Left {
                    address: address(enter),
                    actor: alice,
                }],
            },
        ]
    );
    running.stop().await;
}

#[tokio::test]
async fn an_exit_of_a_connection_not_in_the_game_changes_nothing() {
    let mut running = Running::start().await;
    for connection in [1, 2] {
        let enter = running.send("Alice", connection, Input::Enter);
        running.until_answered(enter).await;
    }
    running.enter("Bob").await;
    // The second connection leaves twice (its instance died and the leader
    // took it out, then its own exit came): only the first counts.
    running.send("Alice", 2, Input::Exit);
    running.send("Alice", 2, Input::Exit);
    running.send("Alice", 7, Input::Exit);
    let look = running.command("Alice", "look");
    let seen = running.until_answered(look).await;
    assert!(
        !texts(&seen).iter().any(|text| text.contains("has left")),
        "Alice is still in the game through her first connection: {seen:?}"
    );
    let answer = seen.iter().find(|delivery| delivery.route() == Some(&look));
    assert!(response_text(answer.unwrap()).contains("Hall"));
    running.stop().await;
}

#[tokio::test]
async fn an_engine_started_with_connections_has_them_in_the_game_unannounced() {
    let character = CharacterRecord {
        name: "Alice".into(),
        location: crate::game::RoomId::new("hall"),
        channels: Default::default(),
        last_seen: None,
        notes: Vec::new(),
    };
    let alices = route(2, 5, 1);
    let saved = Saved {
        records: vec![Record {
            table: Table::Characters,
            key: "alice".into(),
            value: json(&character),
        }],
        connections: vec![(address(alices), Actor::new("Alice"))],
    };
    let (mut running, _) = recording(saved, None).await;
    let bob = running.send("Bob", 1, Input::Enter);
    let seen = running.until_answered(bob).await;
    let heard_by_alice = seen.iter().any(|delivery| {
        matches!(
            delivery,
            Delivery::Event { event, to } if event.text == "Bob has entered the world."
                && to.iter().any(|recipient| recipient.account.as_str() == "alice")
        )
    });
    assert!(heard_by_alice, "Alice is in the hall: {seen:?}");
    let look = request("Alice", Input::Command("look".into()), alices);
    running.inputs.submit(look).unwrap();
    assert!(response_text(&running.answer(alices).await).contains("Bob"));
    // Logging out leaves at once (a dropped link would leave after a grace).
    let exit = request("Alice", Input::Leave, route(2, 5, 2));
    running.inputs.submit(exit).unwrap();
    let look = running.command("Bob", "look");
    let seen = running.until_answered(look).await;
    assert!(
        texts(&seen).contains(&"Alice has left the world.".to_owned()),
        "{seen:?}"
    );
    running.stop().await;
}

#[tokio::test]
async fn a_deposed_engine_stops_at_once_and_tells_nobody() {
    // The first commit is the new game's, the second Alice's entering.
    let (mut running, log) = recording(Saved::default(), Some(3)).await;
    let enter = running.send("Alice", 1, Input::Enter);
    running.until_answered(enter).await;
    running.command("Alice", "take lamp");
    let stopped = tokio::time::timeout(Duration::from_secs(10), &mut running.engine)
        .await
        .expect("the engine stops by itself")
        .unwrap();
    assert!(
        matches!(stopped, Err(EngineError::Deposed(_))),
        "{stopped:?}"
    );
    assert_eq!(log.lock().unwrap().len(), 2, "the take was not committed");
    running.stop.cancel();
    let mut bus = running.bus;
    let mut told = Vec::new();
    while let Some(batch) = bus.next().await {
        told.extend(batch.iter().cloned());
    }
    assert_eq!(told, [], "neither the take nor a goodbye reaches anyone");
    assert!(lamp_place(&running.store).contains("hall"));
}

#[tokio::test]
async fn an_engine_without_goodbye_stops_in_silence() {
    let store = MemoryStore::new();
    let mut publisher = Publisher::new();
    let mut bus = publisher.subscribe();
    let world = Arc::new(World::parse(WORLD, "two-rooms.toml").unwrap());
    let ledger = LocalLedger {
        store: store.clone(),
        bus: publisher,
    };
    let (engine, inputs) = Engine::load(world, store, Box::new(ledger), EPOCH)
        .await
        .unwrap();
    let enter = route(1, 1, 0);
    inputs
        .submit(request("Alice", Input::Enter, enter))
        .unwrap();
    let stop = CancellationToken::new();
    let engine = tokio::spawn(engine.without_goodbye().run(stop.clone()));
    let welcome = bus.next().await.unwrap();
    assert_eq!(welcome[0].route(), Some(&enter));
    stop.cancel();
    engine.await.unwrap().unwrap();
    assert!(bus.next().await.is_none(), "nothing after the stop");
}
