//! Rendering every page through its template with a typed context.

use std::sync::atomic::{AtomicUsize, Ordering};

use rayon::prelude::*;

use super::Doc;
use super::index::{PageEntry, SiteIndex};
use super::links::{absolute_url, page_url};
use super::nav::Nav;
use super::sources::Source;
use super::toc::TocNode;
use crate::config::Config;
use crate::diagnostics::Diagnostic;
use crate::i18n::Strings;
use crate::output::{Output, Sink};
use crate::templates::Templates;
use crate::templates::context::{
    Alternate, ArticleCtx, Common, Entry, Link, LocaleCtx, LocaleValues, NavItem, NavValue,
    PageCtx, SectionCtx, SectionData, SiteCtx, TocEntry, TranslationCtx,
};

/// Everything the page renderers read.
pub struct Site<'a> {
    /// The configuration.
    pub config: &'a Config,
    /// Every page.
    pub index: &'a SiteIndex,
    /// Every article read.
    pub sources: &'a [Source],
    /// Every page's rendered markdown, by page index.
    pub docs: &'a [Doc],
    /// Navigation.
    pub nav: &'a Nav,
    /// Each locale's DocFX TOC, if it has one; the sidebar then shows it.
    pub tocs: &'a [Option<Vec<TocNode>>],
    /// UI strings per locale.
    pub strings: &'a [Strings],
    /// Templates.
    pub templates: &'a Templates,
    /// Support data (offerings and what they reference).
    pub data: &'a crate::data::Data,
    /// Decision trees, checked and unfolded.
    pub trees: &'a [crate::trees::Tree],
}

/// Per-locale values shared by every page of that locale.
pub struct Shared {
    /// `site`, `lang` and `t` per locale.
    pub locales: Vec<LocaleValues>,
    /// Each page's URL, by page index, made the first time a sidebar needs it.
    urls: Vec<std::sync::OnceLock<String>>,
    /// Each page's closed sidebar entry, by page index, made the first time a sidebar lists it.
    closed: Vec<std::sync::OnceLock<NavValue>>,
    /// Each locale's TOC as closed sidebar entries, with where each page stands in it, made the
    /// first time a sidebar needs them.
    closed_tocs: Vec<std::sync::OnceLock<(Vec<ClosedToc>, TocPaths)>>,
}

/// A TOC entry's closed sidebar entry, with its children's, in the TOC's shape.
struct ClosedToc {
    entry: NavValue,
    children: Vec<ClosedToc>,
}

impl Shared {
    /// Computes the per-locale values of `site`, whose UI strings they include.
    pub fn new(site: &Site<'_>) -> Self {
        let config = site.config;
        let default = &config.default_locale().code;
        let locales: Vec<LocaleCtx> = config
            .locales
            .iter()
            .map(|l| LocaleCtx {
                code: l.code.clone(),
                name: l.name.clone(),
                dir: l.dir,
                home_url: page_url(config, &format!("{}/", l.slug)),
                home_absolute_url: absolute_url(config, &format!("{}/", l.slug)),
            })
            .collect();
        let sites: Vec<SiteCtx> = config
            .locales
            .iter()
            .map(|l| SiteCtx {
                title: config.title.get(&l.code, default).to_string(),
                base_url: config.base_url.absolute.clone(),
                base_path: config.base_url.path.clone(),
                default_locale: default.clone(),
                locales: locales.clone(),
                css_url: page_url(config, "css/kilavuz.css"),
                js_url: page_url(config, "js/kilavuz.js"),
                search_js_url: page_url(config, "js/search.js"),
            })
            .collect();
        let locales = sites
            .iter()
            .zip(&locales)
            .zip(site.strings)
            .map(|((site, lang), t)| LocaleValues::new(site, lang, t))
            .collect();
        Self {
            locales,
            urls: site
                .index
                .pages
                .iter()
                .map(|_| std::sync::OnceLock::new())
                .collect(),
            closed: site
                .index
                .pages
                .iter()
                .map(|_| std::sync::OnceLock::new())
                .collect(),
            closed_tocs: site
                .config
                .locales
                .iter()
                .map(|_| std::sync::OnceLock::new())
                .collect(),
        }
    }

    /// The URL of page `page`.
    fn url<'a>(&'a self, site: &Site<'_>, page: usize) -> &'a str {
        self.urls[page].get_or_init(|| page_url(site.config, &site.index.pages[page].url))
    }

    /// The sidebar entry of page `page` when it is neither current nor open.
    fn closed(&self, site: &Site<'_>, page: usize) -> NavValue {
        self.closed[page]
            .get_or_init(|| NavValue::closed(&site.docs[page].title, self.url(site, page)))
            .clone()
    }

    /// The closed sidebar entries of locale `locale`'s TOC (none when it has no TOC), with where
    /// each page stands in it.
    fn closed_toc(&self, site: &Site<'_>, locale: usize) -> &(Vec<ClosedToc>, TocPaths) {
        fn closed(site: &Site<'_>, shared: &Shared, nodes: &[TocNode]) -> Vec<ClosedToc> {
            nodes
                .iter()
                .map(|node| ClosedToc {
                    entry: NavValue::closed(
                        &node.title,
                        first_url(site, shared, node).unwrap_or_default(),
                    ),
                    children: closed(site, shared, &node.children),
                })
                .collect()
        }
        self.closed_tocs[locale].get_or_init(|| {
            let toc = site.tocs[locale].as_deref().unwrap_or_default();
            (closed(site, self, toc), toc_paths(toc))
        })
    }

    /// The common context of a page outside the article tree (chooser, 404).
    pub fn plain<'a>(&'a self, site: &'a Site<'_>, url: &str) -> Common<'a> {
        let l = site.config.default_locale;
        Common {
            shared: &self.locales[l],
            page_url: page_url(site.config, url),
            canonical_url: absolute_url(site.config, url),
            alternates: Vec::new(),
            x_default_url: None,
            nav: NavValue::default(),
            breadcrumbs: Vec::new(),
            kilavuz_version: env!("CARGO_PKG_VERSION"),
        }
    }
}

/// A rendered page: its path, with its bytes unless a sink took them.
type Finished = Result<(String, Option<Vec<u8>>), Diagnostic>;

/// Renders every page into `output` (or `sink`), counting each finished page in `rendered`.
pub fn render_all(
    site: &Site<'_>,
    output: &mut Output,
    diags: &mut Vec<Diagnostic>,
    rendered: &AtomicUsize,
    sink: Option<&dyn Sink>,
) {
    let all: Vec<usize> = (0..site.index.pages.len()).collect();
    render_some(site, &all, output, diags, rendered, sink);
}

/// Renders the pages with the given indexes into `output`, counting each in `rendered`. With a
/// `sink`, each page goes to it from the thread that rendered it, and `output` records its path.
pub fn render_some(
    site: &Site<'_>,
    pages: &[usize],
    output: &mut Output,
    diags: &mut Vec<Diagnostic>,
    rendered: &AtomicUsize,
    sink: Option<&dyn Sink>,
) {
    let shared = Shared::new(site);
    let results: Vec<Finished> = pages
        .par_iter()
        .copied()
        .map(|i| {
            let page = render_page(site, &shared, i).map(|(path, html)| match sink {
                Some(sink) => {
                    sink.put(&path, html);
                    (path, None)
                }
                None => (path, Some(html)),
            });
            rendered.fetch_add(1, Ordering::Relaxed);
            page
        })
        .collect();
    for result in results {
        match result {
            Ok((path, Some(html))) => output.insert(path, html),
            Ok((path, None)) => {
                output.sunk.insert(path);
            }
            Err(d) => diags.push(d),
        }
    }
}

fn render_page(
    site: &Site<'_>,
    shared: &Shared,
    i: usize,
) -> Result<(String, Vec<u8>), Diagnostic> {
    let entry = &site.index.pages[i];
    let doc = &site.docs[i];
    let source = entry.source.map(|s| &site.sources[s]);
    let common = common(site, shared, i);
    let fallback_from = entry
        .fallback
        .then(|| {
            common
                .alternates
                .iter()
                .find(|a| a.code == site.config.default_locale().code)
                .cloned()
        })
        .flatten();
    let translation = translation(site, i, &common.alternates);
    let url = common.page_url.clone();
    let (template, html) = if entry.is_section() {
        let ctx = SectionCtx {
            section: SectionData {
                title: &doc.title,
                description: source.and_then(|s| s.front_matter.description.as_deref()),
                heading: doc.rendered.h1_html.as_deref(),
                content: &doc.rendered.html,
                is_home: entry.key == "index",
                url: &url,
                pages: entries(site, i, false),
                subsections: entries(site, i, true),
                fallback_from,
                translation,
                edit_url: source.and_then(|s| edit_url(site, s)),
            },
            common,
        };
        ("section.html", site.templates.render("section.html", &ctx))
    } else {
        let source = source.expect("articles always have a source");
        let fm = &source.front_matter;
        let (prev, next) = site.nav.neighbours(i, entry.locale);
        let template = fm.template.as_deref().unwrap_or("article.html");
        if !site.templates.has(template) {
            return Err(Diagnostic::error(
                "front_matter.unknown_template",
                &source.file.path,
                format!("template `{template}` does not exist"),
            )
            .hint("put it in the site's templates/ folder or remove the `template` key"));
        }
        let ctx = ArticleCtx {
            page: PageCtx {
                title: &doc.title,
                description: fm.description.as_deref(),
                heading: doc.rendered.h1_html.as_deref(),
                content: &doc.rendered.html,
                toc: doc
                    .rendered
                    .headings
                    .iter()
                    .filter(|h| h.level == 2 || h.level == 3)
                    .map(|h| TocEntry {
                        level: h.level,
                        id: &h.id,
                        title: &h.text,
                    })
                    .collect(),
                date: fm
                    .date
                    .map(|d| crate::i18n::format_date(&site.strings[entry.locale], d)),
                date_iso: fm.date.map(|d| d.iso()),
                url: &url,
                meta: &fm.all,
                prev: prev.map(|p| link(site, p)),
                next: next.map(|p| link(site, p)),
                fallback_from,
                translation,
                support_terms: super::support::terms(site, source, entry.locale),
                edit_url: edit_url(site, source),
            },
            common,
        };
        (template, site.templates.render(template, &ctx))
    };
    let file = source.map_or_else(|| site.config.root.join("content"), |s| s.file.path.clone());
    html.map(|html| (format!("{}index.html", entry.url), html))
        .map_err(|e| e.into_diagnostic(site.templates, &file))
        .inspect_err(|_| {
            let _ = template;
        })
}

/// The "Edit this page" link of `source`: kilavuz.yaml's `edit_url` and the source's path from
/// the site root, each segment percent-encoded.
fn edit_url(site: &Site<'_>, source: &Source) -> Option<String> {
    let prefix = site.config.edit_url.as_deref()?;
    let rel = source.file.path.strip_prefix(&site.config.root).ok()?;
    let segments: Vec<String> = rel
        .components()
        .map(|c| super::links::encode_path(&c.as_os_str().to_string_lossy()))
        .collect();
    Some(format!("{prefix}{}", segments.join("/")))
}

/// The translation state of a page whose source is a translation of a default-locale article.
fn translation(site: &Site<'_>, i: usize, alternates: &[Alternate]) -> Option<TranslationCtx> {
    let entry = &site.index.pages[i];
    let default = site.config.default_locale;
    let own = &site.sources[entry.source?];
    if own.file.locale == default {
        return None;
    }
    let original = site.index.lookup(default, &entry.key)?;
    let original_source = &site.sources[site.index.pages[original].source?];
    let source = alternates
        .iter()
        .find(|a| a.code == site.config.locales[default].code)?
        .clone();
    Some(TranslationCtx {
        machine_translated: own.machine_translated(),
        outdated: own.outdated_by(original_source),
        source,
    })
}

/// The common context of page `i`.
pub fn common<'a>(site: &'a Site<'_>, shared: &'a Shared, i: usize) -> Common<'a> {
    let entry = &site.index.pages[i];
    let l = entry.locale;
    let alternates: Vec<Alternate> = site
        .config
        .locales
        .iter()
        .enumerate()
        .filter_map(|(other, locale)| {
            let page = &site.index.pages[site.index.lookup(other, &entry.key)?];
            Some(Alternate {
                code: locale.code.clone(),
                name: locale.name.clone(),
                dir: locale.dir,
                url: page_url(site.config, &page.url),
                absolute_url: absolute_url(site.config, &page.url),
                current: other == l,
                translated: !page.fallback,
            })
        })
        .collect();
    let default = site.config.default_locale;
    let translated = alternates.iter().filter(|a| a.translated).count();
    let x_default_url = (translated > 1)
        .then(|| {
            alternates
                .iter()
                .find(|a| a.code == site.config.locales[default].code)
        })
        .flatten()
        .map(|a| a.absolute_url.clone());
    let canonical_url = if entry.fallback {
        let original = site.index.lookup(default, &entry.key).unwrap_or(i);
        absolute_url(site.config, &site.index.pages[original].url)
    } else {
        absolute_url(site.config, &entry.url)
    };
    Common {
        shared: &shared.locales[l],
        page_url: page_url(site.config, &entry.url),
        canonical_url,
        alternates,
        x_default_url,
        nav: nav_items(site, shared, i),
        breadcrumbs: site
            .nav
            .ancestors(i)
            .into_iter()
            .map(|p| link(site, p))
            .collect(),
        kilavuz_version: env!("CARGO_PKG_VERSION"),
    }
}

/// The alternates of a page generated in every locale at `<locale>/<rest>` (search, support
/// pages): each locale's version is a real, localized page.
pub fn generated_alternates(site: &Site<'_>, current: usize, rest: &str) -> Vec<Alternate> {
    site.config
        .locales
        .iter()
        .enumerate()
        .map(|(other, locale)| {
            let path = format!("{}/{rest}", locale.slug);
            Alternate {
                code: locale.code.clone(),
                name: locale.name.clone(),
                dir: locale.dir,
                url: page_url(site.config, &path),
                absolute_url: absolute_url(site.config, &path),
                current: other == current,
                translated: true,
            }
        })
        .collect()
}

/// The absolute `x-default` URL of a page generated in every locale at `<locale>/<rest>`.
pub fn generated_x_default(site: &Site<'_>, rest: &str) -> String {
    absolute_url(
        site.config,
        &format!("{}/{rest}", site.config.default_locale().slug),
    )
}

fn link(site: &Site<'_>, page: usize) -> Link {
    Link {
        title: site.docs[page].title.clone(),
        url: page_url(site.config, &site.index.pages[page].url),
    }
}

fn entries(site: &Site<'_>, section: usize, sections: bool) -> Vec<Entry> {
    site.nav.children[section]
        .iter()
        .filter(|&&c| site.index.pages[c].is_section() == sections)
        .map(|&c| Entry {
            title: site.docs[c].title.clone(),
            url: page_url(site.config, &site.index.pages[c].url),
            description: description(site, &site.index.pages[c]),
        })
        .collect()
}

fn description(site: &Site<'_>, entry: &PageEntry) -> Option<String> {
    entry
        .source
        .and_then(|s| site.sources[s].front_matter.description.clone())
}

/// The sidebar for `page`: the home's children, opened along the page's path.
fn nav_items(site: &Site<'_>, shared: &Shared, page: usize) -> NavValue {
    let locale = site.index.pages[page].locale;
    if let Some(toc) = &site.tocs[locale] {
        let (closed, paths) = shared.closed_toc(site, locale);
        let paths: Vec<&[usize]> = paths
            .get(&page)
            .map(|p| p.iter().map(Vec::as_slice).collect())
            .unwrap_or_default();
        return NavValue::list(toc_items(site, shared, toc, closed, page, &paths));
    }
    let home = site.nav.homes[locale];
    if home == usize::MAX {
        return NavValue::default();
    }
    let path = site.nav.ancestors(page);
    NavValue::list(items(site, shared, home, page, &path))
}

/// The most entries the sidebar lists under one section. A bigger section shows the entries
/// around the one on the page's path and a link to its listing: every page's sidebar then has a
/// bounded size, and a build grows linearly with the number of pages instead of quadratically.
pub const NAV_WINDOW: usize = 40;

fn items(
    site: &Site<'_>,
    shared: &Shared,
    section: usize,
    page: usize,
    path: &[usize],
) -> Vec<NavValue> {
    let children = &site.nav.children[section];
    let open = children
        .iter()
        .position(|&c| c == page || path.contains(&c));
    let shown = window(children.len(), open);
    children[shown]
        .iter()
        .map(|&c| {
            if c != page && !path.contains(&c) {
                return shared.closed(site, c);
            }
            let (grandchildren, total) = if site.nav.expandable(c) {
                let list = items(site, shared, c, page, path);
                let total = site.nav.children[c].len();
                (list, if total > NAV_WINDOW { total } else { 0 })
            } else {
                (Vec::new(), 0)
            };
            NavValue::from(NavItem {
                title: &site.docs[c].title,
                url: shared.url(site, c),
                current: c == page,
                open: true,
                children: grandchildren,
                total,
            })
        })
        .collect()
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

/// Where each page of a TOC stands in it: per page, the path of child positions from the
/// TOC's top level to each entry that opens it (a page may be listed more than once).
type TocPaths = std::collections::HashMap<usize, Vec<Vec<usize>>>;

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

/// The sidebar from a TOC: entries open along the page's `paths` (the rest of each path below
/// `nodes`; the others are their `closed` entries), at most [`NAV_WINDOW`] of them per level, as
/// in a folder's sidebar; a group without its own page links to its first page.
fn toc_items(
    site: &Site<'_>,
    shared: &Shared,
    nodes: &[TocNode],
    closed: &[ClosedToc],
    page: usize,
    paths: &[&[usize]],
) -> Vec<NavValue> {
    let shown = window(
        nodes.len(),
        paths.iter().filter_map(|p| p.first().copied()).min(),
    );
    nodes[shown.clone()]
        .iter()
        .zip(&closed[shown.clone()])
        .zip(shown)
        .map(|((node, closed), i)| {
            let below: Vec<&[usize]> = paths
                .iter()
                .filter_map(|p| p.split_first())
                .filter(|(first, _)| **first == i)
                .map(|(_, rest)| rest)
                .collect();
            if below.is_empty() {
                return closed.entry.clone();
            }
            NavValue::from(NavItem {
                title: &node.title,
                url: first_url(site, shared, node).unwrap_or_default(),
                current: node.page == Some(page),
                open: true,
                children: toc_items(site, shared, &node.children, &closed.children, page, &below),
                total: 0,
            })
        })
        .collect()
}

fn first_url<'a>(site: &Site<'_>, shared: &'a Shared, node: &'a TocNode) -> Option<&'a str> {
    node.page
        .map(|p| shared.url(site, p))
        .or(node.url.as_deref())
        .or_else(|| {
            node.children
                .iter()
                .find_map(|c| first_url(site, shared, c))
        })
}
