//! Finding the site's source files and reading their front matter.
//!
//! Discovery walks each locale's content folder in sorted order, so every later stage sees the
//! same files in the same order on every run.

pub mod date;
pub mod docfx_yaml;
pub mod front_matter;

use std::path::{Path, PathBuf};

use rayon::prelude::*;
use walkdir::WalkDir;

use crate::config::Config;
use crate::diagnostics::Diagnostic;

/// One file under a locale's content folder.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SourceFile {
    /// Index of the locale in [`Config::locales`].
    pub locale: usize,
    /// Path relative to the locale's content folder, with `/` separators.
    pub rel: String,
    /// The file on disk.
    pub path: PathBuf,
}

/// Everything found under the locales' content folders.
#[derive(Debug, Default)]
pub struct Discovered {
    /// Articles (`*.md` outside `includes/` folders except `TOC.md`, and DocFX YAML pages),
    /// sorted by locale then path.
    pub articles: Vec<SourceFile>,
    /// Other files (images, downloads), copied next to the pages.
    pub assets: Vec<SourceFile>,
}

/// Lists every article and asset of every locale, the locales' folders walked in parallel.
pub fn discover(config: &Config, diagnostics: &mut Vec<Diagnostic>) -> Discovered {
    let walked: Vec<(Discovered, Vec<Diagnostic>)> = config
        .locales
        .par_iter()
        .enumerate()
        .map(|(locale, spec)| {
            let mut found = Discovered::default();
            let mut diags = Vec::new();
            if spec.content_dir.is_dir() {
                walk_locale(config, locale, &spec.content_dir, &mut found, &mut diags);
            } else if locale == config.default_locale {
                diags.push(
                    Diagnostic::error(
                        "content.missing_locale_folder",
                        config.file(),
                        format!(
                            "the default locale's folder {} does not exist",
                            spec.content_dir.display()
                        ),
                    )
                    .hint("create it and put the site's articles there"),
                );
            }
            (found, diags)
        })
        .collect();
    let mut found = Discovered::default();
    for (mut locale, mut diags) in walked {
        found.articles.append(&mut locale.articles);
        found.assets.append(&mut locale.assets);
        diagnostics.append(&mut diags);
    }
    found
}

fn walk_locale(
    config: &Config,
    locale: usize,
    dir: &Path,
    found: &mut Discovered,
    diagnostics: &mut Vec<Diagnostic>,
) {
    let walker = WalkDir::new(dir)
        .sort_by_file_name()
        .into_iter()
        .filter_entry(|e| e.depth() == 0 || !is_hidden(e.file_name()));
    for entry in walker {
        let entry = match entry {
            Ok(entry) => entry,
            Err(e) => {
                let path = e.path().unwrap_or(dir).to_path_buf();
                diagnostics.push(Diagnostic::error(
                    "content.unreadable",
                    path,
                    format!("cannot read this folder entry: {e}"),
                ));
                continue;
            }
        };
        let path = entry.path();
        if entry.path_is_symlink() && !symlink_stays_inside(&config.root, path) {
            diagnostics.push(
                Diagnostic::error(
                    "content.outside_root",
                    path,
                    "this symbolic link points outside the site root",
                )
                .hint("copy the file into the site instead of linking to it"),
            );
            continue;
        }
        // The walk does not follow links, so only a link's target needs a look of its own.
        let is_file = if entry.path_is_symlink() {
            path.is_file()
        } else {
            entry.file_type().is_file()
        };
        if !is_file {
            continue;
        }
        let Some(rel) = relative_slash_path(dir, path) else {
            diagnostics.push(Diagnostic::error(
                "content.file_name",
                path,
                "this file name is not valid UTF-8",
            ));
            continue;
        };
        if let Some(c) = file_name_problem(&rel) {
            diagnostics.push(
                Diagnostic::warning(
                    "content.file_name",
                    path,
                    format!("the path contains `{c}`, which Windows and some hosts do not allow"),
                )
                .hint("rename it with letters, digits, `-` and `_`"),
            );
        }
        let file = SourceFile {
            locale,
            rel,
            path: path.to_path_buf(),
        };
        if file.rel.ends_with(".md") {
            if !is_include(&file.rel) && !is_toc(&file.rel) {
                found.articles.push(file);
            }
        } else if file.rel.ends_with(".yml") && is_yaml_page(path) {
            found.articles.push(file);
        } else if !file.rel.ends_with(".yml") && !file.rel.ends_with(".yaml") {
            found.assets.push(file);
        }
    }
}

/// A character of `rel` that is illegal in Windows file names (or a control character).
fn file_name_problem(rel: &str) -> Option<char> {
    rel.chars()
        .find(|&c| matches!(c, '<' | '>' | ':' | '"' | '|' | '?' | '*' | '\\') || c.is_control())
}

/// Whether a `.yml` file is a DocFX page (FAQ, Landing, Hub) rather than data or a TOC.
fn is_yaml_page(path: &Path) -> bool {
    crate::fs::read(path)
        .ok()
        .and_then(|bytes| String::from_utf8(bytes).ok())
        .is_some_and(|text| docfx_yaml::is_page(&text))
}

fn is_hidden(name: &std::ffi::OsStr) -> bool {
    name.to_str().is_some_and(|n| n.starts_with('.'))
}

/// Markdown under an `includes/` folder is included into articles, never published alone.
fn is_include(rel: &str) -> bool {
    rel.split('/').rev().skip(1).any(|part| part == "includes")
}

/// A DocFX `TOC.md` is navigation (see `site::toc`), not an article.
fn is_toc(rel: &str) -> bool {
    rel.rsplit('/')
        .next()
        .is_some_and(|name| name.eq_ignore_ascii_case("toc.md"))
}

fn symlink_stays_inside(root: &Path, path: &Path) -> bool {
    std::fs::canonicalize(path).is_ok_and(|target| target.starts_with(root))
}

fn relative_slash_path(base: &Path, path: &Path) -> Option<String> {
    let rel = path.strip_prefix(base).ok()?;
    let parts: Option<Vec<&str>> = rel.components().map(|c| c.as_os_str().to_str()).collect();
    Some(parts?.join("/"))
}
