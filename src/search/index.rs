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

use std::borrow::Cow;
use std::collections::HashMap;
use std::collections::hash_map::Entry;
use std::sync::Arc;

use rayon::prelude::*;
use rust_stemmers::{Algorithm, Stemmer};
use smallvec::SmallVec;

use super::extract::Section;
use super::normalize::{fold, lower};
use super::tokenize::{Piece, each_piece};

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

/// A term's hits in one section of one page.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Posting {
    /// The page's number in the locale's index.
    pub page: u32,
    /// The section's hits.
    pub hit: Hit,
}

/// Every section that holds a term, sorted by page, then section: one flat list per term
/// rather than a list per page, so that indexing allocates per term, not per occurrence.
pub type Postings = Vec<Posting>;

/// The terms of one locale: folded words and the (folded) stems that differ from their word.
#[derive(Debug, Default)]
pub struct Terms {
    /// Folded words.
    pub words: FastMap<String, Postings>,
    /// Snowball stems, folded.
    pub stems: FastMap<String, Postings>,
}

/// A term's hits in one page: most terms occur in one or two sections, which need no
/// allocation of their own.
type Hits = SmallVec<[Hit; 2]>;

/// One page's terms: folded term → (the lower-cased word a stemmer reads, none for CJK, and its
/// hits). The strings are shared with the tokenizing thread's cache, so that a term met on many
/// pages is stored once.
type PageTerms = FastMap<Arc<str>, (Option<Arc<str>>, Hits)>;

/// A thread's cache of tokenized words: the lower-cased word → its folded term.
type Folds = FastMap<Arc<str>, Arc<str>>;

/// One page, tokenized: what the index needs of it. `kilavuz serve` keeps these between builds
/// so that an edit tokenizes only the pages it changed.
#[derive(Debug)]
pub struct Indexed {
    /// The page's text.
    pub text: PageText,
    terms: PageTerms,
}

/// Tokenizes `pages` in parallel (each thread keeps a cache of folded words).
pub fn index_pages(pages: Vec<PageText>, language: &str) -> Vec<Indexed> {
    pages
        .into_par_iter()
        .map_init(FastMap::default, |folds, text| Indexed {
            terms: page_terms(&text, language, folds),
            text,
        })
        .collect()
}

/// Builds every index file of one locale, as `(path under _search/, bytes)`, sorted by path.
pub fn build(pages: &[&Indexed], language: &str) -> Vec<(String, Vec<u8>)> {
    let terms = merge_pages(pages, language);
    let texts: Vec<&PageText> = pages.iter().map(|p| &p.text).collect();
    super::encode::files(&texts, &terms, language)
}

/// Every term of `pages` with its postings.
pub fn collect(pages: &[PageText], language: &str) -> Terms {
    let indexed = index_pages(pages.to_vec(), language);
    merge_pages(&indexed.iter().collect::<Vec<_>>(), language)
}

/// Merges the pages' terms into postings, in page order, stemming each distinct word once.
fn merge_pages(pages: &[&Indexed], language: &str) -> Terms {
    let stemmer = algorithm(language).map(Stemmer::create);
    let mut stem_cache: FastMap<Arc<str>, Option<String>> = FastMap::default();
    let mut terms = Terms::default();
    for (p, page) in pages.iter().enumerate() {
        // Merging is order-free (hits of one page add up by section), so the table's own
        // order is as good as any.
        for (term, (word, hits)) in &page.terms {
            if let (Some(stemmer), Some(word)) = (&stemmer, word) {
                if !stem_cache.contains_key(word) {
                    stem_cache.insert(Arc::clone(word), stem_of(stemmer, word, term));
                }
                if let Some(stem) = &stem_cache[word] {
                    match terms.stems.get_mut(stem.as_str()) {
                        Some(list) => merge(list, p, hits),
                        None => {
                            let list = hits.iter().map(|&hit| Posting {
                                page: p as u32,
                                hit,
                            });
                            terms.stems.insert(stem.clone(), list.collect());
                        }
                    }
                }
            }
            match terms.words.get_mut(&**term) {
                Some(list) => merge(list, p, hits),
                None => {
                    let list = hits.iter().map(|&hit| Posting {
                        page: p as u32,
                        hit,
                    });
                    terms.words.insert(term.to_string(), list.collect());
                }
            }
        }
    }
    terms
}

/// The folded stem of `word` when it is worth indexing: it differs from the word's term and
/// has three or more characters.
fn stem_of(stemmer: &Stemmer, word: &str, term: &str) -> Option<String> {
    let stem = fold(&stemmer.stem(word));
    (stem != term && stem.chars().count() >= 3).then_some(stem)
}

/// A page's terms, tokenized without an allocation per occurrence: each distinct piece of the
/// page keeps its hits, its term coming from `folds` (a cache of the thread's folded words);
/// pieces that fold to the same term merge at the end.
fn page_terms(page: &PageText, language: &str, folds: &mut Folds) -> PageTerms {
    let lowered: Vec<[String; 2]> = page
        .sections
        .iter()
        .enumerate()
        .map(|(s, section)| {
            let prefix = if s == 0 {
                &page.title
            } else {
                &section.heading
            };
            [lower(prefix, language), lower(&section.text, language)]
        })
        .collect();
    let mut pieces: FastMap<Cow<'_, str>, PieceHits> = FastMap::default();
    for (s, [prefix, text]) in lowered.iter().enumerate() {
        let weight = if s == 0 { TITLE_WEIGHT } else { HEADING_WEIGHT };
        let mut pos = 0;
        for (text, weight) in [(prefix, weight), (text, 1)] {
            each_piece(text, true, |piece| {
                let (key, cjk) = match piece {
                    Piece::Run(run) => (Cow::Borrowed(run), false),
                    Piece::Cjk(term) => (Cow::Owned(term), true),
                };
                let entry = pieces.entry(key).or_insert_with_key(|key| {
                    let (word, term) = if cjk {
                        (None, Arc::from(key.as_ref()))
                    } else {
                        let (word, term) = match folds.get_key_value(key.as_ref()) {
                            Some((word, term)) => (Arc::clone(word), Arc::clone(term)),
                            None => {
                                let word: Arc<str> = Arc::from(key.as_ref());
                                let term: Arc<str> = Arc::from(fold(key));
                                folds.insert(Arc::clone(&word), Arc::clone(&term));
                                (word, term)
                            }
                        };
                        (Some(word), term)
                    };
                    PieceHits {
                        term,
                        word,
                        first: (s as u32, pos),
                        hits: Hits::new(),
                    }
                });
                if !entry.term.is_empty() {
                    add_hit(&mut entry.hits, s as u32, weight, pos);
                    pos += 1;
                }
            });
        }
    }
    let mut ordered: Vec<PieceHits> = pieces
        .into_values()
        .filter(|p| !p.term.is_empty())
        .collect();
    ordered.sort_unstable_by_key(|p| p.first);
    let mut table = PageTerms::default();
    for piece in ordered {
        match table.entry(piece.term) {
            Entry::Vacant(v) => {
                v.insert((piece.word, piece.hits));
            }
            Entry::Occupied(mut o) => merge_hits(&mut o.get_mut().1, &piece.hits),
        }
    }
    table
}

/// One distinct piece of a page: its term, the word a stemmer reads (none for CJK), where it
/// first occurs and its hits.
struct PieceHits {
    term: Arc<str>,
    word: Option<Arc<str>>,
    first: (u32, u32),
    hits: Hits,
}

/// A hasher for the indexer's hot tables: fast and seeded the same on every run.
pub type FastMap<K, V> = HashMap<K, V, foldhash::fast::FixedState>;

fn add_hit(hits: &mut Hits, section: u32, weight: u32, pos: u32) {
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
    let start = postings
        .iter()
        .rposition(|p| p.page != page)
        .map_or(0, |i| i + 1);
    if start == postings.len() {
        postings.extend(hits.iter().map(|&hit| Posting { page, hit }));
        return;
    }
    let mut same: Hits = postings.drain(start..).map(|p| p.hit).collect();
    merge_hits(&mut same, hits);
    postings.extend(same.into_iter().map(|hit| Posting { page, hit }));
}

/// Adds `hits` to the hits of the same page, section by section.
fn merge_hits(into: &mut Hits, hits: &[Hit]) {
    for hit in hits {
        match into.iter_mut().find(|h| h.section == hit.section) {
            Some(h) => {
                h.weight = (h.weight + hit.weight).min(MAX_WEIGHT);
                h.pos = h.pos.min(hit.pos);
            }
            None => into.push(*hit),
        }
    }
    into.sort_unstable_by_key(|h| h.section);
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
