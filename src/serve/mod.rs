//! `kilavuz serve`: a live-reload preview server for writers.
//!
//! The site is built into memory with the same `crate::site::build` as `kilavuz build` and
//! served from there ([`http`]); file changes ([`watch`]) become a typed change set
//! ([`changes`]) whose widest kind picks the rebuild ([`session`]). A failed rebuild keeps the
//! last good build online and shows its diagnostics in every open page ([`state`]).

pub mod changes;
pub mod conn;
pub mod http;
pub mod paths;
pub mod session;
pub mod state;
pub mod watch;

use std::net::{IpAddr, Ipv4Addr, Ipv6Addr, SocketAddr};
use std::path::PathBuf;
use std::sync::Arc;
use std::time::Instant;

use crate::error::{Error, Result};
use crate::site::BuildOptions;
use session::Session;
use state::ServeState;

/// What `kilavuz serve` was asked for.
#[derive(Debug, Clone)]
pub struct ServeOptions {
    /// The site root.
    pub root: PathBuf,
    /// The address to listen on.
    pub bind: IpAddr,
    /// The port; 0 lets the system choose.
    pub port: u16,
    /// Find changes by polling only.
    pub poll: bool,
    /// Open the site in the default browser.
    pub open: bool,
    /// Include `draft: true` articles.
    pub drafts: bool,
}

/// Serves the site until the process is stopped; returns only on a startup or watcher failure.
pub fn run(options: &ServeOptions) -> Result<()> {
    let root = crate::fs::canonicalize(&options.root)?;
    if !root.join(crate::config::FILE_NAME).is_file() {
        return Err(Error::Usage(format!(
            "{} has no {}: pass a site root",
            root.display(),
            crate::config::FILE_NAME
        )));
    }
    if !options.bind.is_loopback() {
        eprintln!(
            "warning: listening on {}: anyone who can reach this machine can read the site",
            options.bind
        );
    }
    let server = http::Server::bind(SocketAddr::new(options.bind, options.port))?;
    let addr = server
        .addr()
        .ok_or_else(|| Error::Usage("the server has no IP address".to_string()))?;
    let origin = format!("http://{}", local(addr));
    let build_options = BuildOptions {
        drafts: options.drafts,
        incremental: true,
        ..BuildOptions::default()
    };
    let mut session = Session::new(root.clone(), origin.clone(), build_options);
    let state = Arc::new(ServeState::default());

    let started = Instant::now();
    let configured = session.reload_config();
    // Watch before the first build, so that an edit made while it runs is not lost.
    let mut watcher = watch::Watcher::start(session.layout(), options.poll)?;
    let outcome = configured.and_then(|()| session.build());
    let (changed, diags) = publish(&state, outcome, &session);
    session::report(&diags, changed, started, &[]);

    let http_state = Arc::clone(&state);
    std::thread::spawn(move || server.run(http_state));
    let url = format!("{origin}{}", state.current().base_path);
    eprintln!("serving {url} (press Ctrl-C to stop)");
    if options.open {
        open_browser(&url);
    }

    loop {
        let changes = watcher.next_changes()?;
        let started = Instant::now();
        let paths: Vec<_> = changes
            .all()
            .map(|p| p.strip_prefix(&root).unwrap_or(p))
            .collect();
        eprintln!("{}: rebuilding", session::describe(&paths));
        let current = state.current().output;
        let outcome = session.apply(&changes::plan(&changes), &current);
        drop(current);
        let (changed, diags) = publish(&state, outcome, &session);
        session::report(&diags, changed, started, &paths);
    }
}

/// Hands a build to the server; returns how many files changed (`None` when the build failed)
/// and the diagnostics to print.
fn publish(
    state: &ServeState,
    outcome: session::Outcome,
    session: &Session,
) -> (Option<usize>, Vec<crate::diagnostics::Diagnostic>) {
    match outcome {
        Ok((output, warnings)) => {
            let base_path = session
                .config()
                .map_or_else(|| "/".to_string(), |c| c.base_url.path.clone());
            let changed = state.publish_output(output, base_path);
            (Some(changed.len()), warnings)
        }
        Err(errors) => {
            state.publish_errors(errors.clone());
            (None, errors)
        }
    }
}

/// The address browsers should use: a wildcard bind is reached through loopback.
fn local(addr: SocketAddr) -> SocketAddr {
    match addr.ip() {
        IpAddr::V4(ip) if ip.is_unspecified() => {
            SocketAddr::new(Ipv4Addr::LOCALHOST.into(), addr.port())
        }
        IpAddr::V6(ip) if ip.is_unspecified() => {
            SocketAddr::new(Ipv6Addr::LOCALHOST.into(), addr.port())
        }
        _ => addr,
    }
}

fn open_browser(url: &str) {
    let mut command = if cfg!(target_os = "macos") {
        std::process::Command::new("open")
    } else if cfg!(windows) {
        let mut c = std::process::Command::new("cmd");
        c.args(["/C", "start", ""]);
        c
    } else {
        std::process::Command::new("xdg-open")
    };
    if let Err(e) = command.arg(url).spawn() {
        eprintln!("warning: cannot open a browser ({e}); open {url} yourself");
    }
}
