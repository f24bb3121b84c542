//! Escalation decision trees: loading `content/data/trees/*.yaml`, validating them, and
//! unfolding every answer path into the pages the site publishes.
//!
//! A tree is checked in two steps: [`check`] looks at the graph (references, cycles,
//! reachability, option counts, router rules, fact domains, translations) and, only when the
//! graph is sound, [`unfold`] walks every path from the start, which catches facts read before
//! they are set, references that depend on answers, and trees too large to publish.

pub mod check;
pub mod diagram;
pub mod model;
pub mod unfold;

use std::path::{Path, PathBuf};

use crate::diagnostics::Diagnostic;
use model::TreeFile;
pub use unfold::{Page, PageKind};

/// The default limit of pages one tree may unfold to, per locale.
pub const DEFAULT_MAX_PAGES: usize = 1000;

/// What trees need to know about support offerings to check their references.
pub trait Catalog {
    /// Whether an offering with this id exists and is published.
    fn has_offering(&self, offering: &str) -> bool;
    /// Whether the offering is the partner's own (not an upstream vendor's).
    fn is_partner_offering(&self, offering: &str) -> bool;
    /// Whether the offering defines this severity.
    fn has_severity(&self, offering: &str, severity: &str) -> bool;
    /// Whether the offering has a channel with this id.
    fn has_channel(&self, offering: &str, channel: &str) -> bool;
}

/// A loaded, checked and unfolded tree.
#[derive(Debug, Clone)]
pub struct Tree {
    /// The tree's id (its file name), used in URLs.
    pub id: String,
    /// The file it came from.
    pub file: PathBuf,
    /// The tree as written.
    pub def: TreeFile,
    /// Every page of the tree: the start page, one per answer path, the fallback.
    pub pages: Vec<Page>,
}

/// Loads every tree under `dir` (sorted by file name). Trees with errors are left out.
pub fn load(
    dir: &Path,
    locales: &[String],
    catalog: &dyn Catalog,
    diagnostics: &mut Vec<Diagnostic>,
) -> Vec<Tree> {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return Vec::new();
    };
    let mut files: Vec<PathBuf> = entries
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| matches!(p.extension().and_then(|e| e.to_str()), Some("yaml" | "yml")))
        .collect();
    files.sort();
    files
        .into_iter()
        .filter_map(|file| load_one(&file, locales, catalog, diagnostics))
        .collect()
}

fn load_one(
    file: &Path,
    locales: &[String],
    catalog: &dyn Catalog,
    diagnostics: &mut Vec<Diagnostic>,
) -> Option<Tree> {
    let text = match crate::fs::read(file).map(String::from_utf8) {
        Ok(Ok(text)) => text,
        Ok(Err(_)) => {
            diagnostics.push(Diagnostic::error(
                "trees.encoding",
                file,
                "the file is not valid UTF-8",
            ));
            return None;
        }
        Err(e) => {
            diagnostics.push(Diagnostic::error("trees.unreadable", file, e.to_string()));
            return None;
        }
    };
    let def: TreeFile = match crate::yaml::from_str(&text) {
        Ok(def) => def,
        Err(e) => {
            diagnostics.push(
                Diagnostic::error("trees.invalid", file, e.message)
                    .at(e.line, e.col)
                    .hint("see the decision tree format in docs/content/en-US/decision-trees.md"),
            );
            return None;
        }
    };
    let id = file.file_stem()?.to_string_lossy().into_owned();
    let locator = Locator { text: &text, file };
    let before = diagnostics.len();
    check::tree(&id, &def, locales, catalog, &locator, diagnostics);
    if crate::diagnostics::has_errors(&diagnostics[before..]) {
        return None;
    }
    let pages = unfold::pages(&def, catalog, &locator, diagnostics)?;
    Some(Tree {
        id,
        file: file.to_path_buf(),
        def,
        pages,
    })
}

/// Finds the line of a node, option or key in a tree's text, for diagnostics.
pub struct Locator<'a> {
    text: &'a str,
    file: &'a Path,
}

impl Locator<'_> {
    /// An error at the first line where `key:` (or `id: key`) is written.
    pub fn error(&self, code: &'static str, key: &str, message: String) -> Diagnostic {
        Diagnostic::error(code, self.file, message).at(self.line(key), 1)
    }

    /// A warning at the first line where `key` is written.
    pub fn warning(&self, code: &'static str, key: &str, message: String) -> Diagnostic {
        Diagnostic::warning(code, self.file, message).at(self.line(key), 1)
    }

    /// The 1-based line where `key` first appears as a map key or an `id:` value, looking under
    /// `nodes:` first (node ids also name facts); 0 if not found.
    pub fn line(&self, key: &str) -> usize {
        let nodes = self
            .text
            .lines()
            .position(|l| l.trim_end() == "nodes:")
            .unwrap_or(0);
        self.find(key, nodes)
            .or_else(|| self.find(key, 0))
            .map_or(0, |i| i + 1)
    }

    fn find(&self, key: &str, from: usize) -> Option<usize> {
        self.text.lines().enumerate().skip(from).find_map(|(i, l)| {
            let l = l
                .trim_start()
                .trim_start_matches("- ")
                .trim_start_matches('{');
            let is_key = l
                .strip_prefix(key)
                .is_some_and(|rest| rest.trim_start().starts_with(':'));
            let is_id = l
                .strip_prefix("id:")
                .map(|rest| rest.trim().trim_matches(['"', '\'', '}']))
                .is_some_and(|id| id == key || id.starts_with(&format!("{key},")));
            (is_key || is_id).then_some(i)
        })
    }
}

#[cfg(test)]
mod tests;
