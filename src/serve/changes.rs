//! File events turned into a typed change set, and the rebuild policy that follows from it.
//!
//! Editors save in many ways (write in place, write a temp file and rename it, write a backup
//! first); classifying every path into a [`ChangeKind`] and ignoring editor droppings here keeps
//! the watcher and the rebuild loop free of path rules.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

/// What a changed file is to the site, narrowest first: the order is the rebuild's scope.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum ChangeKind {
    /// A file under `static/`, copied verbatim.
    Static,
    /// An article, include, asset or data file under a locale's content folder or `content/`.
    Content,
    /// A template override under `templates/`.
    Template,
    /// A UI strings file under `i18n/`.
    Strings,
    /// `kilavuz.yaml`.
    Config,
}

/// The folders and files whose changes matter, relative to the site root.
#[derive(Debug, Clone)]
pub struct SiteLayout {
    /// The site root.
    pub root: PathBuf,
    /// Every locale's content folder (usually under `content/`).
    pub content_dirs: Vec<PathBuf>,
}

impl SiteLayout {
    /// What kind of change a path is, or `None` when the site does not read it.
    pub fn classify(&self, path: &Path) -> Option<ChangeKind> {
        if is_editor_temp(path) {
            return None;
        }
        let in_content = self.content_dirs.iter().any(|d| path.starts_with(d));
        let rel = path.strip_prefix(&self.root).ok();
        let first = rel.and_then(|r| r.components().next());
        let first = first.and_then(|c| c.as_os_str().to_str());
        match (first, rel) {
            (Some(crate::config::FILE_NAME), Some(rel)) if rel.components().count() == 1 => {
                Some(ChangeKind::Config)
            }
            _ if in_content => Some(ChangeKind::Content),
            (Some("content"), _) => Some(ChangeKind::Content),
            (Some("templates"), _) => Some(ChangeKind::Template),
            (Some("i18n"), _) => Some(ChangeKind::Strings),
            (Some("static"), _) => Some(ChangeKind::Static),
            _ => None,
        }
    }

    /// The folders to watch recursively (they may not exist yet).
    pub fn watched_dirs(&self) -> Vec<PathBuf> {
        let mut dirs: BTreeSet<PathBuf> = ["content", "templates", "i18n", "static"]
            .iter()
            .map(|d| self.root.join(d))
            .collect();
        dirs.extend(
            self.content_dirs
                .iter()
                .filter(|d| !d.starts_with(self.root.join("content")))
                .cloned(),
        );
        dirs.into_iter().collect()
    }
}

/// A markdown file that still exists (an edit, not a deletion).
fn is_article(path: &Path) -> bool {
    path.extension().is_some_and(|e| e == "md") && path.is_file()
}

/// Backup, swap and probe files editors write next to the real one.
fn is_editor_temp(path: &Path) -> bool {
    let Some(name) = path.file_name().and_then(|n| n.to_str()) else {
        return true;
    };
    name.ends_with('~')
        || name.starts_with(".#")
        || (name.starts_with('#') && name.ends_with('#'))
        || [".swp", ".swx", ".swo", ".tmp", ".part", ".crdownload"]
            .iter()
            .any(|ext| name.ends_with(ext))
        || name.contains("___jb_")
        || name == "4913"
        || name == ".DS_Store"
        || name.starts_with(".goutputstream-")
}

/// Changed paths grouped by kind.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ChangeSet {
    /// Paths per kind.
    pub paths: BTreeMap<ChangeKind, BTreeSet<PathBuf>>,
}

impl ChangeSet {
    /// Adds a path if the site reads it; returns whether it was added.
    pub fn add(&mut self, layout: &SiteLayout, path: &Path) -> bool {
        let Some(kind) = layout.classify(path) else {
            return false;
        };
        self.paths
            .entry(kind)
            .or_default()
            .insert(path.to_path_buf());
        true
    }

    /// Whether nothing relevant changed.
    pub fn is_empty(&self) -> bool {
        self.paths.is_empty()
    }

    /// The widest kind of change in the set.
    pub fn widest(&self) -> Option<ChangeKind> {
        self.paths.keys().next_back().copied()
    }

    /// Every changed path, for the terminal.
    pub fn all(&self) -> impl Iterator<Item = &Path> {
        self.paths.values().flatten().map(PathBuf::as_path)
    }
}

/// What a change set calls for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Plan {
    /// Replace these files of `static/` in the current output.
    PatchStatic(Vec<PathBuf>),
    /// Take edits of these articles into the last build (a full build if they change more than
    /// their own pages).
    Articles(Vec<PathBuf>),
    /// Compile the templates again and render every page with the markdown already rendered.
    Templates,
    /// Build the site again with the current configuration.
    Rebuild,
    /// Read the configuration again, then build everything.
    ReloadConfig,
}

/// The rebuild policy.
pub fn plan(changes: &ChangeSet) -> Plan {
    match changes.widest() {
        Some(ChangeKind::Config) => Plan::ReloadConfig,
        Some(ChangeKind::Content) if changes.paths.len() == 1 && changes.all().all(is_article) => {
            Plan::Articles(changes.all().map(Path::to_path_buf).collect())
        }
        Some(ChangeKind::Template) if changes.paths.len() == 1 => Plan::Templates,
        Some(ChangeKind::Strings | ChangeKind::Template | ChangeKind::Content) => Plan::Rebuild,
        Some(ChangeKind::Static) => {
            Plan::PatchStatic(changes.all().map(Path::to_path_buf).collect())
        }
        None => Plan::Rebuild,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn layout() -> SiteLayout {
        SiteLayout {
            root: PathBuf::from("/site"),
            content_dirs: vec![
                PathBuf::from("/site/content/en-US"),
                PathBuf::from("/elsewhere/tr"),
            ],
        }
    }

    #[test]
    fn paths_are_classified_by_folder() {
        let l = layout();
        let table = [
            ("/site/kilavuz.yaml", Some(ChangeKind::Config)),
            ("/site/content/en-US/a.md", Some(ChangeKind::Content)),
            ("/site/content/data/trees/t.yaml", Some(ChangeKind::Content)),
            ("/elsewhere/tr/a.md", Some(ChangeKind::Content)),
            ("/site/templates/article.html", Some(ChangeKind::Template)),
            ("/site/i18n/tr-TR.yaml", Some(ChangeKind::Strings)),
            ("/site/static/css/x.css", Some(ChangeKind::Static)),
            ("/site/public/index.html", None),
            ("/site/target/debug/kilavuz", None),
            (
                "/site/content/en-US/kilavuz.yaml",
                Some(ChangeKind::Content),
            ),
            ("/site/content/en-US/.a.md.swp", None),
            ("/site/content/en-US/a.md~", None),
            ("/site/content/en-US/4913", None),
            ("/site/content/en-US/.#a.md", None),
            ("/site/static/x.css___jb_tmp___", None),
        ];
        for (path, want) in table {
            assert_eq!(l.classify(Path::new(path)), want, "{path}");
        }
    }

    #[test]
    fn the_widest_change_decides_the_plan() {
        let l = layout();
        let mut set = ChangeSet::default();
        set.add(&l, Path::new("/site/static/a.css"));
        assert_eq!(
            plan(&set),
            Plan::PatchStatic(vec![PathBuf::from("/site/static/a.css")])
        );
        set.add(&l, Path::new("/site/content/en-US/a.md"));
        assert_eq!(plan(&set), Plan::Rebuild);
        set.add(&l, Path::new("/site/kilavuz.yaml"));
        assert_eq!(plan(&set), Plan::ReloadConfig);
        assert!(!set.add(&l, Path::new("/site/public/x.html")));
    }

    #[test]
    fn templates_alone_and_existing_articles_alone_are_narrow_plans() {
        let l = layout();
        let mut set = ChangeSet::default();
        set.add(&l, Path::new("/site/templates/article.html"));
        assert_eq!(plan(&set), Plan::Templates);
        set.add(&l, Path::new("/site/content/en-US/a.md"));
        assert_eq!(plan(&set), Plan::Rebuild, "templates and content together");

        let dir = tempfile::tempdir().unwrap();
        let article = dir.path().join("content/en-US/a.md");
        std::fs::create_dir_all(article.parent().unwrap()).unwrap();
        std::fs::write(&article, "# A\n").unwrap();
        let l = SiteLayout {
            root: dir.path().to_path_buf(),
            content_dirs: vec![dir.path().join("content/en-US")],
        };
        let mut set = ChangeSet::default();
        set.add(&l, &article);
        assert_eq!(plan(&set), Plan::Articles(vec![article.clone()]));
        set.add(&l, &dir.path().join("content/en-US/gone.md"));
        assert_eq!(
            plan(&set),
            Plan::Rebuild,
            "a deleted article changes the page set"
        );
    }
}
