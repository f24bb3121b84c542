//! Diagnostics as data: what is wrong in the site's files, where, and what to do about it.
//!
//! Every stage collects diagnostics instead of stopping at the first problem; the command sorts
//! them by file and position and prints them all in one run.

use std::fmt;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

/// How bad a diagnostic is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    /// Fails the build.
    Error,
    /// Reported; fails the build only under `--strict`.
    Warning,
}

/// One problem found in the site's files.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Diagnostic {
    /// How bad it is.
    pub severity: Severity,
    /// A stable, dotted code, e.g. `links.missing_target`.
    pub code: &'static str,
    /// The file, relative to the site root where possible.
    pub file: PathBuf,
    /// 1-based line, 0 when the problem concerns the whole file.
    pub line: usize,
    /// 1-based column, 0 when unknown.
    pub col: usize,
    /// What is wrong.
    pub message: String,
    /// What to do about it.
    pub hint: Option<String>,
}

impl Diagnostic {
    /// An error about a whole file.
    pub fn error(code: &'static str, file: impl Into<PathBuf>, message: impl Into<String>) -> Self {
        Self {
            severity: Severity::Error,
            code,
            file: file.into(),
            line: 0,
            col: 0,
            message: message.into(),
            hint: None,
        }
    }

    /// A warning about a whole file.
    pub fn warning(
        code: &'static str,
        file: impl Into<PathBuf>,
        message: impl Into<String>,
    ) -> Self {
        Self {
            severity: Severity::Warning,
            ..Self::error(code, file, message)
        }
    }

    /// Sets the position.
    pub fn at(mut self, line: usize, col: usize) -> Self {
        self.line = line;
        self.col = col;
        self
    }

    /// Sets the hint.
    pub fn hint(mut self, hint: impl Into<String>) -> Self {
        self.hint = Some(hint.into());
        self
    }

    /// Rewrites an absolute file path relative to `root` for display.
    pub fn relative_to(mut self, root: &Path) -> Self {
        if let Ok(rel) = self.file.strip_prefix(root) {
            self.file = rel.to_path_buf();
        }
        self
    }

    fn sort_key(&self) -> (&Path, usize, usize, Severity, &'static str, &str) {
        (
            &self.file,
            self.line,
            self.col,
            self.severity,
            self.code,
            &self.message,
        )
    }
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let level = match self.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
        };
        write!(f, "{}", self.file.display())?;
        if self.line > 0 {
            write!(f, ":{}", self.line)?;
            if self.col > 0 {
                write!(f, ":{}", self.col)?;
            }
        }
        write!(f, ": {level}[{}]: {}", self.code, self.message)?;
        if let Some(hint) = &self.hint {
            write!(f, "\n  hint: {hint}")?;
        }
        Ok(())
    }
}

/// How many times the same problem is listed per file before the rest is summed up.
pub const MAX_REPEATS: usize = 10;

/// Sorts diagnostics by file, position, severity and code, dropping exact duplicates, and sums up
/// a problem repeated more than [`MAX_REPEATS`] times in one file in a single last diagnostic.
pub fn sort(diagnostics: &mut Vec<Diagnostic>) {
    diagnostics.sort_by(|a, b| a.sort_key().cmp(&b.sort_key()));
    diagnostics.dedup();
    let mut seen: std::collections::HashMap<(PathBuf, &'static str, String), usize> =
        std::collections::HashMap::new();
    let mut summaries: Vec<Diagnostic> = Vec::new();
    diagnostics.retain(|d| {
        let count = seen
            .entry((d.file.clone(), d.code, d.message.clone()))
            .or_insert(0);
        *count += 1;
        if *count == MAX_REPEATS + 1 {
            summaries.push(d.clone());
        }
        *count <= MAX_REPEATS
    });
    for mut summary in summaries {
        let count = seen[&(summary.file.clone(), summary.code, summary.message.clone())];
        summary.message = format!(
            "{} (and {} more times in this file from here on)",
            summary.message,
            count - MAX_REPEATS
        );
        diagnostics.push(summary);
    }
    diagnostics.sort_by(|a, b| a.sort_key().cmp(&b.sort_key()));
}

/// The severity a site gives one diagnostic code in `kilavuz.yaml` (`diagnostics:`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, crate::schema::JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum Level {
    /// Always an error.
    Error,
    /// A warning, even under `--strict` and in `kilavuz check`.
    Warn,
    /// Not reported.
    Off,
}

/// Whether `text` has the shape of a diagnostic code: dotted lower-case words (`links.missing_anchor`).
pub fn is_code(text: &str) -> bool {
    let mut parts = text.split('.');
    let word = |p: &str| {
        !p.is_empty()
            && p.bytes()
                .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'_')
    };
    parts.next().is_some_and(word) && text.contains('.') && parts.all(word)
}

/// Applies the site's per-code levels, then `strict`: a code set to `off` is dropped, one set to
/// `error` or `warn` takes that severity, and under `strict` every other warning becomes an error.
pub fn apply_levels(
    diagnostics: &mut Vec<Diagnostic>,
    levels: &std::collections::BTreeMap<String, Level>,
    strict: bool,
) {
    diagnostics.retain(|d| levels.get(d.code) != Some(&Level::Off));
    for d in diagnostics {
        d.severity = match levels.get(d.code) {
            Some(Level::Error) => Severity::Error,
            Some(Level::Warn) => Severity::Warning,
            _ if strict => Severity::Error,
            _ => d.severity,
        };
    }
}

/// Turns every warning into an error (`--strict`).
pub fn make_strict(diagnostics: &mut [Diagnostic]) {
    for d in diagnostics {
        d.severity = Severity::Error;
    }
}

/// Whether any diagnostic fails the build.
pub fn has_errors(diagnostics: &[Diagnostic]) -> bool {
    diagnostics.iter().any(|d| d.severity == Severity::Error)
}

/// Maps a byte offset in `text` to a 1-based line and column (columns count characters).
pub fn line_col(text: &str, offset: usize) -> (usize, usize) {
    let offset = offset.min(text.len());
    let before = &text[..floor_char_boundary(text, offset)];
    let line = before.matches('\n').count() + 1;
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    (line, before[line_start..].chars().count() + 1)
}

fn floor_char_boundary(text: &str, mut i: usize) -> usize {
    while !text.is_char_boundary(i) {
        i -= 1;
    }
    i
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn levels_override_defaults_and_strict() {
        let mut diags = vec![
            Diagnostic::warning("links.missing_anchor", "a.md", "x"),
            Diagnostic::warning("links.missing_file", "a.md", "y"),
            Diagnostic::warning("i18n.missing_key", "a.md", "z"),
            Diagnostic::error("front_matter.wrong_type", "a.md", "w"),
        ];
        let levels = [
            ("links.missing_anchor", Level::Warn),
            ("links.missing_file", Level::Off),
            ("front_matter.wrong_type", Level::Warn),
        ]
        .into_iter()
        .map(|(c, l)| (c.to_string(), l))
        .collect();
        apply_levels(&mut diags, &levels, true);
        let got: Vec<(&str, Severity)> = diags.iter().map(|d| (d.code, d.severity)).collect();
        assert_eq!(
            got,
            [
                ("links.missing_anchor", Severity::Warning),
                ("i18n.missing_key", Severity::Error),
                ("front_matter.wrong_type", Severity::Warning),
            ]
        );
    }

    #[test]
    fn code_shapes() {
        assert!(is_code("links.missing_anchor"));
        assert!(is_code("a.b.c2"));
        assert!(!is_code("links"));
        assert!(!is_code("Links.Missing"));
        assert!(!is_code("links..x"));
    }

    #[test]
    fn sorts_and_sums_up_repeats() {
        let mut diags: Vec<Diagnostic> = (1..=25)
            .rev()
            .map(|line| Diagnostic::warning("links.missing_target", "a.md", "x").at(line, 1))
            .collect();
        diags.push(Diagnostic::error("front_matter.invalid_yaml", "a.md", "bad").at(2, 3));
        sort(&mut diags);
        assert_eq!(diags.len(), MAX_REPEATS + 2);
        assert_eq!((diags[0].line, diags[1].line), (1, 2));
        assert_eq!(diags[2].code, "front_matter.invalid_yaml");
        let last = diags.last().unwrap();
        assert_eq!(last.line, 11);
        assert!(
            last.message.contains("and 15 more times"),
            "{}",
            last.message
        );
    }
}
