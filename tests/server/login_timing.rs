//! Login timing tells nobody which names exist: refusing an unknown name
//! costs the same password hash as refusing a wrong password.

use std::time::{Duration, Instant};

use serde_json::json;

use crate::support::TestServer;

/// Attempts of each kind. Ten failures lock an account, so the wrong
/// passwords are spread over a few accounts.
const ATTEMPTS: usize = 15;
const ACCOUNTS: usize = 3;
const WARM_UP: usize = 4;

#[tokio::test]
async fn an_unknown_name_takes_as_long_to_refuse_as_a_wrong_password() {
    let server = TestServer::start().await;
    for n in 0..ACCOUNTS {
        assert_eq!(server.register(&format!("Member{n}")).await.status(), 201);
    }
    // The first hashes on each of the server's threads pay for fresh
    // memory; they are not what is measured.
    for warm_up in 0..WARM_UP {
        refusal_time(&server, "Member0").await;
        refusal_time(&server, &format!("Passerby{warm_up}")).await;
    }
    let mut wrong_password = Vec::new();
    let mut unknown_name = Vec::new();
    for attempt in 0..ATTEMPTS {
        let member = format!("Member{}", attempt % ACCOUNTS);
        let stranger = format!("Stranger{attempt}");
        // Alternating which goes first cancels any drift in the machine's speed.
        if attempt % 2 == 0 {
            wrong_password.push(refusal_time(&server, &member).await);
            unknown_name.push(refusal_time(&server, &stranger).await);
        } else {
            unknown_name.push(refusal_time(&server, &stranger).await);
            wrong_password.push(refusal_time(&server, &member).await);
        }
    }
    // The quickest of each kind is the one least disturbed by the other
    // tests running beside it: what the refusal itself costs. An unknown
    // name refused without a hash would be a hundred times quicker.
    let (wrong, unknown) = (quickest(wrong_password), quickest(unknown_name));
    let slower = wrong.max(unknown);
    let difference = wrong.abs_diff(unknown);
    assert!(
        difference <= slower / 5,
        "wrong password {wrong:?}, unknown name {unknown:?}: more than 20% apart"
    );
}

/// How long a login with a wrong password for `name` takes to be refused.
async fn refusal_time(server: &TestServer, name: &str) -> Duration {
    let started = Instant::now();
    let response = server
        .post(
            "/api/login",
            json!({ "username": name, "password": "not the password" }),
        )
        .await;
    let took = started.elapsed();
    assert_eq!(response.status(), 401, "{name}");
    took
}

fn quickest(times: Vec<Duration>) -> Duration {
    times.into_iter().min().expect("at least one attempt")
}
