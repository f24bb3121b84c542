//! `kilavuz serve` under hostile and heavy use on 127.0.0.1: oversized and malformed requests,
//! slow clients, a flood of connections, foreign `Host` names (DNS rebinding), more traversal
//! variants, and a load run during rebuilds in which every page comes whole from one build.

// Shared with tests/serve.rs, which uses the rest of it.
#[allow(dead_code)]
#[path = "serve/harness.rs"]
mod harness;

use std::collections::BTreeMap;
use std::io::{Read, Write};
use std::net::TcpStream;
use std::sync::Mutex;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant};

use harness::{Served, serve};

/// Sends raw bytes and returns the status code the server answers with (0: no answer).
fn raw_status(s: &Served, request: &[u8]) -> u16 {
    let mut stream = TcpStream::connect(&s.addr).unwrap();
    stream
        .set_read_timeout(Some(Duration::from_secs(15)))
        .unwrap();
    let _ = stream.write_all(request);
    let mut reply = Vec::new();
    let _ = stream.read_to_end(&mut reply);
    String::from_utf8_lossy(&reply)
        .split(' ')
        .nth(1)
        .and_then(|code| code.parse().ok())
        .unwrap_or(0)
}

#[test]
fn oversized_and_malformed_requests_are_refused() {
    let s = serve("basic");
    let huge = format!(
        "GET /help/ HTTP/1.1\r\nHost: {}\r\nX-Filler: {}\r\n\r\n",
        s.addr,
        "a".repeat(64 * 1024)
    );
    assert_eq!(raw_status(&s, huge.as_bytes()), 431);
    let endless = vec![b'a'; 1024 * 1024];
    assert_eq!(raw_status(&s, &endless), 431, "a head with no end");
    for bad in [
        &b"GET /help/\nHost: x HTTP/1.1\r\n\r\n"[..],
        b"GET /help/ HTTP/1.1\r\nX: a\x01b\r\n\r\n",
        b"\xff\xfe\r\n\r\n",
        b"GET  HTTP/1.1\r\n\r\n",
    ] {
        assert_eq!(raw_status(&s, bad), 400, "{bad:?}");
    }
    assert_eq!(s.get("/help/en-us/guide/").status, 200, "still serving");
}

#[test]
fn foreign_host_names_are_refused_on_loopback() {
    let s = serve("basic");
    for host in ["evil.example", "evil.example:80", "127.0.0.1.nip.io"] {
        let request = format!("GET /help/en-us/guide/ HTTP/1.1\r\nHost: {host}\r\n\r\n");
        assert_eq!(raw_status(&s, request.as_bytes()), 403, "{host}");
    }
    let port = s.addr.rsplit(':').next().unwrap();
    for host in [format!("localhost:{port}"), format!("127.0.0.1:{port}")] {
        let request = format!("GET /help/en-us/guide/ HTTP/1.1\r\nHost: {host}\r\n\r\n");
        assert_eq!(raw_status(&s, request.as_bytes()), 200, "{host}");
    }
}

#[test]
fn more_traversal_variants_never_read_outside_the_output() {
    let s = serve("basic");
    std::fs::write(s.path("secret.txt"), "top secret").unwrap();
    for target in [
        "/help/%252e%252e/secret.txt",
        "/help/%c0%ae%c0%ae/secret.txt",
        "/help/en-us/%2e%2e%2f%2e%2e%2fkilavuz.yaml",
        "/help/.%2e/.%2e/kilavuz.yaml",
        "/help/%2e./kilavuz.yaml",
        "/help/en-us/guide/..;/..;/kilavuz.yaml",
        "http://127.0.0.1/../secret.txt",
        "/help/en-us/%5c..%5c..%5csecret.txt",
        "/help/%u002e%u002e/secret.txt",
        "/help/en-us/media/pic.svg/../../../../secret.txt",
        "*",
    ] {
        let reply = s.get(target);
        assert!(
            matches!(reply.status, 400 | 404),
            "{target}: {}",
            reply.status
        );
        assert!(!reply.text().contains("top secret"), "{target}");
        assert!(!reply.text().contains("default_locale"), "{target}");
    }
}

#[test]
fn slow_clients_and_a_flood_of_connections_do_not_stall_the_server() {
    let s = serve("basic");
    // Clients that send half a request and then nothing.
    let slow: Vec<TcpStream> = (0..20)
        .map(|_| {
            let mut c = TcpStream::connect(&s.addr).unwrap();
            c.write_all(b"GET /help/ HTTP/1.1\r\nHost: loc").unwrap();
            c
        })
        .collect();
    let start = Instant::now();
    assert_eq!(s.get("/help/en-us/guide/").status, 200);
    assert!(
        start.elapsed() < Duration::from_secs(2),
        "{:?}",
        start.elapsed()
    );

    // More idle connections than the server keeps: the surplus is told to come back later.
    let mut idle: Vec<TcpStream> = Vec::new();
    let mut busy = 0;
    for _ in 0..200 {
        let mut c = TcpStream::connect(&s.addr).unwrap();
        c.set_read_timeout(Some(Duration::from_millis(50))).unwrap();
        let mut reply = [0u8; 64];
        match c.read(&mut reply) {
            Ok(n) if n > 0 => {
                assert!(reply.starts_with(b"HTTP/1.1 503"), "{:?}", &reply[..n]);
                busy += 1;
            }
            _ => idle.push(c),
        }
    }
    assert!(busy >= 200 + slow.len() - 128, "busy answers: {busy}");
    drop(idle);
    drop(slow);
    let start = Instant::now();
    loop {
        let reply = s.get("/help/en-us/guide/");
        if reply.status == 200 {
            break;
        }
        assert_eq!(reply.status, 503);
        assert!(
            start.elapsed() < Duration::from_secs(5),
            "slots never freed"
        );
        std::thread::sleep(Duration::from_millis(50));
    }
}

/// What one served page says about the build it came from.
#[derive(Debug, PartialEq, Eq)]
struct Seen {
    generation: u64,
    title: String,
    body: String,
}

fn version_after(text: &str, marker: &str) -> String {
    text.find(marker).map_or_else(String::new, |at| {
        text[at + marker.len()..]
            .chars()
            .take_while(char::is_ascii_digit)
            .collect()
    })
}

/// One GET on a fresh connection: status and body.
fn get(addr: &str, target: &str) -> (u16, String) {
    let mut stream = TcpStream::connect(addr).unwrap();
    let request = format!("GET {target} HTTP/1.1\r\nHost: {addr}\r\n\r\n");
    stream.write_all(request.as_bytes()).unwrap();
    let mut reply = Vec::new();
    stream.read_to_end(&mut reply).unwrap();
    let reply = String::from_utf8(reply).unwrap();
    let (head, body) = reply.split_once("\r\n\r\n").expect("a header block");
    let status = head.split(' ').nth(1).unwrap().parse().unwrap();
    (status, body.to_string())
}

#[test]
fn concurrent_requests_during_rebuilds_get_whole_pages_without_errors() {
    let s = serve("basic");
    let write = |version: u32| {
        let text = format!("---\ntitle: Guide title-v{version}\n---\n# Guide\n\nbody-v{version}\n");
        let tmp = s.path("guide.md.tmp");
        std::fs::write(&tmp, text).unwrap();
        std::fs::rename(tmp, s.path("content/en-US/guide.md")).unwrap();
    };
    let before = s.generation();
    write(0);
    s.wait_past(before);
    let stop = AtomicBool::new(false);
    let seen = Mutex::new(Vec::new());
    std::thread::scope(|scope| {
        for _ in 0..4 {
            scope.spawn(|| {
                while !stop.load(Ordering::SeqCst) {
                    let (status, text) = get(&s.addr, "/help/en-us/guide/");
                    assert_eq!(status, 200, "{text}");
                    assert!(text.trim_end().ends_with("</html>"), "whole page: {text}");
                    let at = text.find("data-generation=\"").unwrap() + 17;
                    seen.lock().unwrap().push(Seen {
                        generation: text[at..].split('"').next().unwrap().parse().unwrap(),
                        title: version_after(&text, "title-v"),
                        body: version_after(&text, "body-v"),
                    });
                }
            });
        }
        for version in 1..=8 {
            let before = s.generation();
            write(version);
            s.wait_past(before);
        }
        stop.store(true, Ordering::SeqCst);
    });
    let seen = seen.into_inner().unwrap();
    eprintln!("{} pages served during 8 rebuilds", seen.len());
    assert!(seen.len() > 50, "only {} requests", seen.len());
    let mut by_generation: BTreeMap<u64, &Seen> = BTreeMap::new();
    for page in &seen {
        assert_eq!(
            page.title, page.body,
            "title and body of one build: {page:?}"
        );
        let first = by_generation.entry(page.generation).or_insert(page);
        assert_eq!(first.body, page.body, "one generation, one version");
    }
    let versions: std::collections::BTreeSet<&str> = seen.iter().map(|p| p.body.as_str()).collect();
    assert!(
        versions.len() >= 5,
        "pages from several builds: {versions:?}"
    );
    assert!(s.get("/help/en-us/guide/").text().contains("body-v8"));
}
