//! The build's result as a sorted in-memory map, and writing it through a staging folder.
//!
//! A build never touches the output folder: its files go into a sibling staging folder that
//! replaces the old output in two renames once the build has succeeded. A failed or killed build
//! therefore leaves the previous output complete. `kilavuz build` streams the bulk of the site
//! (the article pages and the search index) into the staging folder through a [`Sink`] as soon as
//! each file is finished, so that memory does not grow with the size of the site's output; the
//! rest stays in memory until [`Staging::commit`].

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};
use std::sync::Arc;

use rayon::prelude::*;

use crate::error::{Error, Result};

/// The shared, immutable bytes of one output file: cloning an [`Output`] copies no file.
pub type Bytes = Arc<[u8]>;

/// A file's path in the output, shared: cloning an [`Output`] (as `kilavuz serve` does after
/// every edit) copies no path either.
pub type FilePath = Arc<str>;

/// Output files by path relative to the output folder (`/`-separated, e.g. `en-us/index.html`).
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Output {
    /// The files kept in memory, sorted by path.
    pub files: BTreeMap<FilePath, Bytes>,
    /// The files a [`Sink`] has taken (already in the staging folder, not in memory).
    pub sunk: BTreeSet<String>,
}

/// Takes finished files during a build, from any thread, instead of keeping them in memory.
/// A sink records its own failures; whoever made it asks for them once the build is done.
pub trait Sink: Send + Sync + std::fmt::Debug {
    /// Sees the output once the static files (the css and js that pages reference) are in it,
    /// before the first file is put.
    fn prepare(&self, output: &Output);
    /// Takes one finished file.
    fn put(&self, path: &str, bytes: Vec<u8>);
}

impl Output {
    /// Adds or replaces one file.
    pub fn insert(&mut self, path: impl Into<FilePath>, bytes: impl Into<Vec<u8>>) {
        self.files.insert(path.into(), Bytes::from(bytes.into()));
    }

    /// The bytes of one file kept in memory.
    pub fn get(&self, path: &str) -> Option<&[u8]> {
        self.files.get(path).map(|b| &b[..])
    }

    /// Whether the site has a file at `path`, in memory or sunk.
    pub fn contains(&self, path: &str) -> bool {
        self.files.contains_key(path) || self.sunk.contains(path)
    }

    /// How many files the site has.
    pub fn len(&self) -> usize {
        self.files.len() + self.sunk.len()
    }

    /// Whether the site has no file at all.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Writes every file into `out`, replacing what was there only once all are written.
    pub fn write(&self, out: &Path) -> Result<()> {
        Staging::begin(out)?.commit(self)
    }

    /// Creates every folder first, a level of depth at a time (parents before children, the
    /// folders of one level in parallel), then writes the files in parallel: creating files and
    /// folders dominates the cost of a build, and the filesystem serves two writers faster than
    /// one. Folders a sink has created already are fine. A file whose bytes are those of its
    /// namesake in `reuse` (the output being replaced) is linked to it ([`crate::fs::put`]).
    fn write_into(&self, dir: &Path, reuse: Option<&Path>) -> Result<()> {
        let mut folders: BTreeSet<&str> = BTreeSet::new();
        for rel in self.files.keys() {
            let mut rest: &str = rel;
            while let Some((folder, _)) = rest.rsplit_once('/') {
                if !folders.insert(folder) {
                    break;
                }
                rest = folder;
            }
        }
        let mut levels: Vec<Vec<&str>> = Vec::new();
        for folder in folders {
            let depth = folder.matches('/').count();
            if levels.len() <= depth {
                levels.resize_with(depth + 1, Vec::new);
            }
            levels[depth].push(folder);
        }
        for level in levels {
            level
                .par_iter()
                .try_for_each(|folder| crate::fs::ensure_dir(&dir.join(folder)))?;
        }
        self.files.par_iter().try_for_each(|(rel, bytes)| {
            let previous = reuse.map(|reuse| reuse.join(&**rel));
            crate::fs::put(&dir.join(&**rel), bytes, previous.as_deref())
        })
    }
}

/// The staging folder of one build, next to the output folder it replaces.
#[derive(Debug)]
pub struct Staging {
    out: PathBuf,
    dir: PathBuf,
    previous: PathBuf,
    /// Whether an output folder was there when the build began.
    replaces: bool,
}

impl Staging {
    /// Makes an empty staging folder for output folder `out` (removing what a killed build
    /// left), after putting back a previous output a killed build had moved aside.
    pub fn begin(out: &Path) -> Result<Self> {
        let (parent, dir, previous) = siblings(out)?;
        crate::fs::create_dir_all(parent)?;
        recover(out)?;
        crate::fs::remove_dir_all(&dir)?;
        crate::fs::remove_dir_all(&previous)?;
        crate::fs::create_dir_all(&dir)?;
        Ok(Self {
            out: out.to_path_buf(),
            dir,
            previous,
            replaces: out.is_dir(),
        })
    }

    /// The folder sinks write into.
    pub fn dir(&self) -> &Path {
        &self.dir
    }

    /// The output folder this build replaces, if there is one: the files a build writes that
    /// are unchanged in it are linked to it, not written again.
    pub fn reuse(&self) -> Option<&Path> {
        self.replaces.then_some(self.out.as_path())
    }

    /// Writes the files `output` keeps in memory next to those sunk already, then puts the
    /// staging folder in place of the output folder. On failure the previous output stays.
    pub fn commit(self, output: &Output) -> Result<()> {
        if let Err(e) = output.write_into(&self.dir, self.reuse()) {
            // A full disk stays full with half a site in the staging folder.
            self.abandon();
            return Err(e);
        }
        if self.out.exists() {
            crate::fs::rename(&self.out, &self.previous)?;
        }
        if let Err(e) = crate::fs::rename(&self.dir, &self.out) {
            if self.previous.exists() {
                crate::fs::rename(&self.previous, &self.out)?;
            }
            return Err(e);
        }
        crate::fs::remove_dir_all(&self.previous)
    }

    /// Removes the staging folder of a failed build; the output folder stays as it was.
    pub fn abandon(self) {
        // Nothing better to do if this fails: the next build removes it first.
        let _ = crate::fs::remove_dir_all(&self.dir);
    }
}

/// Puts the previous output back when a build was killed between its two renames (the old
/// output moved aside, the new one not yet in place), so that a killed build never leaves the
/// output folder missing for longer than until the next command.
pub fn recover(out: &Path) -> Result<()> {
    let (_, _, previous) = siblings(out)?;
    if !out.exists() && previous.is_dir() {
        crate::fs::rename(&previous, out)?;
    }
    Ok(())
}

/// The output's parent folder and its staging and previous-output siblings.
fn siblings(out: &Path) -> Result<(&Path, PathBuf, PathBuf)> {
    let parent = out
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    let name = out
        .file_name()
        .ok_or_else(|| Error::Usage(format!("{} is not a folder name", out.display())))?
        .to_string_lossy()
        .into_owned();
    let staging = parent.join(format!(".{name}.kilavuz-staging"));
    let previous = parent.join(format!(".{name}.kilavuz-previous"));
    Ok((parent, staging, previous))
}
