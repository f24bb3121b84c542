//! The sidebar of every article page: its locale's DocFX TOC when it has one, else its folder
//! tree, opened along the page's path, with at most [`NAV_WINDOW`] entries per level.
//!
//! The entries off the page's path (closed ones) are the same in every sidebar that lists them,
//! so each is rendered once per build and shared, and a run of them goes to the template as one
//! item; a page builds fresh values only along its own path.

use std::collections::HashMap;
use std::sync::OnceLock;

use super::links::page_url;
use super::pages::Site;
use super::toc::TocNode;
use crate::templates::RenderError;
use crate::templates::context::{LocaleValues, NavItem, NavValue};

/// The most entries the sidebar lists under one section or TOC level. A bigger one shows the
/// entries around the one on the page's path (a section also links to its listing, a TOC level
/// to the nearest entries it leaves out): every page's sidebar then has a bounded size, and a
/// build grows linearly with the number of pages instead of quadratically.
pub const NAV_WINDOW: usize = 40;

/// What every sidebar of a build shares, made the first time a sidebar needs it.
pub struct Sidebars {
    /// Each page's URL, by page index.
    urls: Vec<OnceLock<String>>,
    /// Each page's closed entry, rendered, by page index.
    closed: Vec<OnceLock<Result<String, RenderError>>>,
    /// Each locale's TOC as closed entries, with where each page stands in it.
    tocs: Vec<OnceLock<Result<ClosedTocs, RenderError>>>,
    /// Each page's position among its section's children, by page index.
    slots: OnceLock<Vec<usize>>,
}

/// A TOC's closed sidebar entries, with where each page stands in it.
type ClosedTocs = (Vec<ClosedToc>, TocPaths);

/// A TOC entry's closed sidebar entry, rendered, with its children's, in the TOC's shape.
struct ClosedToc {
    html: String,
    children: Vec<ClosedToc>,
}

/// Where each page of a TOC stands in it: per page, the path of child positions from the TOC's
/// top level to each entry that opens it (a page may be listed more than once).
type TocPaths = HashMap<usize, Vec<Vec<usize>>>;

impl Sidebars {
    /// Nothing made yet, for the pages and locales of `site`.
    pub fn new(site: &Site<'_>) -> Self {
        let pages = site.index.pages.len();
        Self {
            urls: (0..pages).map(|_| OnceLock::new()).collect(),
            closed: (0..pages).map(|_| OnceLock::new()).collect(),
            tocs: site
                .config
                .locales
                .iter()
                .map(|_| OnceLock::new())
                .collect(),
            slots: OnceLock::new(),
        }
    }

    /// The sidebar of page `page`, whose locale's `site`, `lang` and `t` are `shared`.
    pub fn of(
        &self,
        site: &Site<'_>,
        shared: &LocaleValues,
        page: usize,
    ) -> Result<NavValue, RenderError> {
        let locale = site.index.pages[page].locale;
        if let Some(toc) = &site.tocs[locale] {
            let (closed, paths) = self
                .toc(site, shared, locale)
                .as_ref()
                .map_err(Clone::clone)?;
            let paths: Vec<&[usize]> = paths
                .get(&page)
                .map(|p| p.iter().map(Vec::as_slice).collect())
                .unwrap_or_default();
            return Ok(NavValue::list(
                self.toc_items(site, toc, closed, page, &paths),
            ));
        }
        let home = site.nav.homes[locale];
        if home == usize::MAX {
            return Ok(NavValue::default());
        }
        let path = site.nav.ancestors(page);
        Ok(NavValue::list(self.items(site, shared, home, page, &path)?))
    }

    /// The URL of page `page`.
    fn url(&self, site: &Site<'_>, page: usize) -> &str {
        self.urls[page].get_or_init(|| page_url(site.config, &site.index.pages[page].url))
    }

    /// The position of page `page` among its section's children.
    fn slot(&self, site: &Site<'_>, page: usize) -> usize {
        self.slots.get_or_init(|| {
            let mut slots = vec![0; site.index.pages.len()];
            for children in &site.nav.children {
                for (slot, &child) in children.iter().enumerate() {
                    slots[child] = slot;
                }
            }
            slots
        })[page]
    }

    /// The HTML of page `page`'s entry when it is neither current nor open.
    fn closed(
        &self,
        site: &Site<'_>,
        shared: &LocaleValues,
        page: usize,
    ) -> Result<&str, RenderError> {
        self.closed[page]
            .get_or_init(|| {
                let url = self.url(site, page);
                NavValue::closed_html(site.templates, shared, &site.docs[page].title, url)
            })
            .as_deref()
            .map_err(Clone::clone)
    }

    /// The closed entries of locale `locale`'s TOC (none when it has no TOC), with where each
    /// page stands in it.
    fn toc(
        &self,
        site: &Site<'_>,
        shared: &LocaleValues,
        locale: usize,
    ) -> &Result<ClosedTocs, RenderError> {
        fn closed(
            site: &Site<'_>,
            shared: &LocaleValues,
            sidebars: &Sidebars,
            nodes: &[TocNode],
        ) -> Result<Vec<ClosedToc>, RenderError> {
            nodes
                .iter()
                .map(|node| {
                    let url = sidebars.first_url(site, node).unwrap_or_default();
                    Ok(ClosedToc {
                        html: NavValue::closed_html(site.templates, shared, &node.title, url)?,
                        children: closed(site, shared, sidebars, &node.children)?,
                    })
                })
                .collect()
        }
        self.tocs[locale].get_or_init(|| {
            let toc = site.tocs[locale].as_deref().unwrap_or_default();
            Ok((closed(site, shared, self, toc)?, toc_paths(toc)))
        })
    }

    /// The entries under `section`, opened along the page's `path` (its ancestors).
    fn items(
        &self,
        site: &Site<'_>,
        shared: &LocaleValues,
        section: usize,
        page: usize,
        path: &[usize],
    ) -> Result<Vec<NavValue>, RenderError> {
        let children = &site.nav.children[section];
        // The open child is the page or one of its ancestors: looked up, not searched for, so
        // that a section of N pages costs N sidebars, not N × N steps.
        let open = std::iter::once(page)
            .chain(path.iter().copied())
            .find(|&c| site.nav.parent[c] == Some(section))
            .map(|c| self.slot(site, c));
        let shown = &children[window(children.len(), open)];
        let mut listing = Listing::new(shown.len());
        for &c in shown {
            if c != page && !path.contains(&c) {
                listing.closed(self.closed(site, shared, c)?);
                continue;
            }
            let (grandchildren, total) = if site.nav.expandable(c) {
                let list = self.items(site, shared, c, page, path)?;
                let total = site.nav.children[c].len();
                (list, if total > NAV_WINDOW { total } else { 0 })
            } else {
                (Vec::new(), 0)
            };
            listing.open(NavValue::from(NavItem {
                title: &site.docs[c].title,
                url: self.url(site, c),
                current: c == page,
                open: true,
                children: grandchildren,
                total,
                more: 0,
            }));
        }
        Ok(listing.finish())
    }

    /// The entries of a TOC level, open along the page's `paths` (the rest of each path below
    /// `nodes`; the others are their `closed` entries); a group without its own page links to
    /// its first page. A level of more than [`NAV_WINDOW`] entries lists those around the open
    /// one, between an entry for those it leaves out before them and one for those after, each
    /// linking to the nearest left out: a TOC group has no listing page, so the reader gets to
    /// the others a window at a time.
    fn toc_items(
        &self,
        site: &Site<'_>,
        nodes: &[TocNode],
        closed: &[ClosedToc],
        page: usize,
        paths: &[&[usize]],
    ) -> Vec<NavValue> {
        let open = paths.iter().filter_map(|p| p.first().copied()).min();
        let shown = window(nodes.len(), open);
        let before = shown.start.checked_sub(1).map(|i| (i, shown.start));
        let after = (shown.end < nodes.len()).then(|| (shown.end, nodes.len() - shown.end));
        let more = |(i, more): (usize, usize)| {
            let node = &nodes[i];
            NavValue::from(NavItem {
                title: &node.title,
                url: self.first_url(site, node).unwrap_or_default(),
                current: false,
                open: false,
                children: Vec::new(),
                total: 0,
                more,
            })
        };
        let mut listing = Listing::new(shown.len());
        if let Some(before) = before {
            listing.open(more(before));
        }
        for ((node, closed), i) in nodes[shown.clone()]
            .iter()
            .zip(&closed[shown.clone()])
            .zip(shown)
        {
            let below: Vec<&[usize]> = paths
                .iter()
                .filter_map(|p| p.split_first())
                .filter(|(first, _)| **first == i)
                .map(|(_, rest)| rest)
                .collect();
            if below.is_empty() {
                listing.closed(&closed.html);
                continue;
            }
            listing.open(NavValue::from(NavItem {
                title: &node.title,
                url: self.first_url(site, node).unwrap_or_default(),
                current: node.page == Some(page),
                open: true,
                children: self.toc_items(site, &node.children, &closed.children, page, &below),
                total: 0,
                more: 0,
            }));
        }
        if let Some(after) = after {
            listing.open(more(after));
        }
        listing.finish()
    }

    /// Where a TOC entry links: its page, its URL, or else its first child's link.
    fn first_url<'a>(&'a self, site: &Site<'_>, node: &'a TocNode) -> Option<&'a str> {
        node.page
            .map(|p| self.url(site, p))
            .or(node.url.as_deref())
            .or_else(|| node.children.iter().find_map(|c| self.first_url(site, c)))
    }
}

/// One level's entries as the sidebar template gets them: each run of closed entries joined into
/// one item ([`NavValue::closed`]).
struct Listing {
    items: Vec<NavValue>,
    /// The closed entries met since the last open one, one a line.
    run: String,
    /// How many entries the level lists: the first run gets room for that many entries like
    /// its first, so that it is not copied into ever larger buffers as it grows.
    entries: usize,
}

impl Listing {
    fn new(entries: usize) -> Self {
        Self {
            items: Vec::new(),
            run: String::new(),
            entries,
        }
    }

    fn closed(&mut self, html: &str) {
        if self.run.is_empty() {
            self.run.reserve((html.len() + 1) * self.entries);
        } else {
            self.run.push('\n');
        }
        self.run.push_str(html);
    }

    fn open(&mut self, item: NavValue) {
        self.end_run();
        self.items.push(item);
    }

    /// Ends the current run; its buffer is kept for the next one.
    fn end_run(&mut self) {
        if !self.run.is_empty() {
            self.items.push(NavValue::closed(&self.run));
            self.run.clear();
        }
    }

    fn finish(mut self) -> Vec<NavValue> {
        self.end_run();
        self.items
    }
}

/// The range of a level of `len` entries that the sidebar lists: all of them, or [`NAV_WINDOW`]
/// entries centred on the first open one, at position `open` (the first ones when none is).
fn window(len: usize, open: Option<usize>) -> std::ops::Range<usize> {
    if len <= NAV_WINDOW {
        return 0..len;
    }
    let at = open.unwrap_or(0);
    let start = at.saturating_sub(NAV_WINDOW / 2).min(len - NAV_WINDOW);
    start..start + NAV_WINDOW
}

fn toc_paths(nodes: &[TocNode]) -> TocPaths {
    fn walk(nodes: &[TocNode], path: &mut Vec<usize>, paths: &mut TocPaths) {
        for (i, node) in nodes.iter().enumerate() {
            path.push(i);
            if let Some(page) = node.page {
                paths.entry(page).or_default().push(path.clone());
            }
            walk(&node.children, path, paths);
            path.pop();
        }
    }
    let mut paths = TocPaths::new();
    walk(nodes, &mut Vec::new(), &mut paths);
    paths
}
