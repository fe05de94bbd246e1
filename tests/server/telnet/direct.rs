//! The telnet listener with the game's real rules behind its gateway, run
//! directly: a stand-in for the engine and the delivery hub, which cannot
//! take telnet inputs yet. It applies each input to a real [`Game`] on the
//! spot and hands the reply and the events to the outlets of the players
//! they are for, the way the hub will; what the tests look at is the
//! telnet transport itself (rendering, GMCP, prompts, slots, endings).
//!
//! When telnet is wired to the engine, these tests move onto the real
//! server unchanged in what they send and expect.

use std::net::SocketAddr;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use hearth::accounts::{Accounts, PasswordHasher};
use hearth::game::{Audience, Game, Input, Reply, SavedState, Time, UserKey, World};
use hearth::store::{RedbStore, Store};
use hearth::transport::outlet::{Outgoing, Outlet};
use hearth::transport::telnet::{GameStopped, Gateway, Player, Services, Telnet, Timeouts};
use tempfile::TempDir;

use crate::support::{PASSWORD, TEST_WORLD};

pub struct DirectServer {
    telnet: Telnet,
    accounts: Arc<Accounts>,
    store: Arc<dyn Store>,
    _data: TempDir,
}

impl DirectServer {
    pub async fn start(timeouts: Timeouts) -> DirectServer {
        let data = TempDir::new().expect("a temporary directory");
        let store: Arc<dyn Store> = Arc::new(RedbStore::open(data.path()).expect("a store"));
        let accounts = Arc::new(Accounts::new(store.clone(), PasswordHasher::new(2, 16)));
        let world = Arc::new(World::parse(TEST_WORLD, "test-keep.toml").expect("the test world"));
        let (game, _) = Game::restore(world.clone(), SavedState::default());
        let services = Services {
            accounts: accounts.clone(),
            world,
            gateway: Arc::new(DirectGame {
                inner: Mutex::new(Inner {
                    game,
                    players: Vec::new(),
                }),
            }),
        };
        let telnet = Telnet::start("127.0.0.1".parse().unwrap(), 0, services, timeouts)
            .await
            .expect("telnet starts");
        DirectServer {
            telnet,
            accounts,
            store,
            _data: data,
        }
    }

    pub fn address(&self) -> SocketAddr {
        self.telnet.address()
    }

    pub async fn account(&self, name: &str) {
        self.accounts
            .register(name, PASSWORD, std::net::Ipv4Addr::LOCALHOST.into())
            .await
            .expect("registered");
    }

    pub async fn stop(self) {
        self.telnet.close("The server is shutting down.").await;
        self.store.close().await.expect("the store closes");
    }
}

/// A test's timeouts: none in the game, a long one at login.
pub fn no_idle() -> Timeouts {
    Timeouts {
        login: Duration::from_secs(60),
        playing: None,
    }
}

struct DirectGame {
    inner: Mutex<Inner>,
}

struct Inner {
    game: Game,
    /// Every connection in the game, as the hub would hold them.
    players: Vec<(UserKey, Arc<dyn Outlet>)>,
}

impl Gateway for DirectGame {
    fn submit(&self, player: &Player, input: Input) -> Result<(), GameStopped> {
        let mut inner = self.inner.lock().unwrap();
        match input {
            Input::Enter => inner
                .players
                .push((player.actor.key.clone(), player.outlet.clone())),
            Input::Exit => inner
                .players
                .retain(|(_, outlet)| !Arc::ptr_eq(outlet, &player.outlet)),
            _ => {}
        }
        let outcome = inner.game.handle(&player.actor, input, Time::now());
        let reply = match &outcome.reply {
            Reply::Nothing => None,
            Reply::Welcome(welcome) => Some(Outgoing::Welcome(welcome)),
            Reply::Response(response) => Some(Outgoing::Response {
                command: "",
                response,
            }),
            Reply::Error(problem) => Some(Outgoing::Error(problem)),
        };
        if let Some(reply) = reply {
            deliver(&player.outlet, reply);
        }
        for event in &outcome.events {
            for (key, outlet) in &inner.players {
                if hears(&inner.game, key, &event.audience) {
                    deliver(outlet, Outgoing::Event(event));
                }
            }
        }
        Ok(())
    }

    fn players_online(&self) -> usize {
        self.inner.lock().unwrap().game.state().online_count()
    }
}

/// As the hub does: a connection that cannot take more is closed.
fn deliver(outlet: &Arc<dyn Outlet>, message: Outgoing<'_>) {
    if outlet.send(message).is_err() {
        outlet.close(None);
    }
}

fn hears(game: &Game, key: &UserKey, audience: &Audience) -> bool {
    let Some(character) = game.state().character(key) else {
        return false;
    };
    match audience {
        Audience::Room { room, except } => &character.location == room && !except.contains(key),
        Audience::User(who) => who == key,
        Audience::Everyone { except } => !except.contains(key),
        Audience::Channel { channel, except } => {
            character.channels.contains(channel) && !except.contains(key)
        }
        Audience::Asker => false,
    }
}
