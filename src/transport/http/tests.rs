//! The HTTP routes driven without a port (axum's `oneshot`): the router as
//! the server builds it, over an in-memory store.

use std::sync::Arc;

use axum::Router;
use axum::body::Body;
use axum::http::{Request, StatusCode, header};
use http_body_util::BodyExt;
use serde_json::{Value, json};
use tokio_util::sync::CancellationToken;
use tower::ServiceExt;

use super::{AppState, Guards, HandshakeLimit, OriginPolicy, router};
use crate::accounts::{Accounts, PasswordHasher};
use crate::bus::NodeId;
use crate::delivery::Hub;
use crate::engine::Stats;
use crate::game::World;
use crate::limits::Limits;
use crate::store::memory::MemoryStore;
use crate::transport::address::AddressPolicy;
use crate::transport::socket;

fn app() -> (Router, CancellationToken) {
    let store = MemoryStore::new();
    let accounts = Arc::new(Accounts::new(store, PasswordHasher::new(1, 8)));
    let hub = Hub::new(NodeId(1), None);
    let (engine_inputs, _queue) = crate::engine::queue();
    let (layer, _io, ()) = socket::layer(
        socket::builder(),
        accounts.clone(),
        engine_inputs,
        hub.clone(),
        &Limits::default(),
    );
    let stopping = CancellationToken::new();
    let state = AppState {
        accounts,
        world: Arc::new(World::builtin()),
        hub,
        stopping: stopping.clone(),
        engine: Arc::new(Stats::default()),
        metrics: None,
    };
    let guards = Guards {
        addresses: AddressPolicy { trust_proxy: false },
        origins: OriginPolicy::new(Vec::new(), Vec::new()),
        handshakes: HandshakeLimit::new(&Limits::default()),
    };
    (router(state, guards, layer), stopping)
}

async fn send(app: &Router, mut request: Request<Body>) -> (StatusCode, header::HeaderMap, Value) {
    // What the listener records for every connection.
    let peer: std::net::SocketAddr = "127.0.0.1:50000".parse().unwrap();
    request
        .extensions_mut()
        .insert(axum::extract::ConnectInfo(peer));
    let response = app.clone().oneshot(request).await.unwrap();
    let status = response.status();
    let headers = response.headers().clone();
    let bytes = response.into_body().collect().await.unwrap().to_bytes();
    let body = serde_json::from_slice(&bytes).unwrap_or(Value::Null);
    (status, headers, body)
}

fn post(path: &str, body: Value) -> Request<Body> {
    Request::post(path)
        .header(header::CONTENT_TYPE, "application/json")
        .body(Body::from(body.to_string()))
        .unwrap()
}

fn credentials() -> Value {
    json!({ "username": "Alice", "password": "correct horse battery" })
}

#[tokio::test]
async fn registering_then_logging_in_hands_out_a_session_cookie() {
    let (app, _) = app();
    let (status, _, body) = send(&app, post("/api/register", credentials())).await;
    assert_eq!(
        (status, body),
        (StatusCode::CREATED, json!({ "username": "Alice" }))
    );
    let (status, headers, body) = send(&app, post("/api/login", credentials())).await;
    assert_eq!(status, StatusCode::OK);
    let token = body["token"].as_str().unwrap();
    let cookie = headers[header::SET_COOKIE].to_str().unwrap();
    assert!(cookie.starts_with(&format!("session={token};")), "{cookie}");
    assert!(cookie.contains("HttpOnly") && cookie.contains("SameSite=Lax"));
}

#[tokio::test]
async fn a_name_taken_is_a_conflict_and_bad_json_a_bad_request() {
    let (app, _) = app();
    send(&app, post("/api/register", credentials())).await;
    let (status, _, body) = send(&app, post("/api/register", credentials())).await;
    assert_eq!(status, StatusCode::CONFLICT);
    assert!(body["error"].is_string());
    let broken = Request::post("/api/login")
        .header(header::CONTENT_TYPE, "application/json")
        .body(Body::from("{not json"))
        .unwrap();
    let (status, _, body) = send(&app, broken).await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert!(body["error"].as_str().unwrap().contains("JSON"));
}

#[tokio::test]
async fn health_is_ok_until_the_server_stops() {
    let (app, stopping) = app();
    let health = || Request::get("/healthz").body(Body::empty()).unwrap();
    let (status, _, body) = send(&app, health()).await;
    assert_eq!(
        (status, body["status"].as_str()),
        (StatusCode::OK, Some("ok"))
    );
    stopping.cancel();
    let (status, _, body) = send(&app, health()).await;
    assert_eq!(status, StatusCode::SERVICE_UNAVAILABLE);
    assert_eq!(body["status"], "shutting_down");
}

#[tokio::test]
async fn the_session_route_says_whose_session_a_cookie_holds() {
    let (app, _) = app();
    send(&app, post("/api/register", credentials())).await;
    let (_, _, login) = send(&app, post("/api/login", credentials())).await;
    let token = login["token"].as_str().unwrap();
    let asking = |cookie: String| {
        Request::get("/api/session")
            .header(header::COOKIE, cookie)
            .body(Body::empty())
            .unwrap()
    };
    let (_, _, body) = send(&app, asking(format!("session={token}"))).await;
    assert_eq!(body, json!({ "username": "Alice" }));
    let (_, _, body) = send(&app, asking("session=made-up".to_owned())).await;
    assert_eq!(body, json!({ "username": null }));
}
