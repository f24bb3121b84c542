//! Building one locale's search index: terms in chunks fetched on demand, and one small
//! fragment per page fetched only for the results shown. [`super::encode`] writes the files.
//!
//! Work is done once per distinct word, not per occurrence: pages are tokenized in parallel into
//! per-page term tables, then merged in page order; a word's Snowball stem is computed the first
//! time the word is met and cached for the locale.
//!
//! Weights: page title 10, section heading 5, body 1, summed per section (capped at 1000); a
//! section's position is the term's first position in it (title or heading first), for phrase
//! proximity.

use std::collections::HashMap;

use rayon::prelude::*;
use rust_stemmers::{Algorithm, Stemmer};

use super::extract::Section;
use super::normalize::fold;
use super::tokenize::index_tokens;

/// One page to index.
#[derive(Debug, Clone)]
pub struct PageText {
    /// The page's URL.
    pub url: String,
    /// The page's title.
    pub title: String,
    /// What kind of page this is, for facets (`article`, `support`, …).
    pub kind: String,
    /// The page's sections; the first one holds the text before any heading.
    pub sections: Vec<Section>,
}

const TITLE_WEIGHT: u32 = 10;
const HEADING_WEIGHT: u32 = 5;
const MAX_WEIGHT: u32 = 1000;

/// A term's occurrences in one section of a page.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Hit {
    /// The section's index in its page.
    pub section: u32,
    /// Summed weight of the occurrences.
    pub weight: u32,
    /// First position in the section.
    pub pos: u32,
}

/// A term's hits in one page, sorted by section.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PageHits {
    /// The page's number in the locale's index.
    pub page: u32,
    /// The sections that hold the term.
    pub hits: Vec<Hit>,
}

/// Every page that holds a term, in page order.
pub type Postings = Vec<PageHits>;

/// The terms of one locale: folded words and the (folded) stems that differ from their word.
#[derive(Debug, Default)]
pub struct Terms {
    /// Folded words.
    pub words: HashMap<String, Postings>,
    /// Snowball stems, folded.
    pub stems: HashMap<String, Postings>,
}

/// One page's terms: folded term → (the lower-cased word a stemmer reads, its hits).
type PageTerms = HashMap<String, (String, Vec<Hit>)>;

/// Builds every index file of one locale, as `(path under _search/, bytes)`, sorted by path.
pub fn build(pages: &[PageText], language: &str) -> Vec<(String, Vec<u8>)> {
    let terms = collect(pages, language);
    super::encode::files(pages, &terms, language)
}

/// Every term of `pages` with its postings.
pub fn collect(pages: &[PageText], language: &str) -> Terms {
    let per_page: Vec<PageTerms> = pages
        .par_iter()
        .map(|page| page_terms(page, language))
        .collect();
    let stemmer = algorithm(language).map(Stemmer::create);
    let mut stem_cache: HashMap<String, Option<String>> = HashMap::new();
    let mut terms = Terms::default();
    for (p, table) in per_page.into_iter().enumerate() {
        let mut sorted: Vec<_> = table.into_iter().collect();
        sorted.sort_unstable_by(|a, b| a.0.cmp(&b.0));
        for (term, (word, hits)) in sorted {
            if let Some(stemmer) = &stemmer {
                let stem = stem_cache
                    .entry(word)
                    .or_insert_with_key(|word| stem_of(stemmer, word, &term));
                if let Some(stem) = stem {
                    merge(terms.stems.entry(stem.clone()).or_default(), p, &hits);
                }
            }
            merge(terms.words.entry(term).or_default(), p, &hits);
        }
    }
    terms
}

/// The folded stem of `word` when it is worth indexing: it differs from the word's term and
/// has three or more characters.
fn stem_of(stemmer: &Stemmer, word: &str, term: &str) -> Option<String> {
    if word.is_empty() {
        return None;
    }
    let stem = fold(&stemmer.stem(word));
    (stem != term && stem.chars().count() >= 3).then_some(stem)
}

fn page_terms(page: &PageText, language: &str) -> PageTerms {
    let mut table = PageTerms::new();
    for (s, section) in page.sections.iter().enumerate() {
        let (prefix, weight) = if s == 0 {
            (&page.title, TITLE_WEIGHT)
        } else {
            (&section.heading, HEADING_WEIGHT)
        };
        let head = index_tokens(prefix, language);
        let offset = head.len() as u32;
        let body = index_tokens(&section.text, language);
        let found = head.into_iter().map(|t| (t, 0, weight));
        for (token, offset, weight) in found.chain(body.into_iter().map(|t| (t, offset, 1))) {
            let (_, hits) = table
                .entry(token.term)
                .or_insert_with(|| (token.word, Vec::new()));
            add_hit(hits, s as u32, weight, token.pos + offset);
        }
    }
    table
}

fn add_hit(hits: &mut Vec<Hit>, section: u32, weight: u32, pos: u32) {
    match hits.last_mut() {
        Some(last) if last.section == section => {
            last.weight = (last.weight + weight).min(MAX_WEIGHT);
        }
        _ => hits.push(Hit {
            section,
            weight: weight.min(MAX_WEIGHT),
            pos,
        }),
    }
}

/// Adds one page's hits to a term's postings (pages arrive in order; two words of a page may
/// fold to the same term or share a stem, so the last page may take more hits).
fn merge(postings: &mut Postings, page: usize, hits: &[Hit]) {
    let page = page as u32;
    match postings.last_mut() {
        Some(last) if last.page == page => {
            for hit in hits {
                match last.hits.iter_mut().find(|h| h.section == hit.section) {
                    Some(h) => {
                        h.weight = (h.weight + hit.weight).min(MAX_WEIGHT);
                        h.pos = h.pos.min(hit.pos);
                    }
                    None => last.hits.push(*hit),
                }
            }
            last.hits.sort_unstable_by_key(|h| h.section);
        }
        _ => postings.push(PageHits {
            page,
            hits: hits.to_vec(),
        }),
    }
}

/// The Snowball stemmer for a primary language subtag, when there is one.
fn algorithm(language: &str) -> Option<Algorithm> {
    Some(match language {
        "ar" => Algorithm::Arabic,
        "da" => Algorithm::Danish,
        "de" => Algorithm::German,
        "el" => Algorithm::Greek,
        "en" => Algorithm::English,
        "es" => Algorithm::Spanish,
        "fi" => Algorithm::Finnish,
        "fr" => Algorithm::French,
        "hu" => Algorithm::Hungarian,
        "it" => Algorithm::Italian,
        "nb" | "nn" | "no" => Algorithm::Norwegian,
        "nl" => Algorithm::Dutch,
        "pt" => Algorithm::Portuguese,
        "ro" => Algorithm::Romanian,
        "ru" => Algorithm::Russian,
        "sv" => Algorithm::Swedish,
        "ta" => Algorithm::Tamil,
        "tr" => Algorithm::Turkish,
        _ => return None,
    })
}
