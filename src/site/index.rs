//! The site index: every page of every locale with its URL, built from file paths alone.
//!
//! URLs depend only on paths, so the index exists before any markdown is rendered and links can
//! be rewritten during rendering. Each locale overlays the default locale's tree: a page
//! missing in a locale is published there from the default locale's source (a fallback page)
//! unless the site turns fallback pages off.

use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};

use super::sources::Source;
use crate::config::Config;
use crate::content::SourceFile;
use crate::diagnostics::Diagnostic;

/// One published page.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PageEntry {
    /// Index of the locale it is published in.
    pub locale: usize,
    /// `support/customer-support`, `support/index`, `index`.
    pub key: String,
    /// The article it shows, or `None` for a folder without an index.md.
    pub source: Option<usize>,
    /// Whether the source belongs to the default locale (not translated yet).
    pub fallback: bool,
    /// URL path relative to the base URL, ending with `/` (`en-us/support/`).
    pub url: String,
}

impl PageEntry {
    /// Whether this page is a folder's listing (`…/index`).
    pub fn is_section(&self) -> bool {
        self.key == "index" || self.key.ends_with("/index")
    }
}

/// Every page and asset of the site, with lookups by locale and key.
#[derive(Debug, Default)]
pub struct SiteIndex {
    /// Pages sorted by locale, then key.
    pub pages: Vec<PageEntry>,
    by_key: HashMap<(usize, String), usize>,
    assets: HashSet<(usize, String)>,
}

impl SiteIndex {
    /// Indexes the pages and assets of every locale.
    pub fn new(
        config: &Config,
        sources: &[Source],
        assets: &[SourceFile],
        diagnostics: &mut Vec<Diagnostic>,
    ) -> Self {
        let mut own: Vec<BTreeMap<String, usize>> = vec![BTreeMap::new(); config.locales.len()];
        for (i, source) in sources.iter().enumerate() {
            own[source.file.locale].insert(source.key().to_string(), i);
        }
        reject_url_collisions(sources, &mut own, diagnostics);
        let default = config.default_locale;
        let mut index = Self::default();
        for (locale, spec) in config.locales.iter().enumerate() {
            let mut keys: BTreeMap<String, (Option<usize>, bool)> = own[locale]
                .iter()
                .map(|(k, &s)| (k.clone(), (Some(s), false)))
                .collect();
            if locale != default && config.fallback_pages {
                for (k, &s) in &own[default] {
                    keys.entry(k.clone()).or_insert((Some(s), true));
                }
            }
            let folders: BTreeSet<String> = keys.keys().flat_map(|k| folder_keys(k)).collect();
            for folder in folders {
                keys.entry(folder).or_insert((None, false));
            }
            for (key, (source, fallback)) in keys {
                let url = format!("{}/{}", spec.slug, url_path(&key));
                index
                    .by_key
                    .insert((locale, key.clone()), index.pages.len());
                index.pages.push(PageEntry {
                    locale,
                    key,
                    source,
                    fallback,
                    url,
                });
            }
        }
        index.assets = assets.iter().map(|a| (a.locale, a.rel.clone())).collect();
        index
    }

    /// The page published at `key` in `locale`.
    pub fn lookup(&self, locale: usize, key: &str) -> Option<usize> {
        self.by_key.get(&(locale, key.to_string())).copied()
    }

    /// Whether `locale` has the asset `rel`.
    pub fn has_asset(&self, locale: usize, rel: &str) -> bool {
        self.assets.contains(&(locale, rel.to_string()))
    }
}

/// `a/b/c` → `a/b/`, `a/index` → `a/`, `index` → ``.
pub fn url_path(key: &str) -> String {
    let folder = key
        .strip_suffix("/index")
        .or_else(|| (key == "index").then_some(""))
        .unwrap_or(key);
    if folder.is_empty() {
        String::new()
    } else {
        format!("{folder}/")
    }
}

/// The section keys of every folder above `key`: `a/b/c` → `index`, `a/index`, `a/b/index`.
fn folder_keys(key: &str) -> Vec<String> {
    let mut keys = vec!["index".to_string()];
    let parts: Vec<&str> = key.split('/').collect();
    for depth in 1..parts.len() {
        keys.push(format!("{}/index", parts[..depth].join("/")));
    }
    keys
}

/// `a/b.md` and `a/b/index.md` would both be `/a/b/`: the first one loses.
fn reject_url_collisions(
    sources: &[Source],
    own: &mut [BTreeMap<String, usize>],
    diagnostics: &mut Vec<Diagnostic>,
) {
    for keys in own.iter_mut() {
        let clashes: Vec<String> = keys
            .keys()
            .filter(|k| !k.ends_with("index") && keys.contains_key(&format!("{k}/index")))
            .cloned()
            .collect();
        for key in clashes {
            let loser = keys.remove(&key).expect("key listed above");
            let winner = keys[&format!("{key}/index")];
            diagnostics.push(
                Diagnostic::error(
                    "content.duplicate_url",
                    &sources[loser].file.path,
                    format!(
                        "this article and {} would both be published at /{}",
                        sources[winner].file.path.display(),
                        url_path(&key)
                    ),
                )
                .hint("rename one of them"),
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pretty_urls() {
        assert_eq!(url_path("index"), "");
        assert_eq!(url_path("support/index"), "support/");
        assert_eq!(url_path("support/hours"), "support/hours/");
    }

    #[test]
    fn folder_keys_cover_every_ancestor() {
        assert_eq!(folder_keys("a/b/c"), ["index", "a/index", "a/b/index"]);
        assert_eq!(folder_keys("index"), ["index"]);
    }
}
