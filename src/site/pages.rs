//! Rendering every page through its template with a typed context.

use std::sync::atomic::{AtomicUsize, Ordering};

use rayon::prelude::*;

use super::Doc;
use super::index::{PageEntry, SiteIndex};
use super::links::{absolute_url, page_url};
use super::nav::Nav;
use super::sidebar::Sidebars;
use super::sources::Source;
use super::toc::TocNode;
use crate::config::Config;
use crate::diagnostics::Diagnostic;
use crate::i18n::Strings;
use crate::output::{Output, Sink};
use crate::templates::Templates;
use crate::templates::context::{
    Alternate, ArticleCtx, Common, Entry, Link, LocaleCtx, LocaleValues, NavValue, PageCtx,
    SectionCtx, SectionData, SiteCtx, TocEntry, TranslationCtx,
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
    /// What every sidebar shares.
    sidebars: Sidebars,
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
            sidebars: Sidebars::new(site),
        }
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
            nav: Ok(NavValue::default()),
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
                keywords: &fm.keywords,
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
        nav: shared.sidebars.of(site, &shared.locales[l], i),
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
