//! `kilavuz serve` over real HTTP on 127.0.0.1: status codes, content types, the 404 page, the
//! base path, refused traversal attempts, the error stream, and served bytes equal to a fresh
//! `kilavuz build` after a sequence of edits.

#[path = "serve/harness.rs"]
mod harness;

use std::io::{Read, Write};
use std::net::TcpStream;
use std::process::Command;
use std::time::Duration;

use harness::{
    BIN, LIVE_TAG_START, Served, serve, serve_prepared, serve_with, walk, without_live_script,
};

#[test]
fn files_come_with_their_status_and_content_type() {
    let s = serve("basic");
    let home = s.get("/help/en-us/guide/");
    assert_eq!(home.status, 200);
    assert_eq!(
        home.header("content-type"),
        Some("text/html; charset=utf-8")
    );
    assert!(home.text().contains("The original guide text."));
    assert!(
        home.text().contains(LIVE_TAG_START),
        "HTML gets the reload script"
    );
    for (target, content_type) in [
        ("/help/", "text/html; charset=utf-8"),
        ("/help/css/kilavuz.css", "text/css; charset=utf-8"),
        ("/help/js/kilavuz.js", "text/javascript; charset=utf-8"),
        ("/help/sitemap.xml", "application/xml"),
        ("/help/robots.txt", "text/plain; charset=utf-8"),
        ("/help/en-us/media/pic.svg", "image/svg+xml"),
        ("/help/extra.css", "text/css; charset=utf-8"),
        ("/__kilavuz/live.js", "text/javascript; charset=utf-8"),
    ] {
        let reply = s.get(target);
        assert_eq!(reply.status, 200, "{target}");
        assert_eq!(reply.header("content-type"), Some(content_type), "{target}");
    }
    let css = s.get("/help/css/kilavuz.css");
    assert!(
        !css.text().contains(LIVE_TAG_START),
        "only HTML gets the script"
    );
    assert_eq!(s.request("HEAD", "/help/en-us/").status, 200);
    assert_eq!(s.request("POST", "/help/en-us/").status, 405);
}

#[test]
fn folders_redirect_to_their_slash_and_the_root_to_the_base_path() {
    let s = serve("basic");
    for (target, location) in [
        ("/help/en-us/guide", "/help/en-us/guide/"),
        ("/", "/help/"),
        ("/help", "/help/"),
    ] {
        let reply = s.get(target);
        assert_eq!(reply.status, 302, "{target}");
        assert_eq!(reply.header("location"), Some(location), "{target}");
    }
}

#[test]
fn missing_pages_get_the_sites_404_page() {
    let s = serve("basic");
    let page_404 = s.get("/help/404.html");
    for target in [
        "/help/en-us/nothing-here/",
        "/help/missing.css",
        "/en-us/guide/",
    ] {
        let reply = s.get(target);
        assert_eq!(reply.status, 404, "{target}");
        assert_eq!(
            reply.header("content-type"),
            Some("text/html; charset=utf-8")
        );
        assert_eq!(reply.body, page_404.body, "{target} shows 404.html");
    }
    assert!(page_404.text().contains("class=\"not-found\""));
}

#[test]
fn paths_that_leave_the_output_are_refused() {
    let s = serve("basic");
    std::fs::write(s.path("secret.txt"), "top secret").unwrap();
    for target in [
        "/help/../secret.txt",
        "/help/%2e%2e/secret.txt",
        "/help/%2E%2E%2Fsecret.txt",
        "/help/en-us/%2e%2e/%2e%2e/kilavuz.yaml",
        "/help/..%5c..%5ckilavuz.yaml",
        "/help/en-us\\..\\..\\kilavuz.yaml",
        "/help/%00",
        "/help/index.html%00.css",
        "//etc/passwd",
        "/help//etc/passwd",
        "/C:/Windows/win.ini",
        "/help/C:/Windows/win.ini",
        "/help/./index.html",
    ] {
        let reply = s.get(target);
        assert_eq!(reply.status, 400, "{target}");
        assert!(!reply.text().contains("top secret"));
        assert!(!reply.text().contains("default_locale"));
    }
}

#[test]
fn a_failed_rebuild_keeps_the_last_good_build_and_streams_escaped_errors() {
    let s = serve("basic");
    let good = s.generation();
    let config = std::fs::read_to_string(s.path("kilavuz.yaml")).unwrap();
    std::fs::write(
        s.path("kilavuz.yaml"),
        format!("{config}\"<img src=x onerror=alert(1)>\": 1\n"),
    )
    .unwrap();
    s.wait_past(good);
    s.wait_log("build failed");
    let page = s.get("/help/en-us/guide/");
    assert_eq!(page.status, 200);
    assert!(
        page.text().contains("The original guide text."),
        "last good build"
    );

    let events = read_events(&s, good, "event: errors");
    assert!(
        events.contains("Content-Type: text/event-stream"),
        "{events}"
    );
    assert!(
        events.contains("<code>kilavuz.yaml:"),
        "file:line in the overlay: {events}"
    );
    assert!(
        events.contains("&lt;img src=x onerror=alert(1)&gt;"),
        "{events}"
    );
    assert!(!events.contains("<img"), "site text is escaped: {events}");

    let failed = s.generation();
    s.edit("kilavuz.yaml", &config);
    assert!(s.generation() > failed);
    assert!(
        s.get("/help/en-us/guide/")
            .text()
            .contains("The original guide text.")
    );
    let events = read_events(&s, failed, "event: ");
    assert!(
        events.contains("event: clear"),
        "same output as before: {events}"
    );
}

/// Reads the event stream of a page at `since` until `until` has arrived in full.
fn read_events(s: &Served, since: u64, until: &str) -> String {
    let mut stream = TcpStream::connect(&s.addr).unwrap();
    let req = format!(
        "GET /__kilavuz/events?since={since} HTTP/1.1\r\nHost: {}\r\n\r\n",
        s.addr
    );
    stream.write_all(req.as_bytes()).unwrap();
    stream
        .set_read_timeout(Some(Duration::from_secs(10)))
        .unwrap();
    let mut seen = String::new();
    let mut buf = [0; 4096];
    while !seen
        .find(until)
        .is_some_and(|at| seen[at..].contains("\n\n"))
    {
        let n = stream.read(&mut buf).unwrap();
        assert!(n > 0, "stream closed: {seen}");
        seen.push_str(&String::from_utf8_lossy(&buf[..n]));
    }
    seen
}

#[test]
fn served_files_equal_a_fresh_build_after_edits() {
    let s = serve("basic");
    s.edit(
        "content/en-US/guide.md",
        "---\ntitle: Guide\n---\n# Guide\n\nThe edited guide text, see [new](new.md).\n",
    );
    s.edit(
        "content/en-US/new.md",
        "---\ntitle: New page\n---\n# New page\n\nJust added.\n",
    );
    s.edit("static/extra.css", ".extra { color: purple; }\n");
    s.edit("static/added.css", ".added { color: red; }\n");
    s.edit(
        "templates/404.html",
        "{% extends \"base.html\" %}{% block main %}<p>Custom missing page</p>{% endblock %}\n",
    );
    let config = std::fs::read_to_string(s.path("kilavuz.yaml")).unwrap();
    s.edit(
        "kilavuz.yaml",
        &config.replace("Serve Fixture", "Renamed Fixture"),
    );
    let before = s.generation();
    std::fs::remove_file(s.path("content/en-US/old.md")).unwrap();
    s.wait_past(before);
    s.edit("content/en-US/guide.md", "---\ntitle: [broken\n---\n");
    s.edit(
        "content/en-US/guide.md",
        "---\ntitle: Guide\n---\n# Guide\n\nFinal text, see [new](new.md).\n",
    );

    let out = tempfile::tempdir().unwrap();
    let status = Command::new(BIN)
        .arg("build")
        .arg(s.site.path())
        .arg("--out")
        .arg(out.path().join("public"))
        .arg("--base-url")
        .arg(format!("http://{}/help/", s.addr))
        .status()
        .unwrap();
    assert!(status.success());
    let mut compared = 0;
    for entry in walk(&out.path().join("public")) {
        let rel = entry.strip_prefix(out.path().join("public")).unwrap();
        let rel = rel.to_str().unwrap().replace('\\', "/");
        let reply = s.get(&format!("/help/{rel}"));
        if rel == "kilavuz-manifest.json" {
            // The manifest is for uploads; a preview leaves it out.
            assert_eq!(reply.status, 404, "{rel}");
            continue;
        }
        assert_eq!(reply.status, 200, "{rel}");
        let built = std::fs::read(&entry).unwrap();
        assert!(
            without_live_script(&reply.body) == built,
            "{rel} differs from a fresh build"
        );
        compared += 1;
    }
    assert!(compared >= 14, "compared {compared} files");
    assert_eq!(
        s.get("/help/en-us/old/").status,
        404,
        "a removed page is gone"
    );
    let guide = s.get("/help/en-us/guide/").text();
    assert!(guide.contains("Final text"));
    assert!(
        s.get("/help/en-us/old/")
            .text()
            .contains("Custom missing page")
    );
    assert!(s.get("/help/en-us/").text().contains("Renamed Fixture"));
}

/// Synonyms live in kilavuz.yaml, not in any page: saving new ones must still reach the
/// locale's `meta.json`, which a rebuild that reuses the unchanged pages' index could keep.
#[test]
fn saved_synonyms_reach_the_search_index() {
    let s = serve("basic");
    let meta = |s: &Served| -> serde_json::Value {
        serde_json::from_slice(&s.get("/help/en-us/_search/meta.json").body).unwrap()
    };
    assert!(meta(&s).get("y").is_none());
    let config = std::fs::read_to_string(s.path("kilavuz.yaml")).unwrap();
    s.edit(
        "kilavuz.yaml",
        &format!("{config}search:\n  synonyms:\n    en-US: [[Guide, handbook]]\n"),
    );
    assert_eq!(
        meta(&s)["y"],
        serde_json::json!({"guide": ["handbook"], "handbook": ["guide"]})
    );
    let tr: serde_json::Value =
        serde_json::from_slice(&s.get("/help/tr-tr/_search/meta.json").body).unwrap();
    assert!(tr.get("y").is_none(), "{tr}");
    s.edit("kilavuz.yaml", &config);
    assert!(meta(&s).get("y").is_none());
}

#[test]
fn polling_sees_two_saves_within_one_second() {
    let s = serve_with("basic", &["--poll"]);
    s.edit(
        "content/en-US/guide.md",
        "---\ntitle: Guide\n---\n# Guide\n\nFirst save.\n",
    );
    s.edit(
        "content/en-US/guide.md",
        "---\ntitle: Guide\n---\n# Guide\n\nSecond save.\n",
    );
    assert!(s.get("/help/en-us/guide/").text().contains("Second save."));
}

#[test]
fn a_file_saved_during_a_rebuild_is_picked_up_by_the_next_one() {
    // Enough pages that a full rebuild takes a while: the save below lands while it runs.
    let s = serve_prepared("basic", &[], |root| {
        for n in 0..600 {
            let body = "Filler text for a slower build, with a [link](guide.md).\n\n".repeat(20);
            std::fs::write(
                root.join(format!("content/en-US/filler-{n}.md")),
                format!("---\ntitle: Filler {n}\n---\n# Filler {n}\n\n{body}"),
            )
            .unwrap();
        }
    });
    let config = std::fs::read_to_string(s.path("kilavuz.yaml")).unwrap();
    std::fs::write(
        s.path("kilavuz.yaml"),
        config.replace("Serve Fixture", "Renamed Fixture"),
    )
    .unwrap();
    s.wait_log("kilavuz.yaml: rebuilding");
    let guide = "---\ntitle: Guide\n---\n# Guide\n\nSaved while the site was rebuilding.\n";
    std::fs::write(s.path("content/en-US/guide.md"), guide).unwrap();
    let so_far = s.log_so_far();
    assert!(
        !so_far.iter().any(|l| l.starts_with("built in")),
        "the rebuild ended before the save, so this test proves nothing here: {so_far:?}"
    );

    let first = s.wait_log("built in");
    assert!(first.contains("after kilavuz.yaml"), "{first}");
    s.wait_log("content/en-US/guide.md: rebuilding");
    s.wait_log("built in");
    assert!(
        s.get("/help/en-us/guide/")
            .text()
            .contains("Saved while the site was rebuilding.")
    );
    assert!(s.get("/help/en-us/").text().contains("Renamed Fixture"));
}
