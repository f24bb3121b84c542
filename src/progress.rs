//! What a command shows while it runs and when it ends: the current stage on one rewritten
//! terminal line (never in a log, a pipe or under `--quiet`), and a closing summary of pages
//! per locale, diagnostics by code and time.

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::io::IsTerminal as _;
use std::time::{Duration, Instant};

use crate::config::Config;
use crate::diagnostics::Diagnostic;
use crate::report::Counts;

/// The stage line and the clock of one command.
#[derive(Debug)]
pub struct Progress {
    live: bool,
    quiet: bool,
    start: Instant,
}

impl Progress {
    /// Starts the clock; the stage line shows only when stderr is a terminal and not `quiet`.
    pub fn new(quiet: bool) -> Self {
        let dumb = std::env::var_os("TERM").is_some_and(|t| t == "dumb");
        Self {
            live: !quiet && !dumb && std::io::stderr().is_terminal(),
            quiet,
            start: Instant::now(),
        }
    }

    /// Shows the current stage.
    pub fn stage(&self, what: &str) {
        if self.live {
            eprint!(
                "\r\x1b[2K{what} ({:.1} s)",
                self.start.elapsed().as_secs_f64()
            );
        }
    }

    /// Removes the stage line, before diagnostics or the summary are printed.
    pub fn clear(&self) {
        if self.live {
            eprint!("\r\x1b[2K");
        }
    }

    /// Time since the command started.
    pub fn elapsed(&self) -> Duration {
        self.start.elapsed()
    }

    /// Prints the closing summary on stderr, unless quiet.
    pub fn finish(&self, headline: &str, pages: &[usize], config: &Config, diags: &[Diagnostic]) {
        self.clear();
        if !self.quiet {
            eprint!(
                "{}",
                summary(headline, pages, config, diags, self.elapsed())
            );
        }
    }
}

/// `headline in 0.42 s (1234 pages/s)`, then pages per locale and diagnostics by code.
pub fn summary(
    headline: &str,
    pages: &[usize],
    config: &Config,
    diags: &[Diagnostic],
    elapsed: Duration,
) -> String {
    let total: usize = pages.iter().sum();
    let seconds = elapsed.as_secs_f64();
    let rate = if seconds > 0.0 {
        (total as f64 / seconds).round()
    } else {
        0.0
    };
    let mut text = format!("{headline} in {seconds:.2} s ({rate} pages/s)\n  pages:");
    for (locale, n) in config.locales.iter().zip(pages) {
        let _ = write!(text, " {} {n}", locale.code);
    }
    let counts = Counts::of(diags);
    let _ = write!(
        text,
        "\n  diagnostics: {} error(s), {} warning(s)",
        counts.errors, counts.warnings
    );
    let mut by_code: BTreeMap<&str, usize> = BTreeMap::new();
    for d in diags {
        *by_code.entry(d.code).or_default() += 1;
    }
    let parts: Vec<String> = by_code.iter().map(|(c, n)| format!("{c} {n}")).collect();
    if !parts.is_empty() {
        let _ = write!(text, " ({})", parts.join(", "));
    }
    text.push('\n');
    text
}
