//! What a command shows while it runs and when it ends: the current stage on one rewritten
//! terminal line, with pages done and pages per second while pages render (never in a log, a
//! pipe or under `--quiet`), and a closing summary of pages per locale, diagnostics by code and
//! time.

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::io::IsTerminal as _;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
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

    /// Runs `work` under stage `what`; while it runs, a second thread redraws the line ten times
    /// a second with the pages counted in `done` and their rate, and the line is drawn once more
    /// when `work` ends (so that a stage shorter than a redraw shows its count too). Without a
    /// live line, `work` just runs: the counter costs one relaxed atomic add per page.
    pub fn track<T>(&self, what: &str, done: &AtomicUsize, work: impl FnOnce() -> T) -> T {
        self.stage(what);
        if !self.live {
            return work();
        }
        let finished = AtomicBool::new(false);
        let started = Instant::now();
        let paint = || {
            let n = done.load(Ordering::Relaxed);
            if n > 0 {
                let seconds = started.elapsed().as_secs_f64().max(1e-3);
                eprint!(
                    "\r\x1b[2K{what}: {n} pages, {:.0} pages/s ({:.1} s)",
                    n as f64 / seconds,
                    self.start.elapsed().as_secs_f64()
                );
            }
        };
        std::thread::scope(|scope| {
            let painter = scope.spawn(|| {
                loop {
                    std::thread::park_timeout(Duration::from_millis(100));
                    if finished.load(Ordering::Relaxed) {
                        break;
                    }
                    paint();
                }
            });
            let result = work();
            finished.store(true, Ordering::Relaxed);
            painter.thread().unpark();
            // The painter stops before the last line is drawn, so that the two never interleave.
            painter.join().expect("the painter does not panic");
            paint();
            result
        })
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
