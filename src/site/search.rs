//! The site's side of search: which pages are indexed, the index files of every locale under
//! `<locale>/_search/`, and the `/<locale>/search/` results page. The index itself is built by
//! [`crate::search`].
//!
//! A page is indexed in its own locale when it has a source in that locale (fallback pages are
//! indexed in the default locale only) and its front matter does not say `search: false`.

use rayon::prelude::*;

use super::links::{absolute_url, page_url};
use super::pages::{Shared, Site};
use crate::diagnostics::Diagnostic;
use crate::output::Output;
use crate::search::{self, PageText};
use crate::templates::context::{Common, SearchCtx, SearchData};

/// Adds every locale's index files and search page to `output`.
pub fn add_all(site: &Site<'_>, output: &mut Output, diags: &mut Vec<Diagnostic>) {
    let shared = Shared::new(site.config);
    for (l, locale) in site.config.locales.iter().enumerate() {
        let mut pages = indexed_pages(site, l);
        pages.extend(super::trees::search_pages(site, l));
        for (path, bytes) in search::build(&pages, &locale.language) {
            output.insert(format!("{}/_search/{path}", locale.slug), bytes);
        }
        let ctx = SearchCtx {
            common: common(site, &shared, l),
            search: SearchData {
                index_url: page_url(site.config, &format!("{}/_search/", locale.slug)),
            },
        };
        match site.templates.render("search.html", &ctx) {
            Ok(html) => output.insert(format!("{}/search/index.html", locale.slug), html),
            Err(e) => diags.push(e.into_diagnostic(site.templates, site.config.root.as_path())),
        }
    }
}

fn indexed_pages(site: &Site<'_>, locale: usize) -> Vec<PageText> {
    site.index
        .pages
        .par_iter()
        .enumerate()
        .filter(|(_, entry)| entry.locale == locale && !entry.fallback)
        .filter_map(|(i, entry)| {
            let source = &site.sources[entry.source?];
            if source.front_matter.search == Some(false) {
                return None;
            }
            let doc = &site.docs[i];
            let mut sections = search::sections(&doc.rendered.html);
            if let (Some(first), Some(description)) =
                (sections.first_mut(), &source.front_matter.description)
            {
                first.text = format!("{description} {}", first.text);
            }
            Some(PageText {
                url: page_url(site.config, &entry.url),
                title: doc.title.clone(),
                sections,
            })
        })
        .collect()
}

fn common<'a>(site: &'a Site<'_>, shared: &'a Shared, locale: usize) -> Common<'a> {
    let path = |l: usize| format!("{}/search/", site.config.locales[l].slug);
    let alternates = super::pages::generated_alternates(site, locale, "search/");
    Common {
        site: &shared.sites[locale],
        lang: &shared.locales[locale],
        t: &site.strings[locale],
        page_url: page_url(site.config, &path(locale)),
        canonical_url: absolute_url(site.config, &path(locale)),
        alternates,
        x_default_url: Some(absolute_url(site.config, &path(site.config.default_locale))),
        nav: Vec::new(),
        breadcrumbs: Vec::new(),
        kilavuz_version: env!("CARGO_PKG_VERSION"),
    }
}
