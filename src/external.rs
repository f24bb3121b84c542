//! `kilavuz check --external`: a bounded, polite checker of the http(s) links articles write.
//!
//! The one module that knows the HTTP client (ureq, with rustls). Each URL is asked once per
//! run however many pages use it (HEAD, then GET when the server refuses HEAD); one host is
//! asked one URL at a time, and at most [`WORKERS`] hosts at once; every request has a timeout
//! and says who is asking. A broken URL becomes a `links.external_broken` warning at every
//! place that writes it.

use std::collections::BTreeMap;
use std::sync::Mutex;
use std::time::Duration;

use crate::diagnostics::Diagnostic;
use crate::site::links::ExternalLink;

/// Hosts checked at the same time (each host sees one request at a time).
pub const WORKERS: usize = 6;

/// Sent with every request so site owners can tell what is knocking.
pub const USER_AGENT: &str = concat!(
    "kilavuz/",
    env!("CARGO_PKG_VERSION"),
    " (documentation link checker)"
);

/// Checks every distinct URL in `links`; returns a warning for each use of a broken one.
pub fn check(links: &[ExternalLink], timeout: Duration) -> Vec<Diagnostic> {
    let mut uses: BTreeMap<&str, Vec<&ExternalLink>> = BTreeMap::new();
    for link in links {
        uses.entry(link.url.as_str()).or_default().push(link);
    }
    let mut by_host: BTreeMap<&str, Vec<&str>> = BTreeMap::new();
    for url in uses.keys() {
        by_host.entry(host(url)).or_default().push(url);
    }
    let queue = Mutex::new(by_host.into_values().collect::<Vec<_>>());
    let problems = Mutex::new(BTreeMap::new());
    let agent: ureq::Agent = ureq::Agent::config_builder()
        .timeout_global(Some(timeout))
        .http_status_as_error(false)
        .max_redirects(5)
        .user_agent(USER_AGENT)
        .build()
        .into();
    std::thread::scope(|scope| {
        for _ in 0..WORKERS.min(uses.len()) {
            scope.spawn(|| {
                while let Some(urls) = queue.lock().map(|mut q| q.pop()).ok().flatten() {
                    for url in urls {
                        if let Err(problem) = probe(&agent, url) {
                            problems
                                .lock()
                                .expect("no worker panics")
                                .insert(url, problem);
                        }
                    }
                }
            });
        }
    });
    let problems = problems.into_inner().expect("no worker panics");
    problems
        .iter()
        .flat_map(|(url, problem)| {
            uses[url].iter().map(move |link| {
                Diagnostic::warning(
                    "links.external_broken",
                    &link.file,
                    format!("`{url}`: {problem}"),
                )
                .at(link.line, link.col)
                .hint("fix or remove the link; `kilavuz check --external` asks each URL once")
            })
        })
        .collect()
}

/// `Ok` when the URL answers with a success after redirects; otherwise what went wrong.
fn probe(agent: &ureq::Agent, url: &str) -> Result<(), String> {
    let status = match agent.head(url).call() {
        Ok(response) if !refuses_head(response.status().as_u16()) => response.status().as_u16(),
        Ok(_) => get(agent, url)?,
        Err(ureq::Error::Timeout(_)) => return Err("no answer within the timeout".to_string()),
        Err(_) => get(agent, url)?,
    };
    if status < 400 {
        Ok(())
    } else {
        Err(format!("HTTP {status}"))
    }
}

fn get(agent: &ureq::Agent, url: &str) -> Result<u16, String> {
    match agent.get(url).call() {
        Ok(response) => Ok(response.status().as_u16()),
        Err(ureq::Error::Timeout(_)) => Err("no answer within the timeout".to_string()),
        Err(e) => Err(e.to_string()),
    }
}

/// Statuses some servers give HEAD but not GET.
fn refuses_head(status: u16) -> bool {
    matches!(status, 403 | 405 | 501)
}

/// The `host:port` part of an http(s) URL.
fn host(url: &str) -> &str {
    let rest = url.split_once("://").map_or(url, |(_, r)| r);
    rest.split(['/', '?', '#']).next().unwrap_or(rest)
}
