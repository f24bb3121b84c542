//! What the server shares between the rebuild loop and the request threads: the last good
//! build, a generation counter and the last failed build's diagnostics.
//!
//! One [`ServeState`] is created by [`super::run`] and passed around in an `Arc`; request
//! threads that stream events to browsers wait on its condition variable for a newer generation.

use std::sync::{Arc, Condvar, Mutex, MutexGuard};
use std::time::Duration;

use crate::diagnostics::Diagnostic;
use crate::markdown::escape_html;
use crate::output::Output;

/// One published state of the server.
#[derive(Debug, Clone)]
pub struct Snapshot {
    /// Increases with every change browsers must hear about.
    pub generation: u64,
    /// The last good build.
    pub output: Arc<Output>,
    /// The generation at which a file other than a stylesheet last changed.
    pub reload_generation: u64,
    /// The generation at which a stylesheet last changed.
    pub css_generation: u64,
    /// Errors of the last build, empty when it succeeded.
    pub errors: Arc<Vec<Diagnostic>>,
    /// The path the site is served under, starting and ending with `/`.
    pub base_path: String,
}

impl Default for Snapshot {
    fn default() -> Self {
        Self {
            generation: 0,
            output: Arc::default(),
            reload_generation: 0,
            css_generation: 0,
            errors: Arc::default(),
            base_path: "/".to_string(),
        }
    }
}

/// What a browser showing a page of generation `since` must do.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Event {
    /// Load the page again.
    Reload,
    /// Fetch the stylesheets again.
    Css,
    /// Show the error overlay.
    Errors,
    /// Remove the error overlay.
    Clear,
}

impl Event {
    /// The SSE event name.
    pub fn name(self) -> &'static str {
        match self {
            Self::Reload => "reload",
            Self::Css => "css",
            Self::Errors => "errors",
            Self::Clear => "clear",
        }
    }
}

impl Snapshot {
    /// What a page served at generation `since` must do now, if anything.
    pub fn event_since(&self, since: u64) -> Option<Event> {
        if since > self.generation || self.reload_generation > since {
            Some(Event::Reload)
        } else if !self.errors.is_empty() {
            Some(Event::Errors)
        } else if self.css_generation > since {
            Some(Event::Css)
        } else if self.generation > since {
            Some(Event::Clear)
        } else {
            None
        }
    }
}

/// The server's shared state.
#[derive(Debug, Default)]
pub struct ServeState {
    current: Mutex<Snapshot>,
    changed: Condvar,
}

impl ServeState {
    fn lock(&self) -> MutexGuard<'_, Snapshot> {
        self.current.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// The current snapshot.
    pub fn current(&self) -> Snapshot {
        self.lock().clone()
    }

    /// Publishes a good build; returns the output paths that changed.
    pub fn publish_output(&self, output: Output, base_path: String) -> Vec<String> {
        let mut snap = self.lock();
        let mut changed = changed_paths(&snap.output, &output);
        if snap.base_path != base_path {
            changed.push(base_path.clone());
        }
        let had_errors = !snap.errors.is_empty();
        if changed.is_empty() && !had_errors {
            return changed;
        }
        snap.generation += 1;
        let needs_reload = changed
            .iter()
            .any(|p| !p.ends_with(".css") && p != crate::deploy::MANIFEST);
        if needs_reload {
            snap.reload_generation = snap.generation;
        } else if !changed.is_empty() {
            snap.css_generation = snap.generation;
        }
        snap.output = Arc::new(output);
        snap.base_path = base_path;
        snap.errors = Arc::new(Vec::new());
        self.changed.notify_all();
        changed
    }

    /// Publishes a failed build: the output stays, the errors are shown.
    pub fn publish_errors(&self, errors: Vec<Diagnostic>) {
        let mut snap = self.lock();
        if *snap.errors == errors {
            return;
        }
        snap.generation += 1;
        snap.errors = Arc::new(errors);
        self.changed.notify_all();
    }

    /// Waits up to `timeout` for a generation newer than `seen`.
    pub fn wait_newer(&self, seen: u64, timeout: Duration) -> Option<Snapshot> {
        let snap = self.lock();
        let (snap, _) = self
            .changed
            .wait_timeout_while(snap, timeout, |s| s.generation <= seen)
            .unwrap_or_else(|e| e.into_inner());
        (snap.generation > seen).then(|| snap.clone())
    }
}

fn changed_paths(old: &Output, new: &Output) -> Vec<String> {
    let mut changed: Vec<String> = new
        .files
        .iter()
        .filter(|(path, bytes)| {
            !old.files
                .get(*path)
                .is_some_and(|o| Arc::ptr_eq(o, bytes) || o == *bytes)
        })
        .map(|(path, _)| path.to_string())
        .collect();
    changed.extend(
        old.files
            .keys()
            .filter(|p| !new.files.contains_key(*p))
            .map(|p| p.to_string()),
    );
    changed
}

/// The error overlay's inner HTML; every piece of text from the site is escaped.
pub fn overlay_html(errors: &[Diagnostic]) -> String {
    let mut html =
        String::from("<h2>kilavuz: the build failed; showing the last good build</h2><ul>");
    for d in errors {
        let mut place = d.file.display().to_string();
        if d.line > 0 {
            place.push_str(&format!(":{}", d.line));
            if d.col > 0 {
                place.push_str(&format!(":{}", d.col));
            }
        }
        html.push_str(&format!(
            "<li><code>{}</code> <b>{}</b> {}",
            escape_html(&place),
            escape_html(d.code),
            escape_html(&d.message)
        ));
        if let Some(hint) = &d.hint {
            html.push_str(&format!("<br><i>{}</i>", escape_html(hint)));
        }
        html.push_str("</li>");
    }
    html.push_str("</ul>");
    html
}

#[cfg(test)]
mod tests {
    use super::*;

    fn output(css: &str, page: &str) -> Output {
        let mut o = Output::default();
        o.insert("k.css", css);
        o.insert("index.html", page);
        o
    }

    #[test]
    fn browsers_learn_what_changed_since_their_page() {
        let state = ServeState::default();
        state.publish_output(output("a", "1"), "/".into());
        assert_eq!(state.current().event_since(1), None);
        state.publish_output(output("b", "1"), "/".into());
        assert_eq!(state.current().event_since(1), Some(Event::Css));
        state.publish_errors(vec![Diagnostic::error("x", "a.md", "bad")]);
        assert_eq!(state.current().event_since(2), Some(Event::Errors));
        assert_eq!(state.current().event_since(1), Some(Event::Errors));
        state.publish_output(output("b", "1"), "/".into());
        assert_eq!(state.current().event_since(3), Some(Event::Clear));
        state.publish_output(output("b", "2"), "/".into());
        assert_eq!(state.current().event_since(4), Some(Event::Reload));
        assert_eq!(state.current().event_since(99), Some(Event::Reload));
        assert!(
            state
                .publish_output(output("b", "2"), "/".into())
                .is_empty()
        );
        assert_eq!(state.current().generation, 5);
    }

    #[test]
    fn the_overlay_escapes_site_text() {
        let d = Diagnostic::error(
            "front_matter.yaml",
            "a<b>.md",
            "bad <script>alert(1)</script>",
        )
        .at(3, 4)
        .hint("fix \"it\" & go");
        let html = overlay_html(&[d]);
        assert!(html.contains("<code>a&lt;b&gt;.md:3:4</code>"), "{html}");
        assert!(html.contains("bad &lt;script&gt;alert(1)&lt;/script&gt;"));
        assert!(html.contains("fix &quot;it&quot; &amp; go"));
        assert!(!html.contains("<script>"));
    }
}
