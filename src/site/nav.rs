//! Navigation: the folder tree of each locale ordered by `weight`, then title, or the locale's
//! DocFX TOC when it has one ([`Nav::apply_toc`]).
//!
//! The tree is built once; each page's sidebar opens only along that page's path, and a section
//! with more than [`MAX_LISTED_CHILDREN`] entries is shown as a link to its listing, so the cost
//! per page stays bounded however large the site grows.

use std::collections::HashSet;

use super::index::SiteIndex;
use super::toc::TocNode;

/// Sections with more entries than this are not expanded in the sidebar.
pub const MAX_LISTED_CHILDREN: usize = 100;

/// The navigation tree of every locale, by page index.
#[derive(Debug, Default)]
pub struct Nav {
    /// Each page's parent section.
    pub parent: Vec<Option<usize>>,
    /// Each section's children, sorted.
    pub children: Vec<Vec<usize>>,
    /// Each page's position in its locale's reading order.
    position: Vec<usize>,
    /// Each locale's pages in reading order (depth first from the home page).
    pub order: Vec<Vec<usize>>,
    /// Each locale's home page.
    pub homes: Vec<usize>,
}

/// What the nav needs to know of a page to sort it.
pub struct SortKey<'a> {
    /// `weight` from front matter.
    pub weight: Option<i64>,
    /// The page's title.
    pub title: &'a str,
}

impl Nav {
    /// Builds the tree; `sort_key` gives each page's weight and title.
    pub fn new<'a>(
        index: &SiteIndex,
        locales: usize,
        sort_key: impl Fn(usize) -> SortKey<'a>,
    ) -> Self {
        let n = index.pages.len();
        let mut nav = Self {
            parent: vec![None; n],
            children: vec![Vec::new(); n],
            position: vec![0; n],
            order: vec![Vec::new(); locales],
            homes: vec![usize::MAX; locales],
        };
        for (i, page) in index.pages.iter().enumerate() {
            if page.key == "index" {
                nav.homes[page.locale] = i;
                continue;
            }
            let parent_key = parent_key(&page.key);
            let parent = index.lookup(page.locale, &parent_key);
            nav.parent[i] = parent;
            if let Some(parent) = parent {
                nav.children[parent].push(i);
            }
        }
        for children in &mut nav.children {
            children.sort_by_cached_key(|&c| {
                let k = sort_key(c);
                (
                    k.weight.unwrap_or(i64::MAX),
                    k.title.to_lowercase(),
                    index.pages[c].key.clone(),
                )
            });
        }
        for locale in 0..locales {
            let home = nav.homes[locale];
            if home == usize::MAX {
                continue;
            }
            let mut order = Vec::new();
            let mut stack = vec![home];
            while let Some(page) = stack.pop() {
                order.push(page);
                stack.extend(nav.children[page].iter().rev());
            }
            for (pos, &page) in order.iter().enumerate() {
                nav.position[page] = pos;
            }
            nav.order[locale] = order;
        }
        nav
    }

    /// Re-parents and re-orders `locale`'s pages after its TOC: a page's parent is the nearest
    /// TOC entry above it that is a page (or the home page), reading order is the TOC's order;
    /// pages the TOC does not list keep their folder parent and have no previous/next.
    pub fn apply_toc(&mut self, index: &SiteIndex, locale: usize, toc: &[TocNode]) {
        let home = self.homes[locale];
        if home == usize::MAX {
            return;
        }
        let folder_parent = self.parent.clone();
        let pages: Vec<usize> = (0..index.pages.len())
            .filter(|&i| index.pages[i].locale == locale)
            .collect();
        for &i in &pages {
            self.children[i].clear();
            self.parent[i] = None;
        }
        let mut order = vec![home];
        let mut placed = HashSet::from([home]);
        self.place(toc, home, &mut order, &mut placed);
        for &i in pages.iter().filter(|i| !placed.contains(i)) {
            if let Some(parent) = folder_parent[i] {
                self.parent[i] = Some(parent);
                self.children[parent].push(i);
            }
        }
        for (pos, &page) in order.iter().enumerate() {
            self.position[page] = pos;
        }
        self.order[locale] = order;
    }

    fn place(
        &mut self,
        nodes: &[TocNode],
        parent: usize,
        order: &mut Vec<usize>,
        placed: &mut HashSet<usize>,
    ) {
        for node in nodes {
            let mut next_parent = parent;
            if let Some(page) = node.page
                && placed.insert(page)
            {
                self.parent[page] = Some(parent);
                self.children[parent].push(page);
                order.push(page);
                next_parent = page;
            }
            self.place(&node.children, next_parent, order, placed);
        }
    }

    /// Sections above `page`, from the home page down to its parent.
    pub fn ancestors(&self, page: usize) -> Vec<usize> {
        let mut chain = Vec::new();
        let mut current = self.parent[page];
        while let Some(p) = current {
            chain.push(p);
            current = self.parent[p];
        }
        chain.reverse();
        chain
    }

    /// The pages before and after `page` in its locale's reading order.
    pub fn neighbours(&self, page: usize, locale: usize) -> (Option<usize>, Option<usize>) {
        let order = &self.order[locale];
        let pos = self.position[page];
        if order.get(pos) != Some(&page) {
            return (None, None);
        }
        let prev = pos.checked_sub(1).map(|p| order[p]);
        (prev, order.get(pos + 1).copied())
    }

    /// Whether a section's children are listed in the sidebar.
    pub fn expandable(&self, section: usize) -> bool {
        !self.children[section].is_empty() && self.children[section].len() <= MAX_LISTED_CHILDREN
    }
}

/// `a/b/c` → `a/b/index`, `a/b/index` → `a/index`, `a` → `index`.
fn parent_key(key: &str) -> String {
    let folder = key.strip_suffix("/index").unwrap_or(key);
    match folder.rfind('/') {
        Some(i) => format!("{}/index", &folder[..i]),
        None => "index".to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parents() {
        assert_eq!(parent_key("a/b/c"), "a/b/index");
        assert_eq!(parent_key("a/b/index"), "a/index");
        assert_eq!(parent_key("a/index"), "index");
        assert_eq!(parent_key("a"), "index");
    }
}
