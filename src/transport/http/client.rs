//! The web client, embedded in the binary: its own files from `assets/`, and
//! under `/vendor/` the socket.io-client bundle that `build.rs` fetched.
//!
//! Debug and release builds embed the same files (`debug-embed`), so what a
//! test sees is what ships. The content security policy lets the page run
//! only its own scripts and styles and talk only to this server, so even a
//! line of game text that slipped into the page as HTML could do nothing.
//! Images may also be `data:` URLs, which run nothing: the page draws the
//! favicon's unread badge on a canvas and sets it as one.

use std::borrow::Cow;

use axum::body::Body;
use axum::http::{HeaderValue, StatusCode, Uri, header};
use axum::response::{IntoResponse, Response};
use rust_embed::RustEmbed;

#[derive(RustEmbed)]
#[folder = "assets/"]
struct ClientFiles;

#[derive(RustEmbed)]
#[folder = "$OUT_DIR/vendor/"]
struct VendorFiles;

const CONTENT_SECURITY_POLICY: &str = "default-src 'self'; img-src 'self' data:; object-src 'none'; base-uri 'none'; \
     form-action 'self'; frame-ancestors 'none'";

pub async fn serve(uri: Uri) -> Response {
    let path = uri.path().trim_start_matches('/');
    let path = if path.is_empty() { "index.html" } else { path };
    let Some(data) = find(path) else {
        return (StatusCode::NOT_FOUND, "not found").into_response();
    };
    let mut response = Response::new(Body::from(data.into_owned()));
    let headers = response.headers_mut();
    let mime = mime_type(path);
    headers.insert(header::CONTENT_TYPE, HeaderValue::from_static(mime));
    headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-cache"));
    headers.insert(
        header::X_CONTENT_TYPE_OPTIONS,
        HeaderValue::from_static("nosniff"),
    );
    headers.insert(
        header::CONTENT_SECURITY_POLICY,
        HeaderValue::from_static(CONTENT_SECURITY_POLICY),
    );
    response
}

fn find(path: &str) -> Option<Cow<'static, [u8]>> {
    match path.strip_prefix("vendor/") {
        Some(vendored) => VendorFiles::get(vendored).map(|file| file.data),
        None => ClientFiles::get(path).map(|file| file.data),
    }
}

fn mime_type(path: &str) -> &'static str {
    match path.rsplit('.').next() {
        Some("html") => "text/html; charset=utf-8",
        Some("js") => "text/javascript; charset=utf-8",
        Some("css") => "text/css; charset=utf-8",
        Some("svg") => "image/svg+xml",
        Some("png") => "image/png",
        Some("ico") => "image/x-icon",
        Some("json") | Some("map") | Some("webmanifest") => "application/json",
        _ => "application/octet-stream",
    }
}
