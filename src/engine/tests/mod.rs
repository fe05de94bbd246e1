//! The engine's promises, tested against the in-memory store: replies and
//! events are published only after their group is saved, in input order,
//! numbered per account; inputs that queue during a save are applied as one
//! group; and a failed save tells nobody anything, forgets what it held and
//! refuses what needs saving until saving works again.

use std::sync::Arc;
use std::time::Duration;

use tokio_util::sync::CancellationToken;

use super::*;
use crate::bus::{ConnectionId, Delivery, NodeId, Publisher, Route, Seq, Subscriber};
use crate::game::{Actor, Input, Response, Rules};
use crate::store::memory::MemoryStore;
use crate::store::records::Table;

mod shared_log;

const WORLD: &str = r#"
[world]
name = "Two Rooms"
start = "hall"
motd = "Welcome."

[[rooms]]
id = "hall"
name = "Hall"
description = "A hall."
exits = { north = "attic" }

[[rooms]]
id = "attic"
name = "Attic"
description = "An attic."
exits = { south = "hall" }

[[items]]
id = "lamp"
name = "lamp"
description = "A lamp."
location = "hall"
"#;

const EPOCH: u64 = 7;

struct Running {
    store: Arc<MemoryStore>,
    inputs: Inputs,
    bus: Subscriber,
    stop: CancellationToken,
    engine: tokio::task::JoinHandle<Result<(), EngineError>>,
    requests: u64,
}

impl Running {
    async fn start() -> Running {
        Running::start_with(Saved::default(), |local| Box::new(local), Rules::default()).await
    }

    /// A game played by `rules` (shorter timers).
    async fn with_rules(rules: Rules) -> Running {
        Running::start_with(Saved::default(), |local| Box::new(local), rules).await
    }

    /// Starts from `saved` with the ledger `wrap` makes of the local one,
    /// playing by `rules`.
    async fn start_with(
        saved: Saved,
        wrap: impl FnOnce(LocalLedger) -> Box<dyn Ledger>,
        rules: Rules,
    ) -> Running {
        Running::start_in(WORLD, MemoryStore::new(), saved, wrap, rules).await
    }

    /// A game of the world file `world` that saves in `store`, started from
    /// `saved` with the ledger `wrap` makes of the local one, playing by `rules`.
    async fn start_in(
        world: &str,
        store: Arc<MemoryStore>,
        saved: Saved,
        wrap: impl FnOnce(LocalLedger) -> Box<dyn Ledger>,
        rules: Rules,
    ) -> Running {
        let mut publisher = Publisher::new();
        let bus = publisher.subscribe();
        let world = Arc::new(World::parse(world, "test.toml").unwrap());
        let ledger = wrap(LocalLedger {
            store: store.clone(),
            bus: publisher,
        });
        let (mut engine, inputs) = Engine::start(world, saved, store.clone(), ledger, EPOCH)
            .await
            .unwrap();
        engine.set_rules(rules);
        let stop = CancellationToken::new();
        let engine = tokio::spawn(engine.run(stop.clone()));
        Running {
            store,
            inputs,
            bus,
            stop,
            engine,
            requests: 0,
        }
    }

    /// Submits `input` for `name` on connection `connection`; returns its route.
    fn send(&mut self, name: &str, connection: u64, input: Input) -> Route {
        self.requests += 1;
        let route = Route {
            node: NodeId(1),
            connection: ConnectionId(connection),
            request: self.requests,
        };
        self.inputs
            .submit(Request {
                actor: Actor::new(name),
                input,
                route: Some(route),
            })
            .unwrap();
        route
    }

    fn command(&mut self, name: &str, line: &str) -> Route {
        self.send(name, 1, Input::Command(line.to_owned()))
    }

    /// The next batch published.
    async fn batch(&mut self) -> Arc<Batch> {
        tokio::time::timeout(Duration::from_secs(10), self.bus.next())
            .await
            .expect("a batch within 10 s")
            .expect("the engine publishes")
    }

    /// Batches until the one answering `route`, all their deliveries in order.
    async fn until_answered(&mut self, route: Route) -> Vec<Delivery> {
        let mut seen = Vec::new();
        for _ in 0..100 {
            let batch = self.batch().await;
            let answered = batch
                .iter()
                .any(|delivery| delivery.route() == Some(&route));
            seen.extend(batch.iter().cloned());
            if answered {
                return seen;
            }
        }
        panic!("{route:?} was never answered");
    }

    async fn answer(&mut self, route: Route) -> Delivery {
        self.until_answered(route)
            .await
            .into_iter()
            .find(|delivery| delivery.route() == Some(&route))
            .unwrap()
    }

    /// Waits until the engine has started a save beyond the `before`th.
    async fn save_started_after(&self, before: usize) {
        for _ in 0..100_000 {
            if self.store.saves_started() > before {
                return;
            }
            tokio::task::yield_now().await;
        }
        panic!("no save started");
    }

    async fn enter(&mut self, name: &str) {
        let route = self.send(name, 1, Input::Enter);
        self.until_answered(route).await;
    }

    /// `name`'s connection drops; returns once the engine has applied it.
    async fn drop_connection(&mut self, name: &str) {
        self.inputs
            .submit(Request {
                actor: Actor::new(name),
                input: Input::Exit,
                route: None,
            })
            .unwrap();
        let barrier = self.send(name, 1, Input::Command("look".into()));
        self.until_answered(barrier).await;
    }

    /// Batches until `name` is heard leaving the world, all their deliveries.
    async fn until_gone(&mut self, name: &str) -> Vec<Delivery> {
        let mut seen = Vec::new();
        for _ in 0..100 {
            let batch = self.batch().await;
            seen.extend(batch.iter().cloned());
            if batch.iter().any(|delivery| left_the_world(delivery, name)) {
                return seen;
            }
        }
        panic!("{name} never left the world");
    }

    async fn stop(self) -> Vec<Delivery> {
        self.stop.cancel();
        let mut bus = self.bus;
        let mut rest = Vec::new();
        while let Some(batch) = bus.next().await {
            rest.extend(batch.iter().cloned());
        }
        self.engine.await.unwrap().unwrap();
        rest
    }
}

fn left_the_world(delivery: &Delivery, name: &str) -> bool {
    matches!(delivery, Delivery::Event { event, .. }
        if event.kind == EventKind::Disconnect && event.from.as_deref() == Some(name))
}

fn response_text(delivery: &Delivery) -> &str {
    match delivery {
        Delivery::Reply { response, .. } => &response.text,
        other => panic!("expected a reply, got {other:?}"),
    }
}

fn lamp_place(store: &MemoryStore) -> String {
    String::from_utf8(store.record(Table::Items, "lamp").unwrap()).unwrap()
}

#[tokio::test]
async fn a_reply_is_published_only_after_its_change_is_saved() {
    let mut running = Running::start().await;
    running.enter("Alice").await;
    let hold = running.store.hold_saves();
    let before = running.store.saves_started();
    let take = running.command("Alice", "take lamp");
    running.save_started_after(before).await;
    assert!(
        tokio::time::timeout(Duration::from_millis(100), running.bus.next())
            .await
            .is_err(),
        "nothing is published while the save is held"
    );
    hold.release();
    let answer = running.answer(take).await;
    assert_eq!(response_text(&answer), "You take the lamp.");
    assert!(lamp_place(&running.store).contains("alice"));
    running.stop().await;
}

#[tokio::test]
async fn inputs_that_queue_during_a_save_are_applied_as_one_group() {
    let mut running = Running::start().await;
    running.enter("Alice").await;
    running.enter("Bob").await;
    let hold = running.store.hold_saves();
    let before = running.store.saves_started();
    let first = running.command("Alice", "take lamp");
    running.save_started_after(before).await;
    let second = running.command("Alice", "north");
    let third = running.command("Bob", "say hello");
    hold.release();
    running.until_answered(first).await;
    let group = running.batch().await;
    let answered: Vec<Route> = group.iter().filter_map(|d| d.route().copied()).collect();
    assert_eq!(answered, [second, third], "one batch answers both");
    running.stop().await;
}

#[tokio::test]
async fn each_players_commands_are_answered_in_the_order_sent() {
    let mut running = Running::start().await;
    running.enter("Alice").await;
    let routes: Vec<Route> = (0..100)
        .map(|n| running.command("Alice", if n % 2 == 0 { "north" } else { "south" }))
        .collect();
    let mut answered = Vec::new();
    while answered.len() < routes.len() {
        let batch = running.batch().await;
        answered.extend(batch.iter().filter_map(|d| match d {
            Delivery::Reply { route, .. } => Some(*route),
            _ => None,
        }));
    }
    assert_eq!(answered, routes);
    running.stop().await;
}

#[tokio::test]
async fn an_accounts_messages_are_numbered_one_by_one_from_the_epoch() {
    let mut running = Running::start().await;
    let base = Seq::base_of_epoch(EPOCH);
    let enter = running.send("Alice", 1, Input::Enter);
    let welcomed = running.until_answered(enter).await;
    assert!(matches!(welcomed[0], Delivery::Welcome { seq, .. } if seq == base));
    // The message of the day, to the entering connection only, is number 1.
    let motd_seq = welcomed.iter().find_map(|delivery| match delivery {
        Delivery::Event { to, .. } => Some(to[0].seq),
        _ => None,
    });
    assert_eq!(motd_seq, Some(base.next()));
    let look = running.command("Alice", "look");
    let Delivery::Reply { seq, .. } = running.answer(look).await else {
        panic!("a reply");
    };
    assert_eq!(seq, base.next().next());
    running.stop().await;
}

#[tokio::test]
async fn a_failed_save_tells_nobody_anything_and_forgets_what_it_did() {
    let mut running = Running::start().await;
    running.enter("Alice").await;
    running.enter("Bob").await;
    running.store.fail_next_saves(1);
    let hold = running.store.hold_saves();
    let before = running.store.saves_started();
    let take = running.command("Alice", "take lamp");
    running.save_started_after(before).await;
    let say = running.command("Bob", "say look, a lamp");
    hold.release();
    let seen = running.until_answered(say).await;
    assert!(
        !seen
            .iter()
            .any(|delivery| matches!(delivery, Delivery::Reply { .. })
                && response_text(delivery).contains("You take")),
        "nobody is told the lamp was taken: {seen:?}"
    );
    assert!(seen.iter().any(|delivery| matches!(
        delivery, Delivery::Refusal { route, error } if *route == take && error == CANNOT_SAVE
    )));
    assert!(lamp_place(&running.store).contains("hall"));
    let look = running.command("Alice", "look");
    assert!(
        response_text(&running.answer(look).await).contains("lamp"),
        "the lamp is back where it was saved"
    );
    running.stop().await;
}

#[tokio::test(start_paused = true)]
async fn while_it_cannot_save_it_refuses_changes_but_not_talk_then_carries_on() {
    let mut running = Running::start().await;
    running.enter("Alice").await;
    running.store.fail_next_saves(1);
    let take = running.command("Alice", "take lamp");
    running.answer(take).await;
    // Careful now: what needs saving is refused without trying.
    let again = running.command("Alice", "take lamp");
    assert!(matches!(
        running.answer(again).await,
        Delivery::Refusal { error, .. } if error == CANNOT_SAVE
    ));
    let say = running.command("Alice", "say still here");
    assert_eq!(
        response_text(&running.answer(say).await),
        "You say, \"still here\""
    );
    let saves = running.store.saves_started();
    tokio::time::advance(RETRY_SAVING_AFTER + Duration::from_secs(1)).await;
    let take = running.command("Alice", "take lamp");
    assert_eq!(
        response_text(&running.answer(take).await),
        "You take the lamp."
    );
    assert!(running.store.saves_started() > saves);
    assert!(lamp_place(&running.store).contains("alice"));
    running.stop().await;
}

#[tokio::test(start_paused = true)]
async fn when_the_saved_game_cannot_be_read_back_it_waits_and_tries_again() {
    let mut running = Running::start().await;
    running.enter("Alice").await;
    running.store.fail_next_saves(1);
    running.store.fail_next_loads(3);
    let take = running.command("Alice", "take lamp");
    assert!(matches!(
        running.answer(take).await,
        Delivery::Refusal { error, .. } if error == CANNOT_SAVE
    ));
    let look = running.command("Alice", "look");
    assert!(
        response_text(&running.answer(look).await).contains("lamp"),
        "read back at last: the lamp is where it was saved"
    );
    assert!(lamp_place(&running.store).contains("hall"));
    running.stop().await;
}

#[tokio::test]
async fn a_stopping_engine_answers_what_it_took_then_says_goodbye_to_everyone() {
    let mut running = Running::start().await;
    running.enter("Alice").await;
    let look = running.command("Alice", "look");
    let inputs = running.inputs.clone();
    let rest = running.stop().await;
    let answered = rest.iter().position(|d| d.route() == Some(&look));
    let goodbye = rest.iter().position(|delivery| {
        matches!(delivery, Delivery::Event { event, .. } if event.text.contains("shutting down"))
    });
    assert!(answered.is_some() && goodbye > answered, "{rest:?}");
    let late = Request {
        actor: Actor::new("Alice"),
        input: Input::Command("look".into()),
        route: None,
    };
    assert!(
        matches!(inputs.submit(late), Err(Stopped(_))),
        "nothing is taken after the stop"
    );
}

#[test]
fn a_response_round_trips_through_json_for_the_cluster() {
    let delivery = Delivery::Reply {
        route: Route {
            node: NodeId(9),
            connection: ConnectionId(3),
            request: 4,
        },
        account: crate::game::UserKey::new("alice"),
        seq: Seq(12),
        command: "look".into(),
        response: Arc::new(Response {
            text: "A hall.".into(),
            view: None,
        }),
    };
    let json = serde_json::to_string(&delivery).unwrap();
    assert_eq!(serde_json::from_str::<Delivery>(&json).unwrap(), delivery);
}

#[tokio::test]
async fn in_a_group_that_could_not_be_saved_talk_still_goes_ahead() {
    let mut running = Running::start().await;
    running.enter("Alice").await;
    running.enter("Bob").await;
    running.store.fail_next_saves(1);
    // Submitted together, the two are one group; its save fails.
    let take = running.command("Alice", "take lamp");
    let say = running.command("Bob", "say hello");
    let seen = running.until_answered(say).await;
    let answer = |route| seen.iter().find(|d| d.route() == Some(&route)).unwrap();
    assert!(matches!(answer(take), Delivery::Refusal { error, .. } if error == CANNOT_SAVE));
    assert_eq!(response_text(answer(say)), "You say, \"hello\"");
    assert!(
        !seen.iter().any(|delivery| matches!(
            delivery, Delivery::Event { event, .. } if event.text.contains("takes")
        )),
        "nobody hears of the take: {seen:?}"
    );
    running.stop().await;
}

/// A grace short enough to wait out in a test.
const SHORT_GRACE: Rules = Rules {
    link_dead_grace: Duration::from_secs(1),
};

#[tokio::test]
async fn a_character_link_dead_before_a_failed_save_stays_so_and_its_grace_still_ends() {
    let mut running = Running::with_rules(SHORT_GRACE).await;
    running.enter("Alice").await;
    running.enter("Bob").await;
    running.drop_connection("Alice").await;
    running.store.fail_next_saves(1);
    let take = running.command("Bob", "take lamp");
    let refused = running.until_answered(take).await;
    assert!(refused.iter().any(|delivery| matches!(
        delivery, Delivery::Refusal { route, error } if *route == take && error == CANNOT_SAVE
    )));
    let seen = running.until_gone("Alice").await;
    let gone = seen.iter().find(|d| left_the_world(d, "Alice")).unwrap();
    let Delivery::Event { to, .. } = gone else {
        unreachable!()
    };
    assert_eq!(to[0].account.as_str(), "bob");
    assert!(seen.iter().any(|delivery| matches!(
        delivery, Delivery::Presence(news) if news.offline == ["Alice"]
    )));
    running.stop().await;
}

#[tokio::test]
async fn a_logout_while_saving_fails_leaves_no_one_behind_and_is_heard_once_it_works() {
    let mut running = Running::with_rules(SHORT_GRACE).await;
    running.enter("Alice").await;
    running.enter("Bob").await;
    running.store.fail_next_saves(1);
    let take = running.command("Bob", "take lamp");
    running.until_answered(take).await;
    running
        .inputs
        .submit(Request {
            actor: Actor::new("Alice"),
            input: Input::Leave,
            route: None,
        })
        .unwrap();
    let who = running.command("Bob", "who");
    let seen = running.until_answered(who).await;
    let answer = seen.iter().find(|d| d.route() == Some(&who)).unwrap();
    assert!(
        response_text(answer).contains("Alice (link-dead)"),
        "{answer:?}"
    );
    let seen = running.until_gone("Alice").await;
    let gone = seen.iter().find(|d| left_the_world(d, "Alice")).unwrap();
    let Delivery::Event { to, .. } = gone else {
        unreachable!()
    };
    assert_eq!(to[0].account.as_str(), "bob");
    running.stop().await;
}

#[tokio::test]
async fn a_return_in_a_group_that_could_not_be_saved_still_counts() {
    let mut running = Running::with_rules(SHORT_GRACE).await;
    running.enter("Alice").await;
    running.enter("Bob").await;
    running.enter("Carol").await;
    running.drop_connection("Alice").await;
    running.store.fail_next_saves(1);
    // Submitted together, the two are one group; its save fails, and the
    // return (which needs no saving) goes ahead when it is played again.
    let back = running.send("Alice", 4, Input::Enter);
    let take = running.command("Bob", "take lamp");
    let seen = running.until_answered(take).await;
    assert!(
        seen.iter()
            .any(|d| matches!(d, Delivery::Welcome { route, .. } if *route == back))
    );
    // Carol drops after Alice came back: had Alice stayed link-dead, her
    // grace would have run out first.
    running.drop_connection("Carol").await;
    let seen = running.until_gone("Carol").await;
    assert!(
        !seen
            .iter()
            .any(|delivery| left_the_world(delivery, "Alice")),
        "{seen:?}"
    );
    running.stop().await;
}

#[tokio::test]
async fn presence_news_of_a_group_is_published_once_with_it() {
    let mut running = Running::start().await;
    let alice = running.send("Alice", 1, Input::Enter);
    let bob = running.send("Bob", 2, Input::Enter);
    let mut seen = running.until_answered(alice).await;
    if !seen.iter().any(|delivery| delivery.route() == Some(&bob)) {
        seen.extend(running.until_answered(bob).await);
    }
    let news: Vec<&crate::game::PresenceNews> = seen
        .iter()
        .filter_map(|delivery| match delivery {
            Delivery::Presence(news) => Some(news.as_ref()),
            _ => None,
        })
        .collect();
    let online: Vec<&str> = news
        .iter()
        .flat_map(|news| news.online.iter().map(String::as_str))
        .collect();
    assert_eq!(online, ["Alice", "Bob"]);
    running.stop().await;
}

/// A hall, and an attic whose door swings shut behind whoever goes up; a
/// cat that tries to walk between the two every second, and so ends up in
/// the attic for good.
const CAT_WORLD: &str = r#"
[world]
name = "The Cat in the Attic"
start = "hall"

[[rooms]]
id = "hall"
name = "Hall"
description = "A hall."
exits = { up = "attic" }

[[rooms]]
id = "attic"
name = "Attic"
description = "An attic."
exits = { down = "hall" }

[[doors]]
id = "attic-door"
name = "attic door"
exits = ["attic:down"]

[[npcs]]
id = "cat"
name = "cat"
description = "A grey cat."
location = "hall"
wander = ["hall", "attic"]
wander_every = "1s"
"#;

#[tokio::test]
async fn what_a_tick_changes_is_saved_and_there_when_the_game_is_opened_again() {
    let store = MemoryStore::new();
    let mut running = Running::start_in(
        CAT_WORLD,
        store.clone(),
        Saved::default(),
        |local| Box::new(local),
        Rules::default(),
    )
    .await;
    running.enter("Alice").await;
    // Alice in the hall hears the cat go, which is published only once saved.
    let mut heard = false;
    for _ in 0..100 {
        let batch = running.batch().await;
        heard = batch.iter().any(|delivery| {
            matches!(delivery, Delivery::Event { event, .. } if event.text == "A cat climbs up.")
        });
        if heard {
            break;
        }
    }
    assert!(heard, "the cat never left the hall");
    let record = String::from_utf8(store.record(Table::Npcs, "cat").expect("saved")).unwrap();
    assert!(record.contains("attic"), "{record}");
    running.stop().await;

    let world = Arc::new(World::parse(CAT_WORLD, "test.toml").unwrap());
    let ledger = Box::new(LocalLedger {
        store: store.clone(),
        bus: Publisher::new(),
    });
    let (engine, _) = Engine::load(world, store.clone(), ledger, EPOCH + 1)
        .await
        .unwrap();
    assert_eq!(
        engine
            .game
            .state()
            .npc_location(&crate::game::NpcId::new("cat")),
        Some(&crate::game::RoomId::new("attic"))
    );
}
