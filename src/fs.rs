//! Filesystem calls that always name the file in their error.
//!
//! Every read and write of the library goes through here, so that an error never reads just
//! "No such file or directory".

use std::path::Path;

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

/// Removes a folder and everything in it; a folder that is already gone is fine.
pub fn remove_dir_all(path: &Path) -> Result<()> {
    match std::fs::remove_dir_all(path) {
        Err(e) if e.kind() != std::io::ErrorKind::NotFound => {
            Err(io_error("cannot remove folder", path, e))
        }
        _ => Ok(()),
    }
}

/// Renames a file or folder.
pub fn rename(from: &Path, to: &Path) -> Result<()> {
    std::fs::rename(from, to).map_err(|e| io_error("cannot rename", from, e))
}

/// Resolves a path to its absolute, symlink-free form.
pub fn canonicalize(path: &Path) -> Result<std::path::PathBuf> {
    std::fs::canonicalize(path).map_err(|e| io_error("cannot find", path, e))
}

/// Joins a relative `/`-separated path to a folder (both relative to one base folder);
/// `None` when it climbs above that base or uses `\\` or NUL.
pub fn join_relative(dir: &str, path: &str) -> Option<String> {
    if path.contains('\\') || path.contains('\0') {
        return None;
    }
    let mut parts: Vec<&str> = dir.split('/').filter(|p| !p.is_empty()).collect();
    for part in path.split('/') {
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
    fn joins_relative_paths_inside_the_root_only() {
        assert_eq!(
            join_relative("support", "../billing/a.md").as_deref(),
            Some("billing/a.md")
        );
        assert_eq!(join_relative("", "./a.md").as_deref(), Some("a.md"));
        assert_eq!(join_relative("support", "../../etc/passwd"), None);
        assert_eq!(join_relative("", "a\\..\\b"), None);
    }
}
