//! The HTTP side of `kilavuz serve`: accepting connections within bounds and answering them.
//!
//! Files come from the current snapshot's in-memory output. HTML responses get the live-reload
//! script appended (the output itself never holds it); `/__kilavuz/events` is a Server-Sent
//! Events stream telling pages to reload, swap stylesheets or show the error overlay.
//!
//! At most [`MAX_CONNECTIONS`] connections are open at once (event streams included); the next
//! one gets a 503 at once, so a flood or many slow clients cannot pile up threads, and each
//! connection is bounded in [`conn`]. When bound to loopback, requests must name a loopback
//! host, so a web page that rebinds its DNS name to 127.0.0.1 cannot read the preview.

use std::io::Write;
use std::net::{SocketAddr, TcpListener, TcpStream};
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;

use super::conn::{self, HeadError, Request};
use super::paths::{self, Lookup};
use super::state::{self, Event, ServeState, Snapshot};
use crate::error::{Error, Result};

const PREFIX: &str = "/__kilavuz/";
const LIVE_JS: &str = include_str!("live.js");
const KEEPALIVE: Duration = Duration::from_secs(15);
/// The most connections served at once.
pub const MAX_CONNECTIONS: usize = 128;

/// A bound HTTP server.
pub struct Server {
    listener: TcpListener,
    loopback: bool,
}

impl Server {
    /// Listens on `addr`.
    pub fn bind(addr: SocketAddr) -> Result<Self> {
        let listener = TcpListener::bind(addr)
            .map_err(|e| Error::Usage(format!("cannot listen on {addr}: {e}")))?;
        Ok(Self {
            listener,
            loopback: addr.ip().is_loopback(),
        })
    }

    /// The address actually bound (the port is chosen by the system for `--port 0`).
    pub fn addr(&self) -> Option<SocketAddr> {
        self.listener.local_addr().ok()
    }

    /// Answers requests forever, one thread per connection, at most [`MAX_CONNECTIONS`].
    pub fn run(self, state: Arc<ServeState>) {
        let open = Arc::new(AtomicUsize::new(0));
        for stream in self.listener.incoming() {
            let Ok(mut stream) = stream else { continue };
            if open.fetch_add(1, Ordering::SeqCst) >= MAX_CONNECTIONS {
                open.fetch_sub(1, Ordering::SeqCst);
                let _ = stream.set_write_timeout(Some(Duration::from_secs(1)));
                let _ = conn::respond(&mut stream, 503, &[("Retry-After", "1")], b"busy\n", false);
                continue;
            }
            let slot = Slot(Arc::clone(&open));
            let state = Arc::clone(&state);
            let loopback = self.loopback;
            std::thread::spawn(move || {
                let _slot = slot;
                serve_connection(stream, &state, loopback);
            });
        }
    }
}

/// One of the [`MAX_CONNECTIONS`], given back when the connection ends.
struct Slot(Arc<AtomicUsize>);

impl Drop for Slot {
    fn drop(&mut self) {
        self.0.fetch_sub(1, Ordering::SeqCst);
    }
}

fn serve_connection(mut stream: TcpStream, state: &ServeState, loopback: bool) {
    let request = match conn::read_head(&mut stream) {
        Ok(request) => request,
        Err(HeadError::Gone) => return,
        Err(HeadError::TooLarge) => {
            text(&mut stream, false, 431, "request too large\n");
            return conn::linger_close(&mut stream);
        }
        Err(HeadError::Malformed) => {
            text(&mut stream, false, 400, "bad request\n");
            return conn::linger_close(&mut stream);
        }
    };
    if loopback && !request.header("Host").is_none_or(is_loopback_host) {
        let message = "forbidden: this preview answers only to localhost\n";
        return text(&mut stream, false, 403, message);
    }
    handle(&request, stream, state);
}

/// Whether a `Host` header names this machine (`localhost`, `127.0.0.1`, `[::1]`, any port).
pub fn is_loopback_host(host: &str) -> bool {
    let name = match host.strip_prefix('[') {
        Some(rest) => rest.split(']').next().unwrap_or_default(),
        None => host.split(':').next().unwrap_or_default(),
    };
    let name = name.to_ascii_lowercase();
    name == "localhost"
        || name.ends_with(".localhost")
        || name
            .parse::<std::net::IpAddr>()
            .is_ok_and(|ip| ip.is_loopback())
}

fn handle(request: &Request, mut stream: TcpStream, state: &ServeState) {
    let stream = &mut stream;
    let head_only = request.method == "HEAD";
    if request.method != "GET" && !head_only {
        return text(stream, false, 405, "method not allowed\n");
    }
    let url = request.target.as_str();
    if let Some(rest) = url.strip_prefix(PREFIX) {
        return match rest.split('?').next().unwrap_or_default() {
            "live.js" => send(
                stream,
                head_only,
                200,
                "text/javascript; charset=utf-8",
                LIVE_JS.as_bytes(),
            ),
            "events" => stream_events(stream, state, since(request, url)),
            _ => text(stream, head_only, 404, "not found\n"),
        };
    }
    let snap = state.current();
    match paths::lookup(&snap.output, &snap.base_path, url) {
        Lookup::File(path) => file(stream, head_only, &snap, &path, 200),
        Lookup::Redirect(to) if conn::is_header_value(&to) => {
            let _ = conn::respond(stream, 302, &[("Location", &to)], b"", head_only);
        }
        Lookup::Redirect(_) => text(stream, head_only, 400, "bad request\n"),
        Lookup::NotFound if snap.output.get("404.html").is_some() => {
            file(stream, head_only, &snap, "404.html", 404);
        }
        Lookup::NotFound => {
            let html = b"<!DOCTYPE html><title>Not found</title><body><p>Not found.</p></body>";
            let body = inject(html, snap.generation);
            send(
                stream,
                head_only,
                404,
                paths::content_type("404.html"),
                &body,
            );
        }
        Lookup::Refused => text(
            stream,
            head_only,
            400,
            "bad request: the path leaves the site\n",
        ),
    }
}

fn file(stream: &mut TcpStream, head_only: bool, snap: &Snapshot, path: &str, status: u16) {
    let bytes = snap.output.get(path).unwrap_or_default();
    let content_type = paths::content_type(path);
    let body = if content_type.starts_with("text/html") {
        inject(bytes, snap.generation)
    } else {
        bytes.to_vec()
    };
    send(stream, head_only, status, content_type, &body);
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
    let from_header = request.header("Last-Event-ID").map(str::to_string);
    let from_query = url
        .split_once("since=")
        .map(|(_, v)| v.split('&').next().unwrap_or_default().to_string());
    from_header
        .or(from_query)
        .and_then(|v| v.trim().parse().ok())
        .unwrap_or(0)
}

fn stream_events(writer: &mut TcpStream, state: &ServeState, since: u64) {
    if writer.set_write_timeout(Some(conn::WRITE_TIMEOUT)).is_err() {
        return;
    }
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

fn text(stream: &mut TcpStream, head_only: bool, status: u16, body: &str) {
    let content_type = "text/plain; charset=utf-8";
    send(stream, head_only, status, content_type, body.as_bytes());
}

fn send(stream: &mut TcpStream, head_only: bool, status: u16, content_type: &str, body: &[u8]) {
    let headers = [
        ("Content-Type", content_type),
        ("Cache-Control", "no-store"),
        ("X-Content-Type-Options", "nosniff"),
    ];
    let _ = conn::respond(stream, status, &headers, body, head_only);
}

#[cfg(test)]
mod tests {
    #[test]
    fn only_loopback_hosts_pass() {
        for host in [
            "localhost",
            "localhost:1111",
            "127.0.0.1:80",
            "[::1]:1111",
            "a.localhost",
        ] {
            assert!(super::is_loopback_host(host), "{host}");
        }
        for host in [
            "evil.example",
            "evil.example:1111",
            "127.0.0.1.evil.example",
            "[::2]",
            "",
        ] {
            assert!(!super::is_loopback_host(host), "{host}");
        }
    }
}
