//! The site's side of search: which pages are indexed, the index files of every locale under
//! `<locale>/_search/`, and the `/<locale>/search/` results page. The index itself is built by
//! [`crate::search`].
//!
//! A page is indexed in its own locale when it has a source in that locale (fallback pages are
//! indexed in the default locale only), its front matter does not say `search: false` and no
//! `search: {exclude: […]}` pattern of kilavuz.yaml matches its path.
//!
//! Facets: an article's kind is `article`, or its front matter's `search_kind`. Any other page
//! producer (support pages, decision trees, …) opts a page in by putting
//! `data-search-kind="<kind>"` on the element that starts its searchable content inside
//! `<main>`: everything from there to `</main>` is indexed, titled by its first `<h1>`.

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
    let built: Vec<Vec<(String, Vec<u8>)>> = (0..site.config.locales.len())
        .into_par_iter()
        .map(|l| {
            let mut pages = indexed_pages(site, l);
            pages.extend(generated_pages(site, output, l));
            pages.extend(super::trees::search_pages(site, l));
            search::build(&pages, &site.config.locales[l].language)
        })
        .collect();
    for (locale, files) in site.config.locales.iter().zip(built) {
        for (path, bytes) in files {
            output.insert(format!("{}/_search/{path}", locale.slug), bytes);
        }
    }
    for (l, locale) in site.config.locales.iter().enumerate() {
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
            let inside = entry.url.strip_prefix(&site.config.locales[locale].slug)?;
            if source.front_matter.search == Some(false)
                || search::exclude::excluded(
                    inside.trim_start_matches('/'),
                    &site.config.search_exclude,
                )
            {
                return None;
            }
            let kind = source
                .front_matter
                .all
                .get("search_kind")
                .and_then(|k| k.as_str());
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
                kind: kind.unwrap_or("article").to_string(),
                sections,
            })
        })
        .collect()
}

/// Pages of other producers that carry `data-search-kind`, in path order.
fn generated_pages(site: &Site<'_>, output: &Output, locale: usize) -> Vec<PageText> {
    let slug = &site.config.locales[locale].slug;
    let articles: std::collections::HashSet<String> = site
        .index
        .pages
        .iter()
        .filter(|e| e.locale == locale)
        .map(|e| format!("{}index.html", e.url))
        .collect();
    let prefix = format!("{slug}/");
    output
        .files
        .range(prefix.clone()..)
        .take_while(|(path, _)| path.starts_with(&prefix))
        .filter(|(path, _)| path.ends_with("/index.html") && !articles.contains(*path))
        .filter_map(|(path, bytes)| {
            let inside = &path[prefix.len()..path.len() - "index.html".len()];
            if search::exclude::excluded(inside, &site.config.search_exclude) {
                return None;
            }
            let (kind, html) = search::marked(std::str::from_utf8(bytes).ok()?)?;
            Some(PageText {
                url: page_url(site.config, &path[..path.len() - "index.html".len()]),
                title: search::first_heading(html),
                kind: kind.to_string(),
                sections: search::sections(html),
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
