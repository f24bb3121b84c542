//! DocFX tables of contents as navigation: `TOC.yml`/`toc.yml` (`name`, `href`, `items`,
//! `displayName`, `topicHref`, `tocHref`) and `TOC.md` (`# [Name](href)` headings, nested by
//! level), with nested TOCs followed from `href`/`tocHref`.
//!
//! A locale's TOC is read from its content folder's root (or, when it has none, the default
//! locale's); targets resolve to the locale's pages, so fallback pages keep their place.
//! [`super::nav::Nav::apply_toc`] turns the tree into the same nav model the folder tree gives.

use std::collections::HashSet;
use std::path::{Path, PathBuf};

use serde::Deserialize;

use super::index::SiteIndex;
use super::links::site_relative_url;
use super::sources::page_key;
use crate::config::Config;
use crate::diagnostics::Diagnostic;
use crate::fs::join_relative;

/// How deep TOC files may nest through `href: sub/TOC.yml`.
const MAX_TOC_DEPTH: usize = 8;

/// The names a TOC file may have, in the order they are looked for.
const TOC_NAMES: [&str; 3] = ["TOC.yml", "toc.yml", "TOC.md"];

/// One entry of a table of contents.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TocNode {
    /// Display text (`name`).
    pub title: String,
    /// The page it opens, if it names one of the site's pages.
    pub page: Option<usize>,
    /// An external or site-relative URL, if it names one.
    pub url: Option<String>,
    /// Child entries.
    pub children: Vec<TocNode>,
}

#[derive(Debug, Deserialize)]
#[serde(untagged)]
enum RawToc {
    List(Vec<RawItem>),
    Root { items: Vec<RawItem> },
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
struct RawItem {
    #[serde(default)]
    name: Option<String>,
    #[serde(default)]
    display_name: Option<String>,
    #[serde(default)]
    href: Option<String>,
    #[serde(default)]
    topic_href: Option<String>,
    #[serde(default)]
    toc_href: Option<String>,
    /// `items:` may be written with no value.
    #[serde(default)]
    items: Option<Vec<RawItem>>,
}

/// Reads each locale's TOC; `None` for a locale whose content has no TOC file.
pub fn load(
    config: &Config,
    index: &SiteIndex,
    diagnostics: &mut Vec<Diagnostic>,
) -> Vec<Option<Vec<TocNode>>> {
    (0..config.locales.len())
        .map(|locale| {
            let dirs = [locale, config.default_locale];
            let (dir, name) = dirs.iter().find_map(|&l| {
                let dir = &config.locales[l].content_dir;
                TOC_NAMES
                    .iter()
                    .find(|n| dir.join(n).is_file())
                    .map(|n| (dir.clone(), *n))
            })?;
            let mut reader = Reader {
                config,
                index,
                locale,
                dir,
                seen: HashSet::new(),
                diagnostics: Vec::new(),
            };
            let nodes = reader.read(name, 0);
            diagnostics.append(&mut reader.diagnostics);
            Some(nodes)
        })
        .collect()
}

struct Reader<'a> {
    config: &'a Config,
    index: &'a SiteIndex,
    locale: usize,
    dir: PathBuf,
    seen: HashSet<String>,
    diagnostics: Vec<Diagnostic>,
}

impl Reader<'_> {
    /// Reads the TOC file `rel` (relative to the content folder) into nodes.
    fn read(&mut self, rel: &str, depth: usize) -> Vec<TocNode> {
        let path = self.dir.join(rel);
        if depth > MAX_TOC_DEPTH || !self.seen.insert(rel.to_string()) {
            self.warn(
                "toc.invalid",
                &path,
                0,
                format!("{rel} is included in the TOC more than once or too deeply"),
            );
            return Vec::new();
        }
        let Some(text) = crate::fs::read(&path)
            .ok()
            .and_then(|b| String::from_utf8(b).ok())
        else {
            self.warn(
                "toc.invalid",
                &path,
                0,
                format!("{rel} cannot be read as UTF-8 text"),
            );
            return Vec::new();
        };
        let folder = rel.rsplit_once('/').map_or("", |(d, _)| d).to_string();
        let items = if rel.ends_with(".md") {
            markdown_items(&text)
        } else {
            match crate::yaml::from_str::<RawToc>(&text) {
                Ok(RawToc::List(items) | RawToc::Root { items }) => items,
                Err(e) => {
                    self.warn(
                        "toc.invalid",
                        &path,
                        e.line,
                        format!("this TOC is not valid: {}", e.message),
                    );
                    return Vec::new();
                }
            }
        };
        let nodes = items
            .into_iter()
            .map(|item| self.node(item, &folder, &path, &text, depth))
            .collect();
        self.seen.remove(rel);
        nodes
    }

    fn node(
        &mut self,
        item: RawItem,
        folder: &str,
        file: &Path,
        text: &str,
        depth: usize,
    ) -> TocNode {
        let title = item.name.or(item.display_name).unwrap_or_default();
        let mut node = TocNode {
            title,
            page: None,
            url: None,
            children: Vec::new(),
        };
        let mut toc = item.toc_href;
        for href in [item.href, item.topic_href].into_iter().flatten() {
            let path = href.split(['#', '?']).next().unwrap_or_default();
            let name = path.rsplit('/').next().unwrap_or_default();
            let is_toc = TOC_NAMES.iter().any(|n| n.eq_ignore_ascii_case(name))
                || (path.ends_with('/') && !has_scheme(&href) && !href.starts_with('/'));
            if is_toc {
                toc.get_or_insert(href.clone());
            } else {
                self.target(&mut node, &href, folder, file, text);
            }
        }
        if let Some(toc) = toc {
            self.nested(&mut node, &toc, folder, depth);
        }
        node.children.extend(
            item.items
                .unwrap_or_default()
                .into_iter()
                .map(|i| self.node(i, folder, file, text, depth)),
        );
        node
    }

    /// Points `node` at the page or URL `href` names.
    fn target(&mut self, node: &mut TocNode, href: &str, folder: &str, file: &Path, text: &str) {
        if has_scheme(href) {
            node.url = Some(href.to_string());
            return;
        }
        if href.starts_with('/') {
            node.url = site_relative_url(self.config, self.locale, href);
            return;
        }
        let path = href.split(['#', '?']).next().unwrap_or_default();
        let key = join_relative(folder, path).and_then(|rel| page_key(&rel).map(str::to_string));
        node.page = key.and_then(|k| self.index.lookup(self.locale, &k));
        if node.page.is_none() {
            let line = line_of(text, href);
            self.warn(
                "toc.missing_target",
                file,
                line,
                format!("TOC entry `{href}` names no page of the site"),
            );
        }
    }

    /// Adds the entries of the nested TOC `href` (a TOC file or a folder holding one).
    fn nested(&mut self, node: &mut TocNode, href: &str, folder: &str, depth: usize) {
        let Some(rel) = join_relative(folder, href) else {
            return;
        };
        let rel = if href.ends_with('/') || rel.is_empty() {
            let base = if rel.is_empty() {
                String::new()
            } else {
                format!("{rel}/")
            };
            match TOC_NAMES
                .iter()
                .find(|n| self.dir.join(format!("{base}{n}")).is_file())
            {
                Some(n) => format!("{base}{n}"),
                None => return,
            }
        } else {
            rel
        };
        node.children = self.read(&rel, depth + 1);
    }

    fn warn(&mut self, code: &'static str, file: &Path, line: usize, message: String) {
        self.diagnostics.push(
            Diagnostic::warning(code, file, message)
                .at(line, 0)
                .hint("TOC entries are `name`/`href`/`items`; hrefs are relative to the TOC file"),
        );
    }
}

/// The 1-based line of `text` where the href `needle` first stands as a whole value (not a part
/// of a longer path: `a.md` in `data.md`), else where it first occurs, 0 when it does not: one
/// search of the whole text (a TOC of a thousand lines may name hundreds of missing pages).
fn line_of(text: &str, needle: &str) -> usize {
    let text = text.as_bytes();
    let apart = |b: Option<&u8>| b.is_none_or(|b| b" \t\r\n\"'()[]{},:#".contains(b));
    let mut found = memchr::memmem::find_iter(text, needle.as_bytes()).peekable();
    let first = found.peek().copied();
    found
        .find(|&at| {
            let before = at.checked_sub(1).map(|i| &text[i]);
            apart(before) && apart(text.get(at + needle.len()))
        })
        .or(first)
        .map_or(0, |at| memchr::memchr_iter(b'\n', &text[..at]).count() + 1)
}

fn has_scheme(href: &str) -> bool {
    href.split_once(':').is_some_and(|(s, _)| {
        !s.is_empty() && s.chars().all(|c| c.is_ascii_alphanumeric() || c == '+')
    })
}

/// `TOC.md`: headings `# [Name](href)` or `# Name`, nested by level.
fn markdown_items(text: &str) -> Vec<RawItem> {
    let mut stack: Vec<(usize, RawItem)> = Vec::new();
    let mut roots = Vec::new();
    for line in text.lines() {
        let level = line.chars().take_while(|&c| c == '#').count();
        if level == 0 || !line[level..].starts_with(' ') {
            continue;
        }
        let heading = line[level..].trim();
        let (name, href) = match heading.strip_prefix('[').and_then(|h| h.split_once("](")) {
            Some((name, rest)) => (name, rest.strip_suffix(')').map(str::to_string)),
            None => (heading, None),
        };
        let item = RawItem {
            name: Some(name.to_string()),
            display_name: None,
            href,
            topic_href: None,
            toc_href: None,
            items: None,
        };
        close_levels(&mut stack, &mut roots, level);
        stack.push((level, item));
    }
    close_levels(&mut stack, &mut roots, 0);
    roots
}

/// Pops entries at `level` or deeper, attaching each to its parent (or to the roots).
fn close_levels(stack: &mut Vec<(usize, RawItem)>, roots: &mut Vec<RawItem>, level: usize) {
    while stack.last().is_some_and(|(l, _)| *l >= level) {
        let (_, item) = stack.pop().expect("checked above");
        match stack.last_mut() {
            Some((_, parent)) => parent.items.get_or_insert_with(Vec::new).push(item),
            None => roots.push(item),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn toc_md_nests_by_heading_level() {
        let items = markdown_items(
            "# [All](index.md)\n\n# Older\n## [May](2022-may.md)\n## [April](a.md)\n# [Last](z.md)\n",
        );
        let names: Vec<_> = items.iter().map(|i| i.name.as_deref().unwrap()).collect();
        assert_eq!(names, ["All", "Older", "Last"]);
        let older = items[1].items.as_ref().unwrap();
        assert_eq!(older.len(), 2);
        assert_eq!(older[0].href.as_deref(), Some("2022-may.md"));
        assert_eq!(items[0].href.as_deref(), Some("index.md"));
    }

    #[test]
    fn toc_yml_reads_docfx_keys() {
        let toc: RawToc = crate::yaml::from_str(
            "- name: A\n  displayName: alias\n  href: a.md\n  items:\n  - name: Empty\n    items:\n  - name: B\n    tocHref: sub/\n    topicHref: sub/index.md\n",
        )
        .unwrap();
        let RawToc::List(items) = toc else {
            panic!("a list")
        };
        assert_eq!(items[0].display_name.as_deref(), Some("alias"));
        let children = items[0].items.as_ref().unwrap();
        assert!(children[0].items.is_none());
        assert_eq!(children[1].toc_href.as_deref(), Some("sub/"));
        assert_eq!(children[1].topic_href.as_deref(), Some("sub/index.md"));
    }
}
