//! Watching the site's files; the only module that knows notify.
//!
//! Native events (inotify, FSEvents, ReadDirectoryChangesW) are used when they work, with a slow
//! polling watcher running beside them: a change that polling sees and the native watcher never
//! reported (bind mounts in containers, WSL's `/mnt/c`, network drives) switches the session to
//! polling, with a warning. `--poll` polls only. Events are debounced by hand: wait for the first
//! relevant event, then drain until the files have been quiet for [`QUIET`].

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::mpsc::{Receiver, RecvTimeoutError, Sender, channel};
use std::time::{Duration, Instant};

use notify::event::{AccessKind, AccessMode};
use notify::{EventKind, RecursiveMode, Watcher as _};

use super::changes::{ChangeSet, SiteLayout};
use crate::error::{Error, Result};

/// How long the files must be quiet before a rebuild starts.
pub const QUIET: Duration = Duration::from_millis(100);
/// The longest a burst of events can delay a rebuild.
const MAX_DELAY: Duration = Duration::from_secs(2);
/// How often the polling watcher looks at the files when it is the only watcher.
const POLL_EVERY: Duration = Duration::from_millis(500);
/// How often the polling watcher beside native events looks (it only checks on them).
const CHECK_EVERY: Duration = Duration::from_secs(1);
/// How long a native event covers the same path seen again by polling.
const NATIVE_COVERS: Duration = Duration::from_secs(5);

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Origin {
    Native,
    Poll,
}

type Message = (Origin, notify::Result<notify::Event>);

/// Watches a site and hands out debounced change sets.
pub struct Watcher {
    layout: SiteLayout,
    native: Option<notify::RecommendedWatcher>,
    poll: notify::PollWatcher,
    watching: BTreeMap<PathBuf, RecursiveMode>,
    tx: Sender<Message>,
    rx: Receiver<Message>,
    native_seen: BTreeMap<PathBuf, Instant>,
    polling_only: bool,
}

impl Watcher {
    /// Starts watching; `poll_only` skips native events entirely.
    pub fn start(layout: SiteLayout, poll_only: bool) -> Result<Self> {
        let (tx, rx) = channel();
        let native = if poll_only {
            None
        } else {
            match notify::recommended_watcher(handler(&tx, Origin::Native)) {
                Ok(w) => Some(w),
                Err(e) => {
                    eprintln!("warning: native file events unavailable ({e}); polling instead");
                    None
                }
            }
        };
        let poll = poller(&tx, native.is_none())?;
        let mut watcher = Self {
            polling_only: native.is_none(),
            layout,
            native,
            poll,
            watching: BTreeMap::new(),
            tx,
            rx,
            native_seen: BTreeMap::new(),
        };
        let root = watcher.layout.root.clone();
        watcher.watch(&root, RecursiveMode::NonRecursive)?;
        watcher.watch_new_dirs()?;
        Ok(watcher)
    }

    /// Whether changes are now found by polling only.
    pub fn polling_only(&self) -> bool {
        self.polling_only
    }

    fn watch(&mut self, path: &Path, mode: RecursiveMode) -> Result<()> {
        let fail = |e: notify::Error| Error::Usage(format!("cannot watch {}: {e}", path.display()));
        self.watching.insert(path.to_path_buf(), mode);
        self.poll.watch(path, mode).map_err(fail)?;
        if let Some(native) = &mut self.native
            && let Err(e) = native.watch(path, mode)
        {
            eprintln!("warning: native file events unavailable ({e}); polling instead");
            self.switch_to_polling()?;
        }
        Ok(())
    }

    /// Drops native events and polls with content comparison from now on.
    fn switch_to_polling(&mut self) -> Result<()> {
        self.native = None;
        self.polling_only = true;
        self.poll = poller(&self.tx, true)?;
        for (path, mode) in &self.watching {
            self.poll
                .watch(path, *mode)
                .map_err(|e| Error::Usage(format!("cannot watch {}: {e}", path.display())))?;
        }
        Ok(())
    }

    /// Watches folders that appeared since the last look (e.g. a new `templates/`).
    fn watch_new_dirs(&mut self) -> Result<()> {
        for dir in self.layout.watched_dirs() {
            if dir.is_dir() && !self.watching.contains_key(&dir) {
                self.watch(&dir, RecursiveMode::Recursive)?;
            }
        }
        Ok(())
    }

    /// Blocks until files change, then returns everything that changed in the burst.
    pub fn next_changes(&mut self) -> Result<ChangeSet> {
        let mut changes = ChangeSet::default();
        while changes.is_empty() {
            let mut suspects = Vec::new();
            let first = self.rx.recv().map_err(|_| stopped())?;
            self.take(first, &mut changes, &mut suspects);
            let start = Instant::now();
            while start.elapsed() < MAX_DELAY {
                match self.rx.recv_timeout(QUIET) {
                    Ok(message) => self.take(message, &mut changes, &mut suspects),
                    Err(RecvTimeoutError::Timeout) => break,
                    Err(RecvTimeoutError::Disconnected) => return Err(stopped()),
                }
            }
            self.judge(suspects, &mut changes)?;
        }
        self.watch_new_dirs()?;
        Ok(changes)
    }

    /// Adds an event's paths; paths seen only by polling wait in `suspects` until the burst ends.
    fn take(
        &mut self,
        (origin, event): Message,
        changes: &mut ChangeSet,
        suspects: &mut Vec<PathBuf>,
    ) {
        let Ok(event) = event else {
            return;
        };
        if !is_write(&event.kind) {
            return;
        }
        for path in event.paths {
            match origin {
                Origin::Native => {
                    self.native_seen.insert(path.clone(), Instant::now());
                    changes.add(&self.layout, &path);
                }
                Origin::Poll if self.polling_only => {
                    changes.add(&self.layout, &path);
                }
                Origin::Poll => suspects.push(path),
            }
        }
    }

    /// Polling saw these paths; one the native watcher never reported (itself, a file in it, or a
    /// folder above it that was just created) means native events do not arrive here.
    fn judge(&mut self, suspects: Vec<PathBuf>, changes: &mut ChangeSet) -> Result<()> {
        let now = Instant::now();
        self.native_seen
            .retain(|_, at| now.duration_since(*at) < NATIVE_COVERS);
        for path in suspects {
            let covered = self
                .native_seen
                .keys()
                .any(|seen| path.starts_with(seen) || seen.parent() == Some(path.as_path()));
            if covered || !changes.add(&self.layout, &path) {
                continue;
            }
            if !self.polling_only {
                eprintln!(
                    "warning: native file events missed {}; picking up changes by polling \
                     from now on (start with --poll to skip native events)",
                    path.display()
                );
                self.switch_to_polling()?;
            }
        }
        Ok(())
    }
}

/// A polling watcher. Polling alone compares contents too: notify's polling compares
/// modification times in whole seconds, which misses a second save within the same second.
fn poller(tx: &Sender<Message>, alone: bool) -> Result<notify::PollWatcher> {
    let config = notify::Config::default()
        .with_poll_interval(if alone { POLL_EVERY } else { CHECK_EVERY })
        .with_compare_contents(alone);
    notify::PollWatcher::new(handler(tx, Origin::Poll), config)
        .map_err(|e| Error::Usage(format!("cannot poll for file changes: {e}")))
}

fn handler(tx: &Sender<Message>, origin: Origin) -> impl notify::EventHandler {
    let tx = tx.clone();
    move |event| {
        let _ = tx.send((origin, event));
    }
}

/// Whether an event can mean new file contents (opening and reading files cannot).
fn is_write(kind: &EventKind) -> bool {
    match kind {
        EventKind::Create(_) | EventKind::Modify(_) | EventKind::Remove(_) => true,
        EventKind::Access(AccessKind::Close(AccessMode::Write)) => true,
        EventKind::Access(_) | EventKind::Any | EventKind::Other => false,
    }
}

fn stopped() -> Error {
    Error::Usage("the file watcher stopped".to_string())
}
