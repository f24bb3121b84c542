//! `kilavuz check --external` against a server on 127.0.0.1 started here (never the network):
//! a page links to URLs that answer 200, 404, redirect, refuse HEAD or never answer in time.
//! Broken ones are reported at every place that writes them; each URL is asked once; without
//! `--external` no request is made.

use std::collections::BTreeMap;
use std::path::Path;
use std::process::Command;
use std::sync::{Arc, Mutex};
use std::time::Duration;

/// Requests seen by the server: (method, path, user agent).
type Seen = Arc<Mutex<Vec<(String, String, String)>>>;

fn serve() -> (String, Seen) {
    let server = tiny_http::Server::http("127.0.0.1:0").unwrap();
    let origin = format!("http://{}", server.server_addr().to_ip().unwrap());
    let seen: Seen = Arc::default();
    let log = seen.clone();
    std::thread::spawn(move || {
        for request in server.incoming_requests() {
            let log = log.clone();
            std::thread::spawn(move || answer(request, &log));
        }
    });
    (origin, seen)
}

fn answer(request: tiny_http::Request, log: &Seen) {
    let method = request.method().to_string();
    let path = request.url().to_string();
    let agent = request
        .headers()
        .iter()
        .find(|h| h.field.equiv("User-Agent"))
        .map(|h| h.value.to_string())
        .unwrap_or_default();
    log.lock()
        .unwrap()
        .push((method.clone(), path.clone(), agent));
    let redirect = |to: &str| {
        tiny_http::Response::empty(301)
            .with_header(tiny_http::Header::from_bytes("Location", to).unwrap())
    };
    let response = match path.as_str() {
        "/ok" => tiny_http::Response::empty(200),
        "/moved" => redirect("/ok"),
        "/moved-away" => redirect("/missing"),
        "/no-head" if method == "HEAD" => tiny_http::Response::empty(405),
        "/no-head" => tiny_http::Response::empty(200),
        "/slow" => {
            std::thread::sleep(Duration::from_secs(3));
            tiny_http::Response::empty(200)
        }
        _ => tiny_http::Response::empty(404),
    };
    let _ = request.respond(response);
}

fn site(origin: &str) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let fixture = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/external");
    std::fs::create_dir_all(dir.path().join("content/en-US")).unwrap();
    for rel in ["kilavuz.yaml", "content/en-US/index.md"] {
        let text = std::fs::read_to_string(fixture.join(rel)).unwrap();
        std::fs::write(dir.path().join(rel), text.replace("ORIGIN", origin)).unwrap();
    }
    dir
}

fn check(site: &Path, extra: &[&str]) -> (Option<i32>, serde_json::Value) {
    let out = Command::new(env!("CARGO_BIN_EXE_kilavuz"))
        .arg("check")
        .arg(site)
        .args(["--format", "json"])
        .args(extra)
        .output()
        .unwrap();
    let doc = serde_json::from_str(&String::from_utf8_lossy(&out.stdout)).unwrap();
    (out.status.code(), doc)
}

#[test]
fn broken_external_links_are_reported_where_they_are_written() {
    let (origin, seen) = serve();
    let dir = site(&origin);
    let (code, doc) = check(dir.path(), &["--external", "--external-timeout", "1"]);
    assert_eq!(code, Some(1), "check treats the warnings as errors: {doc}");
    let mut found: BTreeMap<String, Vec<u64>> = BTreeMap::new();
    for d in doc["diagnostics"].as_array().unwrap() {
        assert_eq!(d["code"], "links.external_broken", "{d}");
        assert_eq!(d["file"], "content/en-US/index.md");
        let url = d["message"].as_str().unwrap().split('`').nth(1).unwrap();
        let path = url.strip_prefix(&origin).unwrap().to_string();
        found
            .entry(path)
            .or_default()
            .push(d["line"].as_u64().unwrap());
    }
    let expected: BTreeMap<String, Vec<u64>> = [
        ("/missing".to_string(), vec![8, 13]),
        ("/moved-away".to_string(), vec![9]),
        ("/slow".to_string(), vec![10]),
    ]
    .into();
    assert_eq!(found, expected, "{doc}");
    let messages = doc["diagnostics"].to_string();
    assert!(
        messages.contains("HTTP 404") && messages.contains("timeout"),
        "{messages}"
    );

    let seen = seen.lock().unwrap();
    let asked = |method: &str, path: &str| {
        seen.iter()
            .filter(|(m, p, _)| m == method && p == path)
            .count()
    };
    assert_eq!(asked("HEAD", "/ok"), 2, "once for /ok, once after /moved");
    assert_eq!(asked("GET", "/ok"), 0, "HEAD was enough");
    assert_eq!(
        asked("HEAD", "/missing"),
        2,
        "once itself, once after /moved-away"
    );
    assert_eq!(asked("GET", "/no-head"), 1, "GET after the refused HEAD");
    assert!(
        seen.iter()
            .all(|(_, _, agent)| agent.starts_with("kilavuz/")),
        "{seen:?}"
    );
}

#[test]
fn without_external_no_request_is_made() {
    let (origin, seen) = serve();
    let dir = site(&origin);
    let (code, doc) = check(dir.path(), &[]);
    assert_eq!(code, Some(0), "{doc}");
    assert!(seen.lock().unwrap().is_empty());
}
