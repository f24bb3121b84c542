//! The build's result as a sorted in-memory map, and writing it through a staging folder.
//!
//! A build never touches the output folder until every file exists in memory; the files are
//! then written into a sibling staging folder that replaces the old output in two renames. A
//! failed or killed build therefore leaves the previous output complete.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;
use std::sync::Arc;

use rayon::prelude::*;

use crate::error::{Error, Result};

/// The shared, immutable bytes of one output file: cloning an [`Output`] copies no file.
pub type Bytes = Arc<[u8]>;

/// Output files by path relative to the output folder (`/`-separated, e.g. `en-us/index.html`).
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Output {
    /// The files, sorted by path.
    pub files: BTreeMap<String, Bytes>,
}

impl Output {
    /// Adds or replaces one file.
    pub fn insert(&mut self, path: impl Into<String>, bytes: impl Into<Vec<u8>>) {
        self.files.insert(path.into(), Bytes::from(bytes.into()));
    }

    /// The bytes of one file.
    pub fn get(&self, path: &str) -> Option<&[u8]> {
        self.files.get(path).map(|b| &b[..])
    }

    /// Writes every file into `out`, replacing what was there only once all are written.
    pub fn write(&self, out: &Path) -> Result<()> {
        let (parent, staging, previous) = siblings(out)?;
        crate::fs::create_dir_all(parent)?;
        recover(out)?;
        crate::fs::remove_dir_all(&staging)?;
        crate::fs::remove_dir_all(&previous)?;
        if let Err(e) = self.write_into(&staging) {
            // A full disk stays full with half a site in the staging folder.
            let _ = crate::fs::remove_dir_all(&staging);
            return Err(e);
        }
        if out.exists() {
            crate::fs::rename(out, &previous)?;
        }
        if let Err(e) = crate::fs::rename(&staging, out) {
            if previous.exists() {
                crate::fs::rename(&previous, out)?;
            }
            return Err(e);
        }
        crate::fs::remove_dir_all(&previous)
    }

    /// Creates every folder first, a level of depth at a time (parents before children, the
    /// folders of one level in parallel), then writes the files in parallel: creating files and
    /// folders dominates the cost of a build, and the filesystem serves two writers faster than
    /// one.
    fn write_into(&self, dir: &Path) -> Result<()> {
        crate::fs::create_dir_all(dir)?;
        let mut folders: BTreeSet<&str> = BTreeSet::new();
        for rel in self.files.keys() {
            let mut rest = rel.as_str();
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
                .try_for_each(|folder| crate::fs::create_dir(&dir.join(folder)))?;
        }
        self.files
            .par_iter()
            .try_for_each(|(rel, bytes)| crate::fs::write(&dir.join(rel), bytes))
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
fn siblings(out: &Path) -> Result<(&Path, std::path::PathBuf, std::path::PathBuf)> {
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
