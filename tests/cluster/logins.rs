//! Failed logins counted across the cluster: every instance counts into the
//! same windows in Redis, so guessing through two instances is no faster
//! than through one, and nobody is let in uncounted while Redis is down.

use reqwest::StatusCode;

use crate::support::process::sign_up;
use crate::support::{Cluster, Instance, PASSWORD, within};

/// A login at `instance` that says it comes from `from` (the instances
/// trust the proxy's `X-Forwarded-For`); its status and `Retry-After`.
async fn login(
    instance: &Instance,
    name: &str,
    password: &str,
    from: &str,
) -> (StatusCode, Option<String>) {
    let response = reqwest::Client::new()
        .post(format!("{}api/login", instance.url()))
        .header("X-Forwarded-For", from)
        .json(&serde_json::json!({ "username": name, "password": password }))
        .send()
        .await
        .expect("the instance answers");
    let retry_after = response
        .headers()
        .get("retry-after")
        .map(|value| value.to_str().unwrap().to_owned());
    (response.status(), retry_after)
}

/// `times` wrong passwords for Bob from `from`, taking turns at `one` and
/// `two`; each is refused as wrong.
async fn guess_wrong(one: &Instance, two: &Instance, times: usize, from: &str) {
    for guess in 0..times {
        let instance = if guess % 2 == 0 { one } else { two };
        let (status, _) = login(instance, "Bob", "wrong guess!", from).await;
        assert_eq!(status, StatusCode::UNAUTHORIZED, "guess {guess}");
    }
}

/// Two instances behind a trusted proxy, with Bob registered.
async fn two_instances() -> (Cluster, Instance, Instance) {
    let mut cluster = Cluster::start().await;
    let one = cluster.instance_with(&["--trust-proxy"]);
    let two = cluster.instance_with(&["--trust-proxy"]);
    cluster.leader(&[&one, &two]).await;
    sign_up(&one.url(), "Bob").await;
    (cluster, one, two)
}

#[tokio::test]
async fn ten_failed_guesses_over_two_instances_lock_the_account_from_that_address_on_both() {
    let (_cluster, one, two) = two_instances().await;
    let guesser = "203.0.113.7";
    guess_wrong(&one, &two, 10, guesser).await;
    for instance in [&one, &two] {
        let (status, retry_after) = login(instance, "Bob", PASSWORD, guesser).await;
        assert_eq!(status, StatusCode::TOO_MANY_REQUESTS);
        let wait: u64 = retry_after.expect("a Retry-After").parse().unwrap();
        assert!((1..=15 * 60).contains(&wait), "{wait}");
    }
    for instance in [&one, &two] {
        let (status, _) = login(instance, "Bob", PASSWORD, "198.51.100.1").await;
        assert_eq!(status, StatusCode::OK, "the owner logs in from home");
    }
}

#[tokio::test]
async fn a_successful_login_gives_its_place_back_on_every_instance() {
    let (_cluster, one, two) = two_instances().await;
    let from = "203.0.113.8";
    guess_wrong(&one, &two, 9, from).await;
    // Nine failures from the address; a success that kept its place would
    // fill its window of ten, and refuse the next login.
    for instance in [&one, &two] {
        let (status, _) = login(instance, "Bob", PASSWORD, from).await;
        assert_eq!(status, StatusCode::OK);
    }
    let (status, _) = login(&two, "Bob", "wrong guess!", from).await;
    assert_eq!(status, StatusCode::UNAUTHORIZED, "the tenth failure");
    let (status, _) = login(&one, "Bob", PASSWORD, from).await;
    assert_eq!(
        status,
        StatusCode::TOO_MANY_REQUESTS,
        "the address's window is full now, on the other instance too"
    );
}

#[tokio::test]
async fn while_redis_is_down_a_login_is_refused_with_503_and_retry_after() {
    let (mut cluster, one, _two) = two_instances().await;
    cluster.redis.kill();
    let (status, retry_after) = login(&one, "Bob", PASSWORD, "198.51.100.2").await;
    assert_eq!(status, StatusCode::SERVICE_UNAVAILABLE);
    assert_eq!(retry_after.as_deref(), Some("5"));

    cluster.redis.restart().await;
    within("a login once Redis is back", async {
        while login(&one, "Bob", PASSWORD, "198.51.100.2").await.0 != StatusCode::OK {
            tokio::time::sleep(std::time::Duration::from_millis(100)).await;
        }
    })
    .await;
}
