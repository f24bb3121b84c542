//! Filesystem calls that always name the file in their error.
//!
//! Every read and write of the library goes through here, so that an error never reads just
//! "No such file or directory".

use std::io::{Read, Write};
use std::path::Path;

use rayon::prelude::*;

use crate::error::{Error, Result};

fn io_error(action: &'static str, path: &Path, source: std::io::Error) -> Error {
    Error::Io {
        action,
        path: path.to_path_buf(),
        source,
    }
}

/// Reads a whole file as bytes.
pub fn read(path: &Path) -> Result<Vec<u8>> {
    std::fs::read(path).map_err(|e| io_error("cannot read", path, e))
}

/// Writes bytes to a file, creating or truncating it.
pub fn write(path: &Path, bytes: &[u8]) -> Result<()> {
    std::fs::write(path, bytes).map_err(|e| io_error("cannot write", path, e))
}

/// Puts `bytes` at `path` in a folder being built: as a hard link to the file `previous` when
/// that is a regular file holding the same bytes, else as a new file. A link makes no inode,
/// which is most of what creating a file costs, and the file keeps its modification time, so
/// that `rsync` and the like skip it. A file already at `path` is replaced, never written into:
/// it may be a link to the previous output, which must stay as it was until the build is done.
pub fn put(path: &Path, bytes: &[u8], previous: Option<&Path>) -> Result<()> {
    if let Some(previous) = previous
        && holds(previous, bytes)
        && std::fs::hard_link(previous, path).is_ok()
    {
        return Ok(());
    }
    let create = || {
        std::fs::OpenOptions::new()
            .write(true)
            .create_new(true)
            .open(path)
    };
    let file = match create() {
        Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => {
            std::fs::remove_file(path).and_then(|()| create())
        }
        file => file,
    };
    file.and_then(|mut file| file.write_all(bytes))
        .map_err(|e| io_error("cannot write", path, e))
}

/// Whether `path` is a regular file (not a link to one) whose bytes are `bytes`; `false` when it
/// cannot be read.
fn holds(path: &Path, bytes: &[u8]) -> bool {
    let Ok(meta) = std::fs::symlink_metadata(path) else {
        return false;
    };
    if !meta.is_file() || meta.len() != bytes.len() as u64 {
        return false;
    }
    let Ok(file) = std::fs::File::open(path) else {
        return false;
    };
    let mut file = file.take(meta.len() + 1);
    let mut buffer = [0; 16 * 1024];
    let mut rest = bytes;
    loop {
        match file.read(&mut buffer) {
            Ok(0) => return rest.is_empty(),
            Ok(n) if n <= rest.len() && buffer[..n] == rest[..n] => rest = &rest[n..],
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => {}
            _ => return false,
        }
    }
}

/// Creates one folder unless it exists (its parent must exist).
pub fn ensure_dir(path: &Path) -> Result<()> {
    match std::fs::create_dir(path) {
        Err(e) if e.kind() != std::io::ErrorKind::AlreadyExists => {
            Err(io_error("cannot create folder", path, e))
        }
        _ => Ok(()),
    }
}

/// Creates a folder and its parents.
pub fn create_dir_all(path: &Path) -> Result<()> {
    std::fs::create_dir_all(path).map_err(|e| io_error("cannot create folder", path, e))
}

/// Removes a folder and everything in it; a folder that is already gone is fine. Its entries
/// go in parallel: removing files waits on the filesystem more than it computes (two `rm -rf`
/// of the locale folders of a 2 × 1,000-page output take 0.35–0.39 s here, one of the whole
/// output 0.49–0.60 s). Symbolic links are removed, never followed.
pub fn remove_dir_all(path: &Path) -> Result<()> {
    let entries = match std::fs::read_dir(path) {
        Ok(entries) => entries,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(()),
        Err(e) => return Err(io_error("cannot remove folder", path, e)),
    };
    let entries: Vec<std::fs::DirEntry> = entries
        .collect::<std::io::Result<_>>()
        .map_err(|e| io_error("cannot remove folder", path, e))?;
    entries.par_iter().try_for_each(|entry| {
        let inner = entry.path();
        let removed = match entry.file_type() {
            Ok(kind) if kind.is_dir() => std::fs::remove_dir_all(&inner),
            _ => std::fs::remove_file(&inner),
        };
        removed.map_err(|e| io_error("cannot remove", &inner, e))
    })?;
    std::fs::remove_dir(path).map_err(|e| io_error("cannot remove folder", path, e))
}

/// Renames a file or folder.
pub fn rename(from: &Path, to: &Path) -> Result<()> {
    std::fs::rename(from, to).map_err(|e| io_error("cannot rename", from, e))
}

/// Resolves a path to its absolute, symlink-free form.
pub fn canonicalize(path: &Path) -> Result<std::path::PathBuf> {
    std::fs::canonicalize(path).map_err(|e| io_error("cannot find", path, e))
}

/// Joins a relative path to a folder (both relative to one base folder), `\\` separating
/// as `/` does (as in browsers, and in links written on Windows: `..\\billing.md`); `None`
/// when it climbs above that base or holds NUL.
pub fn join_relative(dir: &str, path: &str) -> Option<String> {
    if path.contains('\0') {
        return None;
    }
    let mut parts: Vec<&str> = dir.split('/').filter(|p| !p.is_empty()).collect();
    for part in path.split(['/', '\\']) {
        match part {
            "" | "." => {}
            ".." => {
                parts.pop()?;
            }
            p => parts.push(p),
        }
    }
    Some(parts.join("/"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_put_over_a_link_to_the_previous_output_replaces_the_link_and_leaves_its_file_alone() {
        let dir = tempfile::TempDir::new().unwrap();
        let (previous, staged) = (dir.path().join("previous"), dir.path().join("staged"));
        std::fs::write(&previous, "old").unwrap();
        put(&staged, b"old", Some(&previous)).unwrap();
        put(&staged, b"new", Some(&previous)).unwrap();
        assert_eq!(std::fs::read(&staged).unwrap(), b"new");
        assert_eq!(std::fs::read(&previous).unwrap(), b"old");
    }

    #[test]
    fn joins_relative_paths_inside_the_root_only() {
        assert_eq!(
            join_relative("support", "../billing/a.md").as_deref(),
            Some("billing/a.md")
        );
        assert_eq!(join_relative("", "./a.md").as_deref(), Some("a.md"));
        assert_eq!(join_relative("support", "../../etc/passwd"), None);
        assert_eq!(join_relative("a", "..\\b.md").as_deref(), Some("b.md"));
        assert_eq!(join_relative("a", "..\\..\\b.md"), None);
        assert_eq!(join_relative("", "a\0b"), None);
    }

    #[cfg(unix)]
    #[test]
    fn removes_a_tree_without_following_its_links() {
        let root = tempfile::tempdir().unwrap();
        let outside = root.path().join("outside");
        std::fs::create_dir(&outside).unwrap();
        std::fs::write(outside.join("keep.txt"), "kept").unwrap();
        let tree = root.path().join("tree");
        std::fs::create_dir_all(tree.join("en-us/a")).unwrap();
        std::fs::write(tree.join("en-us/a/index.html"), "a").unwrap();
        std::fs::write(tree.join("index.html"), "i").unwrap();
        std::os::unix::fs::symlink(&outside, tree.join("link")).unwrap();
        std::os::unix::fs::symlink(&outside, tree.join("en-us/link")).unwrap();

        remove_dir_all(&tree).unwrap();
        assert!(!tree.exists());
        assert_eq!(
            std::fs::read_to_string(outside.join("keep.txt")).unwrap(),
            "kept"
        );
        remove_dir_all(&tree).unwrap();
        let file = root.path().join("file");
        std::fs::write(&file, "f").unwrap();
        assert!(remove_dir_all(&file).is_err());
    }
}
