//! Printing diagnostics for people and for machines: the human form (coloured on a terminal), a
//! stable JSON document, and GitHub Actions workflow annotations.
//!
//! The JSON schema (version 1) is documented in the guide's diagnostics reference
//! (docs/content/en-US/reference/diagnostics.md); change it only by adding fields, or raise
//! `version`.

use std::fmt::Write as _;
use std::path::Path;

use serde::Serialize;

use crate::diagnostics::{Diagnostic, Severity};

/// The version of the JSON document's schema.
pub const JSON_VERSION: u32 = 1;

/// How diagnostics are printed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// `file:line:col: level[code]: message` with a hint line; ANSI colours when `colour`.
    Human {
        /// Whether to colour the level and the location.
        colour: bool,
    },
    /// One JSON document (schema version [`JSON_VERSION`]).
    Json,
    /// `::error file=…,line=…,col=…,title=code::message` lines for GitHub Actions.
    Github,
}

/// How many diagnostics of each severity a run found.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct Counts {
    /// Diagnostics at error level.
    pub errors: usize,
    /// Diagnostics at warning level.
    pub warnings: usize,
}

impl Counts {
    /// Counts `diagnostics` by severity.
    pub fn of(diagnostics: &[Diagnostic]) -> Self {
        let errors = diagnostics
            .iter()
            .filter(|d| d.severity == Severity::Error)
            .count();
        Self {
            errors,
            warnings: diagnostics.len() - errors,
        }
    }
}

#[derive(Serialize)]
struct JsonReport<'a> {
    version: u32,
    diagnostics: Vec<JsonDiagnostic<'a>>,
    summary: Counts,
}

#[derive(Serialize)]
struct JsonDiagnostic<'a> {
    severity: Severity,
    code: &'a str,
    file: String,
    line: usize,
    col: usize,
    message: &'a str,
    hint: Option<&'a str>,
}

/// Renders `diagnostics` in `format`. `base` is the folder GitHub annotations' paths are made
/// relative to (the repository checkout, i.e. the current folder); `root` is the site root the
/// diagnostics' paths are relative to.
pub fn render(diagnostics: &[Diagnostic], format: Format, root: &Path, base: &Path) -> String {
    match format {
        Format::Human { colour } => human(diagnostics, colour),
        Format::Json => json(diagnostics),
        Format::Github => github(diagnostics, root, base),
    }
}

fn human(diagnostics: &[Diagnostic], colour: bool) -> String {
    let mut out = String::new();
    for d in diagnostics {
        if !colour {
            let _ = writeln!(out, "{d}");
            continue;
        }
        let (level, paint) = match d.severity {
            Severity::Error => ("error", "\x1b[1;31m"),
            Severity::Warning => ("warning", "\x1b[1;33m"),
        };
        let _ = writeln!(
            out,
            "\x1b[1m{}\x1b[0m: {paint}{level}\x1b[0m[{}]: {}",
            location(d),
            d.code,
            d.message
        );
        if let Some(hint) = &d.hint {
            let _ = writeln!(out, "  \x1b[36mhint\x1b[0m: {hint}");
        }
    }
    let counts = Counts::of(diagnostics);
    if !diagnostics.is_empty() {
        let _ = writeln!(
            out,
            "{} error(s), {} warning(s)",
            counts.errors, counts.warnings
        );
    }
    out
}

fn location(d: &Diagnostic) -> String {
    let mut text = slashed(&d.file);
    if d.line > 0 {
        let _ = write!(text, ":{}", d.line);
        if d.col > 0 {
            let _ = write!(text, ":{}", d.col);
        }
    }
    text
}

fn slashed(path: &Path) -> String {
    path.to_string_lossy().replace('\\', "/")
}

fn json(diagnostics: &[Diagnostic]) -> String {
    let report = JsonReport {
        version: JSON_VERSION,
        diagnostics: diagnostics
            .iter()
            .map(|d| JsonDiagnostic {
                severity: d.severity,
                code: d.code,
                file: slashed(&d.file),
                line: d.line,
                col: d.col,
                message: &d.message,
                hint: d.hint.as_deref(),
            })
            .collect(),
        summary: Counts::of(diagnostics),
    };
    serde_json::to_string_pretty(&report).expect("diagnostics serialize") + "\n"
}

fn github(diagnostics: &[Diagnostic], root: &Path, base: &Path) -> String {
    let mut out = String::new();
    for d in diagnostics {
        let level = match d.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
        };
        let full = root.join(&d.file);
        let file = full.strip_prefix(base).unwrap_or(&d.file);
        let mut properties = format!("file={}", escape_property(&slashed(file)));
        if d.line > 0 {
            let _ = write!(properties, ",line={}", d.line);
            if d.col > 0 {
                let _ = write!(properties, ",col={}", d.col);
            }
        }
        let _ = write!(properties, ",title={}", escape_property(d.code));
        let mut message = d.message.clone();
        if let Some(hint) = &d.hint {
            let _ = write!(message, "\nhint: {hint}");
        }
        let _ = writeln!(out, "::{level} {properties}::{}", escape_data(&message));
    }
    out
}

/// Escapes a workflow command's message the way the Actions runner unescapes it.
fn escape_data(text: &str) -> String {
    text.replace('%', "%25")
        .replace('\r', "%0D")
        .replace('\n', "%0A")
}

/// Escapes a workflow command's property value (`file=…`, `title=…`).
fn escape_property(text: &str) -> String {
    escape_data(text).replace(':', "%3A").replace(',', "%2C")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn github_escapes_what_the_runner_would_split_on() {
        let d = Diagnostic::error("links.missing_target", "a,b.md", "50% done: yes\nno")
            .at(3, 4)
            .hint("fix");
        let text = render(&[d], Format::Github, Path::new("/r"), Path::new("/r"));
        assert_eq!(
            text,
            "::error file=a%2Cb.md,line=3,col=4,title=links.missing_target::50%25 done: yes%0Ano%0Ahint: fix\n"
        );
    }

    #[test]
    fn human_colour_marks_the_level() {
        let d = Diagnostic::warning("links.missing_anchor", "a.md", "m").at(1, 2);
        let text = render(
            &[d],
            Format::Human { colour: true },
            Path::new("/"),
            Path::new("/"),
        );
        assert!(text.starts_with("\x1b[1ma.md:1:2\x1b[0m: \x1b[1;33mwarning\x1b[0m"));
        assert!(text.ends_with("0 error(s), 1 warning(s)\n"), "{text}");
    }
}
