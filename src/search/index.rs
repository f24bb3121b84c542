//! Tokenizing the pages of one locale's search index: each page becomes a table of numbered
//! terms with their hits ([`super::merge`] merges the tables, [`super::encode`] writes the
//! files).
//!
//! Work is done once per distinct word, not per occurrence: pages are tokenized in parallel
//! against a lexicon shared by the locale's threads, which folds each distinct word once.
//!
//! Weights: a term's weight in a section is [`TITLE_WEIGHT`] when the page's title holds it (the
//! first section's) or [`HEADING_WEIGHT`] when the section's heading does, plus a body score
//! that saturates with the number of occurrences and shrinks with the section's length (BM25's
//! term frequency part, against a fixed [`REFERENCE_WORDS`] so that a page's weights depend on
//! that page only): a title or heading match outweighs any body, and a 4,000-word table that
//! names a term a hundred times scores a few points, not a hundred. A section's position is the
//! term's first position in it (title or heading first), for phrase proximity.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};

use rayon::prelude::*;
use smallvec::SmallVec;

use super::extract::Section;
use super::normalize::{fold, lower, lower_simple, simple_words, turkic};
use super::tokenize::{Buffers, Piece, each_piece};
use super::words::Key;

/// One page to index.
#[derive(Debug, Clone, Hash)]
pub struct PageText {
    /// The page's URL.
    pub url: String,
    /// The page's title.
    pub title: String,
    /// Words the page is found by that its text need not hold (front matter `keywords`),
    /// weighed as a heading of its first section.
    pub keywords: String,
    /// What kind of page this is, for facets (`article`, `support`, …).
    pub kind: String,
    /// The page's sections; the first one holds the text before any heading.
    pub sections: Vec<Section>,
}

/// The weight of a term in the page's title. Every other hit of the first section weighs less
/// (the keywords' at most 19), so the query side tells the title's hits by their weight (`tw` in
/// `meta.json`).
pub(super) const TITLE_WEIGHT: u32 = 20;
/// The weight of a term in a section's heading.
pub(super) const HEADING_WEIGHT: u32 = 10;
/// The body score's bound: what a term that fills a section of [`REFERENCE_WORDS`] tends to
/// (`BODY_SCALE × (K1 + 1)`, 8.8), one occurrence there scoring 4.
const BODY_SCALE: f64 = 4.0;
/// BM25's saturation (`k1`) and length normalization (`b`), at their usual values.
const K1: f64 = 1.2;
const B: f64 = 0.75;
/// The section length, in words, at which the body score is not scaled for length.
pub(super) const REFERENCE_WORDS: u32 = 100;
pub(super) const MAX_WEIGHT: u32 = 1000;

/// While a page is tokenized, a hit's weight counts the term's occurrences in the section's
/// body, with this bit set when the title or heading holds it too; [`weight`] makes the weight.
const IN_FIELD: u32 = 1 << 31;
/// The bit set in a hit's tally when the page's keywords hold the term (first section only).
const IN_KEYWORDS: u32 = 1 << 30;

/// The weight of a term in a section from its tally while tokenizing (see [`IN_FIELD`]):
/// `field` ([`TITLE_WEIGHT`] or [`HEADING_WEIGHT`]) when the title or heading holds it, else
/// [`HEADING_WEIGHT`] when the keywords do, plus the body score of its occurrences among the
/// section's `words`; at least 1.
pub(super) fn weight(tally: u32, field: u32, words: u32) -> u32 {
    let tf = f64::from(tally & !(IN_FIELD | IN_KEYWORDS));
    let length = 1.0 - B + B * f64::from(words) / f64::from(REFERENCE_WORDS);
    let body = BODY_SCALE * tf * (K1 + 1.0) / (tf + K1 * length);
    let field = if tally & IN_FIELD != 0 {
        field
    } else if tally & IN_KEYWORDS != 0 {
        HEADING_WEIGHT
    } else {
        0
    };
    // Rounded to the nearest integer: the encoding writes whole numbers (one digit up to 31).
    ((f64::from(field) + body).round() as u32).clamp(1, MAX_WEIGHT)
}

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

/// A term's hits in one page: most terms occur in three sections or fewer, which need no
/// allocation of their own (room for two instead of three made 14 M more instructions at
/// 2 × 1,000 pages, growing the lists of the terms in a third section).
pub(super) type Hits = SmallVec<[Hit; 3]>;

/// No word: a CJK term, which no stemmer reads.
pub(super) const NO_WORD: u32 = u32::MAX;

/// The term every word that folds to nothing gets; it is not indexed.
const EMPTY_TERM: u32 = 0;

/// One locale's words and terms, each with a number, shared by the threads that tokenize its
/// pages: a page's terms are then numbers, merging indexes arrays instead of hashing strings,
/// and each distinct word is folded once per locale. `kilavuz serve` keeps it between builds
/// with the pages tokenized against it.
#[derive(Debug)]
pub struct Lexicon {
    table: Mutex<Table>,
    /// Each pool thread's [`Seen`], kept from one batch of pages to the next (and, in `kilavuz
    /// serve`, from one build to the next), so that a thread looks each word up in the shared
    /// table once, not once per batch.
    seen: Box<[Mutex<Seen>]>,
}

#[derive(Debug)]
pub(super) struct Table {
    /// Lower-cased word → (word number, term number).
    words: FastMap<Arc<str>, (u32, u32)>,
    /// Word by number.
    pub(super) word_text: Vec<Arc<str>>,
    /// Folded term → term number.
    terms: FastMap<Arc<str>, u32>,
    /// Term by number; number 0 is the empty term.
    pub(super) term_text: Vec<Arc<str>>,
}

impl Default for Lexicon {
    fn default() -> Self {
        let empty: Arc<str> = Arc::from("");
        let mut terms = FastMap::default();
        terms.insert(Arc::clone(&empty), EMPTY_TERM);
        Self {
            table: Mutex::new(Table {
                words: FastMap::default(),
                word_text: Vec::new(),
                terms,
                term_text: vec![empty],
            }),
            seen: (0..rayon::current_num_threads())
                .map(|_| Mutex::default())
                .collect(),
        }
    }
}

impl Table {
    fn term(&mut self, term: &str) -> u32 {
        if let Some(&id) = self.terms.get(term) {
            return id;
        }
        let id = self.term_text.len() as u32;
        let text: Arc<str> = Arc::from(term);
        self.term_text.push(Arc::clone(&text));
        self.terms.insert(text, id);
        id
    }

    fn word(&mut self, word: &str) -> (u32, u32) {
        if let Some(&ids) = self.words.get(word) {
            return ids;
        }
        let term = self.term(&fold(word));
        let id = self.word_text.len() as u32;
        let text: Arc<str> = Arc::from(word);
        self.word_text.push(Arc::clone(&text));
        self.words.insert(text, (id, term));
        (id, term)
    }
}

impl Lexicon {
    pub(super) fn lock(&self) -> std::sync::MutexGuard<'_, Table> {
        self.table
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
    }

    /// The calling thread's [`Seen`] (a thread outside the pool shares the first one's).
    fn seen(&self) -> std::sync::MutexGuard<'_, Seen> {
        let thread = rayon::current_thread_index().unwrap_or(0) % self.seen.len();
        self.seen[thread]
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
    }
}

/// A thread's view of the lexicon, looked up without the lock: the numbers (word, term) of the
/// words it has met, as written (`raw`, from text [`simple_words`] splits, so most words are
/// neither lower-cased nor copied) and lower-cased (`words`, from other text), and the term
/// numbers of the CJK terms; and, by term number, where the page being tokenized keeps that
/// term's hits (0: not met yet, else 1 + its index in the page's terms), so that occurrences are
/// summed up as they come instead of sorted.
#[derive(Debug, Default)]
struct Seen {
    raw: super::words::WordTable,
    words: FastMap<Box<str>, (u32, u32)>,
    cjk: FastMap<Box<str>, u32>,
    slots: Vec<u32>,
}

/// One page's terms in the order of their first occurrence: (term, the word of its first
/// occurrence, which a stemmer reads, or [`NO_WORD`], and its hits). Merging needs no other
/// order (each term's postings grow page by page), so they are not sorted.
pub(super) type PageTerms = Vec<(u32, u32, Hits)>;

/// One page, tokenized: what the index needs of it. `kilavuz serve` keeps these between builds
/// so that an edit tokenizes only the pages it changed.
#[derive(Debug)]
pub struct Indexed {
    /// What kind of page this is, for facets.
    pub(super) kind: String,
    /// The page's fragment (URL, title, sections with their excerpt source), as JSON.
    pub(super) fragment: Vec<u8>,
    pub(super) terms: PageTerms,
}

/// Tokenizes `pages` in parallel against `lexicon` (each thread keeps the numbers of the words
/// it has met in the lexicon's [`Seen`] for it).
pub fn index_pages(pages: Vec<PageText>, language: &str, lexicon: &Lexicon) -> Vec<Indexed> {
    pages
        .into_par_iter()
        .map(|text| Indexed {
            terms: page_terms(&text, language, lexicon, &mut lexicon.seen()),
            fragment: super::encode::fragment(&text),
            kind: text.kind,
        })
        .collect()
}

/// A page's terms: every occurrence becomes numbers (the thread's `seen` words first, the
/// lexicon for new ones) and is added to its term's hits at once. Sections come in order and
/// positions grow within a section, so each term's hits stay sorted by section and keep the
/// first position, and its word is the word of its first occurrence.
fn page_terms(page: &PageText, language: &str, lexicon: &Lexicon, seen: &mut Seen) -> PageTerms {
    let turkic = turkic(language);
    let mut buffers = Buffers::default();
    let mut page_tally = PageTally {
        terms: Vec::new(),
        touched: Vec::new(),
        slots: &mut seen.slots,
        section: 0,
        pos: 0,
        words: 0,
    };
    for (s, section) in page.sections.iter().enumerate() {
        let (prefix, field) = if s == 0 {
            (&page.title, TITLE_WEIGHT)
        } else {
            (&section.heading, HEADING_WEIGHT)
        };
        page_tally.start(s as u32);
        let keywords = if s == 0 { page.keywords.as_str() } else { "" };
        for (text, mark) in [
            (prefix.as_str(), IN_FIELD),
            (keywords, IN_KEYWORDS),
            (section.text.as_str(), 0),
        ] {
            if simple_words(text, turkic, &mut buffers.words) {
                for &(start, end) in &buffers.words {
                    let (start, end) = (start as usize, end as usize);
                    let key = Key::new(text.as_bytes(), start, end);
                    let ids = match seen.raw.get(&key) {
                        Some(ids) => ids,
                        None => {
                            lower_simple(&text[start..end], turkic, &mut buffers.lowered);
                            let ids = lexicon.lock().word(&buffers.lowered);
                            seen.raw.insert(&key, ids);
                            ids
                        }
                    };
                    page_tally.add(ids, mark);
                }
                continue;
            }
            each_piece(&lower(text, language), true, |piece| {
                let ids = match piece {
                    Piece::Run(run) => match seen.words.get(run) {
                        Some(&ids) => ids,
                        None => {
                            let ids = lexicon.lock().word(run);
                            seen.words.insert(Box::from(run), ids);
                            ids
                        }
                    },
                    Piece::Cjk(cjk) => match seen.cjk.get(cjk.as_str()) {
                        Some(&term) => (NO_WORD, term),
                        None => {
                            let term = lexicon.lock().term(&cjk);
                            seen.cjk.insert(cjk.into_boxed_str(), term);
                            (NO_WORD, term)
                        }
                    },
                };
                page_tally.add(ids, mark);
            });
        }
        page_tally.finish_section(field);
    }
    let PageTally { terms, slots, .. } = page_tally;
    for (term, _, _) in &terms {
        slots[*term as usize] = 0;
    }
    terms
}

/// A page's terms while it is tokenized, and where in the page the next occurrence is.
struct PageTally<'a> {
    terms: PageTerms,
    /// The page's terms (by index in `terms`) that have a hit in the current section.
    touched: Vec<u32>,
    /// The thread's [`Seen::slots`].
    slots: &'a mut Vec<u32>,
    /// The current section, the next occurrence's position in it and its number of body words.
    section: u32,
    pos: u32,
    words: u32,
}

impl PageTally<'_> {
    /// Starts section `section`.
    fn start(&mut self, section: u32) {
        self.section = section;
        self.pos = 0;
        self.words = 0;
    }

    /// Adds an occurrence of a word (its numbers, `(word, term)`) to its term's hits; `mark` is 0
    /// for the body, else the bit of the field that holds it. Inlined into both tokenizing loops:
    /// called once per occurrence, a call of its own cost 15 M more instructions at 2 × 1,000
    /// pages.
    #[inline(always)]
    fn add(&mut self, (word, term): (u32, u32), mark: u32) {
        if term == EMPTY_TERM {
            return;
        }
        self.words += u32::from(mark == 0);
        let t = term as usize;
        if self.slots.len() <= t {
            self.slots.resize(t + 1, 0);
        }
        match self.slots[t] {
            0 => {
                let mut hits = Hits::new();
                tally(&mut hits, self.section, mark, self.pos);
                self.terms.push((term, word, hits));
                self.slots[t] = self.terms.len() as u32;
                self.touched.push(self.slots[t] - 1);
            }
            slot => {
                if tally(
                    &mut self.terms[slot as usize - 1].2,
                    self.section,
                    mark,
                    self.pos,
                ) {
                    self.touched.push(slot - 1);
                }
            }
        }
        self.pos += 1;
    }

    /// Turns the tallies of the section's hits into weights, `field` being the weight of its
    /// title or heading.
    fn finish_section(&mut self, field: u32) {
        for slot in self.touched.drain(..) {
            if let Some(hit) = self.terms[slot as usize].2.last_mut() {
                hit.weight = weight(hit.weight, field, self.words);
            }
        }
    }
}

/// A hasher for the indexer's hot tables: fast and seeded the same on every run.
pub type FastMap<K, V> = HashMap<K, V, foldhash::fast::FixedState>;

/// Counts one occurrence of a term in section `section` at `pos` into its `hits`: in the body
/// when `mark` is 0, else in the field whose bit it is ([`IN_FIELD`], [`IN_KEYWORDS`]); whether
/// that made the section's hit.
fn tally(hits: &mut Hits, section: u32, mark: u32, pos: u32) -> bool {
    let count = |tally: u32| {
        if mark == 0 { tally + 1 } else { tally | mark }
    };
    match hits.last_mut() {
        Some(last) if last.section == section => {
            last.weight = count(last.weight);
            false
        }
        _ => {
            hits.push(Hit {
                section,
                weight: count(0),
                pos,
            });
            true
        }
    }
}
