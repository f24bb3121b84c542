//! Errors that stop a command before it can report diagnostics: I/O failures and usage mistakes.
//!
//! Problems in the site's own files are not errors but [`crate::diagnostics::Diagnostic`]s, so that
//! one run reports all of them. Every variant that touches the disk names the path it touched.

use std::path::PathBuf;

/// A failure that ends a command with exit code 2.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// A filesystem operation failed.
    #[error("{action} {path}: {source}")]
    Io {
        /// What was being done, e.g. "cannot read".
        action: &'static str,
        /// The path that was touched.
        path: PathBuf,
        /// The operating system's error.
        #[source]
        source: std::io::Error,
    },
    /// The command was asked for something it cannot do.
    #[error("{0}")]
    Usage(String),
}

/// The library's result type.
pub type Result<T, E = Error> = std::result::Result<T, E>;
