//! The HTTP side of `kilavuz serve`; the only module that knows tiny_http.
//!
//! Files come from the current snapshot's in-memory output. HTML responses get the live-reload
//! script appended (the output itself never holds it); `/__kilavuz/events` is a Server-Sent
//! Events stream telling pages to reload, swap stylesheets or show the error overlay.

use std::io::Write;
use std::net::SocketAddr;
use std::sync::Arc;
use std::time::Duration;

use tiny_http::{Header, Method, Request, Response};

use super::paths::{self, Lookup};
use super::state::{self, Event, ServeState, Snapshot};
use crate::error::{Error, Result};

const PREFIX: &str = "/__kilavuz/";
const LIVE_JS: &str = include_str!("live.js");
const KEEPALIVE: Duration = Duration::from_secs(15);

/// A bound HTTP server.
pub struct Server {
    inner: tiny_http::Server,
}

impl Server {
    /// Listens on `addr`.
    pub fn bind(addr: SocketAddr) -> Result<Self> {
        let inner = tiny_http::Server::http(addr)
            .map_err(|e| Error::Usage(format!("cannot listen on {addr}: {e}")))?;
        Ok(Self { inner })
    }

    /// The address actually bound (the port is chosen by the system for `--port 0`).
    pub fn addr(&self) -> Option<SocketAddr> {
        self.inner.server_addr().to_ip()
    }

    /// Answers requests forever, one thread per request (event streams stay open).
    pub fn run(self, state: Arc<ServeState>) {
        for request in self.inner.incoming_requests() {
            let state = Arc::clone(&state);
            std::thread::spawn(move || handle(request, &state));
        }
    }
}

fn handle(request: Request, state: &ServeState) {
    if !matches!(request.method(), Method::Get | Method::Head) {
        return text(request, 405, "method not allowed\n");
    }
    let url = request.url().to_string();
    if let Some(rest) = url.strip_prefix(PREFIX) {
        return match rest.split('?').next().unwrap_or_default() {
            "live.js" => send(
                request,
                200,
                "text/javascript; charset=utf-8",
                LIVE_JS.into(),
            ),
            "events" => {
                let since = since(&request, &url);
                stream_events(request, state, since);
            }
            _ => text(request, 404, "not found\n"),
        };
    }
    let snap = state.current();
    match paths::lookup(&snap.output, &snap.base_path, &url) {
        Lookup::File(path) => file(request, &snap, &path, 200),
        Lookup::Redirect(to) => match header("Location", &to) {
            Some(location) => {
                let _ = request.respond(Response::empty(302).with_header(location));
            }
            None => text(request, 400, "bad request\n"),
        },
        Lookup::NotFound if snap.output.get("404.html").is_some() => {
            file(request, &snap, "404.html", 404);
        }
        Lookup::NotFound => {
            let html = b"<!DOCTYPE html><title>Not found</title><body><p>Not found.</p></body>";
            let body = inject(html, snap.generation);
            send(request, 404, paths::content_type("404.html"), body);
        }
        Lookup::Refused => text(request, 400, "bad request: the path leaves the site\n"),
    }
}

fn file(request: Request, snap: &Snapshot, path: &str, status: u16) {
    let bytes = snap.output.get(path).unwrap_or_default();
    let content_type = paths::content_type(path);
    let body = if content_type.starts_with("text/html") {
        inject(bytes, snap.generation)
    } else {
        bytes.to_vec()
    };
    send(request, status, content_type, body);
}

/// Adds the live-reload script before `</body>`, or at the end.
fn inject(html: &[u8], generation: u64) -> Vec<u8> {
    let tag = format!("<script src=\"{PREFIX}live.js\" data-generation=\"{generation}\"></script>");
    let at = html
        .windows(7)
        .rposition(|w| w.eq_ignore_ascii_case(b"</body>"))
        .unwrap_or(html.len());
    let mut out = Vec::with_capacity(html.len() + tag.len());
    out.extend_from_slice(&html[..at]);
    out.extend_from_slice(tag.as_bytes());
    out.extend_from_slice(&html[at..]);
    out
}

/// The generation the browser has seen: `Last-Event-ID` on reconnects, else `?since=`.
fn since(request: &Request, url: &str) -> u64 {
    let from_header = request
        .headers()
        .iter()
        .find(|h| h.field.equiv("Last-Event-ID"))
        .map(|h| h.value.as_str().to_string());
    let from_query = url
        .split_once("since=")
        .map(|(_, v)| v.split('&').next().unwrap_or_default().to_string());
    from_header
        .or(from_query)
        .and_then(|v| v.trim().parse().ok())
        .unwrap_or(0)
}

fn stream_events(request: Request, state: &ServeState, since: u64) {
    let mut writer = request.into_writer();
    let head = "HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\nCache-Control: no-store\r\n\
                Connection: close\r\n\r\nretry: 500\n\n";
    let mut seen = since;
    let mut snap = state.current();
    let mut chunk = head.to_string();
    loop {
        if let Some(event) = snap.event_since(seen) {
            let data = match event {
                Event::Errors => {
                    serde_json::to_string(&state::overlay_html(&snap.errors)).unwrap_or_default()
                }
                _ => snap.generation.to_string(),
            };
            chunk.push_str(&format!(
                "id: {}\nevent: {}\ndata: {data}\n\n",
                snap.generation,
                event.name()
            ));
        }
        seen = snap.generation;
        if writer
            .write_all(chunk.as_bytes())
            .and_then(|()| writer.flush())
            .is_err()
        {
            return;
        }
        chunk.clear();
        match state.wait_newer(seen, KEEPALIVE) {
            Some(newer) => snap = newer,
            None => chunk.push_str(": keep-alive\n\n"),
        }
    }
}

/// A header; `None` when the value is not ASCII.
fn header(name: &str, value: &str) -> Option<Header> {
    Header::from_bytes(name.as_bytes(), value.as_bytes()).ok()
}

fn text(request: Request, status: u16, body: &str) {
    send(request, status, "text/plain; charset=utf-8", body.into());
}

fn send(request: Request, status: u16, content_type: &str, body: Vec<u8>) {
    let mut response = Response::from_data(body)
        .with_status_code(status)
        .with_chunked_threshold(usize::MAX);
    for (name, value) in [
        ("Content-Type", content_type),
        ("Cache-Control", "no-store"),
        ("X-Content-Type-Options", "nosniff"),
    ] {
        response.add_header(header(name, value).expect("fixed ASCII headers"));
    }
    let _ = request.respond(response);
}
