//! `hearth --redis URL --cluster-name NAME`: instances serving one world.
//! A player on each hears the other, whether on the web or on telnet; an
//! account made on one plays on any; and logging out on one closes its
//! connections on another.

use crate::support::process::HearthProcess;
use crate::support::process::sign_up;
use crate::support::telnet::{EOR, GMCP, TelnetClient};
use crate::support::{Cluster, Instance, PASSWORD, Player, Transport, query};

#[tokio::test]
async fn players_on_two_instances_hear_each_other() {
    let mut cluster = Cluster::start().await;
    let one = cluster.instance();
    let two = cluster.instance();
    cluster.leader(&[&one, &two]).await;

    let alice_token = sign_up(&one.url(), "Alice").await;
    let bob_token = sign_up(&two.url(), "Bob").await;
    let mut alice = Player::connect(&one.url(), "Alice", &alice_token, Transport::WebSocket)
        .await
        .expect("Alice plays on the first instance");
    let mut bob = Player::connect(&two.url(), "Bob", &bob_token, Transport::WebSocket)
        .await
        .expect("Bob plays on the second instance");
    assert_eq!(alice.event("connect").await["from"], "Bob");

    bob.command("say hello from two").await;
    assert_eq!(
        alice.event("say").await["text"],
        "Bob says, \"hello from two\""
    );
    alice.command("say hello from one").await;
    assert_eq!(
        bob.event("say").await["text"],
        "Alice says, \"hello from one\""
    );

    // What one instance's player does, the other's sees as it happens.
    alice.command("north").await;
    assert_eq!(bob.event("leave").await["text"], "Alice leaves north.");
    let look = bob.command_payload("look").await;
    assert_eq!(look["data"]["room"]["players"], serde_json::json!([]));
}

#[tokio::test]
async fn an_account_made_on_one_instance_plays_on_another() {
    let mut cluster = Cluster::start().await;
    let one = cluster.instance();
    let two = cluster.instance();
    cluster.leader(&[&one, &two]).await;

    let token = sign_up(&one.url(), "Carol").await;
    let mut carol = Player::connect(&two.url(), "Carol", &token, Transport::WebSocket)
        .await
        .expect("the session made on the first instance is good on the second");
    carol.command("take iron key").await;
    carol.disconnect().await;

    let mut again = Player::connect(&one.url(), "Carol", &token, Transport::WebSocket)
        .await
        .expect("and back on the first");
    let inventory = again.command("inventory").await;
    assert!(inventory.contains("iron key"), "{inventory}");
}

#[tokio::test]
async fn a_telnet_player_on_one_instance_plays_with_a_web_player_on_another() {
    let mut cluster = Cluster::start().await;
    let one = cluster.instance();
    let two = cluster.instance();
    cluster.leader(&[&one, &two]).await;
    let alice_token = sign_up(&one.url(), "Alice").await;
    sign_up(&two.url(), "Bob").await;
    let mut alice = Player::connect(&one.url(), "Alice", &alice_token, Transport::WebSocket)
        .await
        .expect("Alice plays on the web, on the first instance");

    let mut bob = TelnetClient::connect(two.telnet()).await;
    bob.respond(&[GMCP, EOR]).await;
    bob.expect("Name: ").await;
    bob.log_in("Bob", PASSWORD).await;
    bob.expect("Exits: north, gate.").await;
    assert_eq!(alice.event("connect").await["from"], "Bob");

    alice.command("say hello, telnet").await;
    bob.expect("Alice says, \"hello, telnet\"").await;
    bob.line("say hello, web").await;
    assert_eq!(alice.event("say").await["text"], "Bob says, \"hello, web\"");
}

#[tokio::test]
async fn the_lease_lasts_as_long_as_the_operator_says() {
    let mut cluster = Cluster::start().await;
    let world = cluster.world.clone();
    let (mut command, log) = cluster.command(&world);
    command.args(["--cluster-lease", "8s"]);
    let instance = Instance {
        process: HearthProcess::spawn(command),
        log,
    };
    cluster.leader(&[&instance]).await;
    let keys = hearth::cluster::Keys::new("test").expect("a valid name");
    let connector =
        hearth::cluster::Connector::new(&cluster.redis.url(), hearth::cluster::Timing::default())
            .expect("the URL is valid");
    let mut redis = connector.commands().await.expect("Redis answers");
    let left: i64 = query(&mut redis, redis::cmd("PTTL").arg(keys.lease())).await;
    assert!(
        (5_000..=8_000).contains(&left),
        "the lease has {left} ms left"
    );
}

#[tokio::test]
async fn logging_out_on_one_instance_closes_the_sessions_connection_on_another() {
    let mut cluster = Cluster::start().await;
    let one = cluster.instance();
    let two = cluster.instance();
    cluster.leader(&[&one, &two]).await;
    let token = sign_up(&one.url(), "Dora").await;
    let mut dora = Player::connect(&two.url(), "Dora", &token, Transport::WebSocket)
        .await
        .expect("Dora plays on the second instance");
    assert_eq!(
        dora.event("system").await["text"],
        "Welcome to the Test Keep."
    );
    let response = reqwest::Client::new()
        .post(format!("{}api/logout", one.url()))
        .bearer_auth(&token)
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 204);
    assert_eq!(dora.event("system").await["text"], "You logged out.");
    dora.closed().await;
}
