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

use std::collections::HashMap;
use std::sync::Arc;

use rayon::prelude::*;

use super::links::{absolute_url, page_url};
use super::pages::{Shared, Site};
use crate::diagnostics::Diagnostic;
use crate::output::{Bytes, Output};
use crate::search::{self, Indexed, Lexicon, PageText};
use crate::templates::context::{Common, NavValue, SearchCtx, SearchData};

/// What `kilavuz serve` keeps of a build's search indexes for the next build: per locale, the
/// tokenized pages by URL with the fingerprint of what each was made from, the lexicon their
/// terms are numbered in, the merged index, and the index files with the fingerprint of all their
/// pages. A rebuild then extracts and tokenizes only the pages that changed, replaces their
/// postings in the merged index and encodes again only the terms they touch, in the locales that
/// have one.
#[derive(Debug, Default)]
pub struct Cache {
    keep: bool,
    locales: Vec<Locale>,
}

impl Cache {
    /// A cache that keeps what a build makes (`keep`), or one that is used once.
    pub fn new(keep: bool) -> Self {
        Self {
            keep,
            locales: Vec::new(),
        }
    }
}

#[derive(Debug, Default)]
struct Locale {
    lexicon: Lexicon,
    kept: Kept,
    /// The merged index, with the URL and fingerprint of each of its pages in order.
    merged: Option<(Vec<(String, u64)>, search::Merged)>,
    files: Option<(u64, Vec<(String, Bytes)>)>,
}

/// When the merged index holds the same pages in the same order as `order`: the numbers of the
/// pages whose input changed, with what they were.
fn changed_pages(cached: &Locale, order: &[(String, u64)]) -> Option<Vec<(usize, Arc<Indexed>)>> {
    let (before, _) = cached.merged.as_ref()?;
    if before.len() != order.len() {
        return None;
    }
    let mut changed = Vec::new();
    for (p, ((url, fingerprint), (old_url, old_fingerprint))) in
        order.iter().zip(before).enumerate()
    {
        if url != old_url {
            return None;
        }
        if fingerprint != old_fingerprint {
            changed.push((p, Arc::clone(&cached.kept.get(url)?.1)));
        }
    }
    Some(changed)
}

/// One locale's tokenized pages by URL, with their fingerprints.
type Kept = HashMap<String, (u64, Arc<Indexed>)>;

/// A page to index, before its text is extracted, with the fingerprint of what it is made from.
struct Pending<'a> {
    url: String,
    fingerprint: u64,
    text: Text<'a>,
}

enum Text<'a> {
    Ready(PageText),
    Later(Box<dyn Fn() -> PageText + Send + Sync + 'a>),
}

impl Pending<'_> {
    fn text(self) -> PageText {
        match self.text {
            Text::Ready(text) => text,
            Text::Later(extract) => extract(),
        }
    }
}

/// Adds every locale's index files (to `sink` when there is one) and search page to `output`,
/// reusing `cache`'s entries whose input is unchanged and leaving the new entries in it.
pub fn add_all(
    site: &Site<'_>,
    output: &mut Output,
    diags: &mut Vec<Diagnostic>,
    cache: &mut Cache,
    sink: Option<&dyn crate::output::Sink>,
) {
    let shared = Shared::new(site);
    let keep = cache.keep;
    cache
        .locales
        .resize_with(site.config.locales.len(), Default::default);
    let built: Vec<Files> =
        cache
            .locales
            .par_iter_mut()
            .enumerate()
            .map(|(l, cached)| {
                let mut pending = indexed_pages(site, l);
                pending.extend(generated_pages(site, output, l));
                pending.extend(super::trees::search_pages(site, l).into_iter().map(|text| {
                    Pending {
                        url: text.url.clone(),
                        fingerprint: search::fingerprint(&text),
                        text: Text::Ready(text),
                    }
                }));
                let language = &site.config.locales[l].language;
                let synonyms = site
                    .config
                    .search_synonyms
                    .get(&site.config.locales[l].code)
                    .unwrap_or(&NO_SYNONYMS);
                // What the locale's files are made of: its pages, its language and synonyms.
                let all = search::fingerprint(&(
                    language,
                    synonyms,
                    pending
                        .iter()
                        .map(|p| (&p.url, p.fingerprint))
                        .collect::<Vec<_>>(),
                ));
                if !keep {
                    let dir = format!("{}/_search/", site.config.locales[l].slug);
                    let locale = (language.as_str(), synonyms);
                    return index_once(pending, locale, &cached.lexicon, sink, &dir);
                }
                if let Some((_, files)) = cached.files.as_ref().filter(|(f, _)| *f == all) {
                    return Files::Shared(files.clone());
                }
                let order: Vec<(String, u64)> = pending
                    .iter()
                    .map(|p| (p.url.clone(), p.fingerprint))
                    .collect();
                let changed = changed_pages(cached, &order);
                let pages =
                    index_or_reuse(pending, &order, &mut cached.kept, language, &cached.lexicon);
                let files = match (changed, &mut cached.merged) {
                    (Some(changed), Some((before, merged))) => {
                        for (p, old) in changed {
                            merged.replace(&cached.lexicon, p, &old, &pages[p]);
                        }
                        *before = order;
                        merged.set_synonyms(synonyms);
                        merged.shared_files(&cached.lexicon)
                    }
                    _ => {
                        let mut merged = search::Merged::new(language, true);
                        merged.set_synonyms(synonyms);
                        for page in &pages {
                            merged.add(&cached.lexicon, page);
                        }
                        let files = merged.shared_files(&cached.lexicon);
                        cached.merged = Some((order, merged));
                        files
                    }
                };
                cached.files = Some((all, files.clone()));
                Files::Shared(files)
            })
            .collect();
    for (locale, files) in site.config.locales.iter().zip(built) {
        let dir = format!("{}/_search/", locale.slug);
        match files {
            Files::Sunk(paths) => output.sunk.extend(paths),
            Files::Owned(files) => {
                for (path, bytes) in files {
                    output.insert(format!("{dir}{path}"), bytes);
                }
            }
            Files::Shared(files) => {
                for (path, bytes) in files {
                    output.files.insert(format!("{dir}{path}").into(), bytes);
                }
            }
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

/// The synonyms of a locale that `search: {synonyms: …}` does not name.
static NO_SYNONYMS: search::Synonyms = search::Synonyms::new();

/// One locale's index files: made by this build and taken by the sink (their paths), made by
/// this build, or shared with the cache.
enum Files {
    Sunk(Vec<String>),
    Owned(Vec<(String, Vec<u8>)>),
    Shared(Vec<(String, Bytes)>),
}

/// How many pages a one-shot build extracts and tokenizes at a time before merging them (at
/// 2 × 1,000 pages, batches of 256 held 6–8 MiB more at the peak than 64, for no gain in time).
const BATCH: usize = 64;

/// The index files of pages that no later build reuses: extracted and tokenized in parallel a
/// batch at a time, each batch merged (in page order, on one thread) while the next one is
/// tokenized, so that only two batches' text and terms are in memory. With a sink, each batch's
/// finished fragment packs and then the other files go to the sink under `dir` as they are made.
fn index_once(
    pending: Vec<Pending<'_>>,
    (language, synonyms): (&str, &search::Synonyms),
    lexicon: &Lexicon,
    sink: Option<&dyn crate::output::Sink>,
    dir: &str,
) -> Files {
    let mut merged = search::Merged::new(language, false);
    merged.set_synonyms(synonyms);
    let mut sunk = Vec::new();
    // One thread per locale: files created in one folder from several threads only wait for
    // each other on the folder's lock.
    let mut put = |files: Vec<(String, Vec<u8>)>, sink: &dyn crate::output::Sink| {
        for (path, bytes) in files {
            let path = format!("{dir}{path}");
            sink.put(&path, bytes);
            sunk.push(path);
        }
    };
    let mut pending = pending.into_iter();
    let tokenize = |pending: &mut std::vec::IntoIter<Pending<'_>>| {
        let batch: Vec<Pending<'_>> = pending.by_ref().take(BATCH).collect();
        let texts: Vec<PageText> = batch.into_par_iter().map(Pending::text).collect();
        search::index_pages(texts, language, lexicon)
    };
    let mut ready = tokenize(&mut pending);
    while !ready.is_empty() {
        let ((), next) = rayon::join(
            || {
                for page in ready {
                    merged.add(lexicon, &page);
                }
                if let Some(sink) = sink {
                    put(merged.take_packs(), sink);
                }
            },
            || tokenize(&mut pending),
        );
        ready = next;
    }
    let files = merged.files(lexicon);
    let Some(sink) = sink else {
        return Files::Owned(files);
    };
    put(files, sink);
    Files::Sunk(sunk)
}

/// The pages in order: kept entries whose fingerprint still matches, the others extracted and
/// tokenized in parallel; `kept` is updated in place to hold this build's entries (`order`:
/// every page's URL and fingerprint).
fn index_or_reuse(
    pending: Vec<Pending<'_>>,
    order: &[(String, u64)],
    kept: &mut Kept,
    language: &str,
    lexicon: &Lexicon,
) -> Vec<Arc<Indexed>> {
    let mut slots: Vec<Option<Arc<Indexed>>> = Vec::with_capacity(pending.len());
    let mut todo = Vec::new();
    for p in pending {
        let reuse = kept
            .get(&p.url)
            .filter(|(old, _)| *old == p.fingerprint)
            .map(|(_, entry)| Arc::clone(entry));
        if reuse.is_none() {
            todo.push((slots.len(), p));
        }
        slots.push(reuse);
    }
    let (at, todo): (Vec<usize>, Vec<Pending<'_>>) = todo.into_iter().unzip();
    let texts: Vec<PageText> = todo.into_par_iter().map(Pending::text).collect();
    for (i, entry) in at
        .into_iter()
        .zip(search::index_pages(texts, language, lexicon))
    {
        let entry = Arc::new(entry);
        let (url, fingerprint) = &order[i];
        kept.insert(url.clone(), (*fingerprint, Arc::clone(&entry)));
        slots[i] = Some(entry);
    }
    if kept.len() != order.len() {
        let urls: std::collections::HashSet<&str> =
            order.iter().map(|(url, _)| url.as_str()).collect();
        kept.retain(|url, _| urls.contains(url.as_str()));
    }
    slots
        .into_iter()
        .map(|s| s.expect("every page indexed"))
        .collect()
}

fn indexed_pages<'a>(site: &'a Site<'_>, locale: usize) -> Vec<Pending<'a>> {
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
            let kind = kind.unwrap_or("article");
            let doc = &site.docs[i];
            let description = source.front_matter.description.as_deref();
            let url = page_url(site.config, &entry.url);
            let keywords = &source.front_matter.keywords;
            Some(Pending {
                fingerprint: search::fingerprint(&(
                    doc.fingerprint,
                    &doc.title,
                    description,
                    kind,
                    keywords,
                )),
                text: Text::Later(Box::new(move || {
                    let mut sections = search::sections(&doc.rendered.html);
                    if let (Some(first), Some(description)) = (sections.first_mut(), description) {
                        first.text = format!("{description} {}", first.text);
                    }
                    PageText {
                        url: page_url(site.config, &entry.url),
                        title: doc.title.clone(),
                        keywords: keywords.join(", "),
                        kind: kind.to_string(),
                        sections,
                    }
                })),
                url,
            })
        })
        .collect()
}

/// Pages of other producers that carry `data-search-kind`, in path order.
fn generated_pages<'a>(site: &'a Site<'_>, output: &'a Output, locale: usize) -> Vec<Pending<'a>> {
    let slug = &site.config.locales[locale].slug;
    let articles: std::collections::HashSet<&str> = site
        .index
        .pages
        .iter()
        .filter(|e| e.locale == locale)
        .map(|e| e.url.as_str())
        .collect();
    let prefix = format!("{slug}/");
    output
        .files
        .range::<str, _>((
            std::ops::Bound::Included(prefix.as_str()),
            std::ops::Bound::Unbounded,
        ))
        .take_while(|(path, _)| path.starts_with(&prefix))
        .filter(|(path, _)| {
            path.strip_suffix("index.html")
                .is_some_and(|dir| dir.ends_with('/') && !articles.contains(dir))
        })
        .filter_map(|(path, bytes)| {
            let inside = &path[prefix.len()..path.len() - "index.html".len()];
            if search::exclude::excluded(inside, &site.config.search_exclude) {
                return None;
            }
            let (kind, html) = search::marked(std::str::from_utf8(bytes).ok()?)?;
            let url = page_url(site.config, &path[..path.len() - "index.html".len()]);
            Some(Pending {
                fingerprint: search::fingerprint(&(html, kind)),
                text: Text::Later(Box::new({
                    let url = url.clone();
                    move || PageText {
                        url: url.clone(),
                        title: search::first_heading(html),
                        keywords: String::new(),
                        kind: kind.to_string(),
                        sections: search::sections(html),
                    }
                })),
                url,
            })
        })
        .collect()
}

fn common<'a>(site: &'a Site<'_>, shared: &'a Shared, locale: usize) -> Common<'a> {
    let path = |l: usize| format!("{}/search/", site.config.locales[l].slug);
    let alternates = super::pages::generated_alternates(site, locale, "search/");
    Common {
        shared: &shared.locales[locale],
        page_url: page_url(site.config, &path(locale)),
        canonical_url: absolute_url(site.config, &path(locale)),
        alternates,
        x_default_url: Some(absolute_url(site.config, &path(site.config.default_locale))),
        nav: Ok(NavValue::default()),
        breadcrumbs: Vec::new(),
        kilavuz_version: env!("CARGO_PKG_VERSION"),
    }
}
