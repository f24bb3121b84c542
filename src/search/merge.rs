//! Merging one locale's tokenized pages into postings, in page order, and encoding them: a
//! word's Snowball stem is computed the first time the word is met. A merged index can also
//! replace a page, as `kilavuz serve` does after an edit.

use std::borrow::Cow;
use std::sync::Arc;

use rayon::prelude::*;
use rust_stemmers::{Algorithm, Stemmer};

use super::encode::Key;
use super::index::{
    FastMap, Hit, Hits, Indexed, Lexicon, MAX_WEIGHT, NO_WORD, PageText, Posting, Postings, Table,
    index_pages,
};
use super::normalize::fold;

/// The terms of one locale: folded words and the (folded) stems that differ from their word.
#[derive(Debug, Default)]
pub struct Terms {
    /// Folded words.
    pub words: FastMap<String, Postings>,
    /// Snowball stems, folded.
    pub stems: FastMap<String, Postings>,
}

/// Every term of `pages` with its postings.
pub fn collect(pages: &[PageText], language: &str) -> Terms {
    let lexicon = Lexicon::default();
    let mut merged = Merged::new(language, true);
    for page in index_pages(pages.to_vec(), language, &lexicon) {
        merged.add(&lexicon, &page);
    }
    let table = lexicon.lock();
    Terms {
        words: merged
            .words
            .into_iter()
            .enumerate()
            .filter(|(_, (list, _))| !list.is_empty())
            .map(|(term, (list, _))| (table.term_text[term].to_string(), list))
            .collect(),
        stems: merged
            .stems
            .into_iter()
            .map(|(stem, list, _)| (stem, list))
            .collect(),
    }
}

/// One locale's index, merged page by page (a page's terms can be dropped once added), each
/// distinct word stemmed once. `kilavuz serve` keeps it: an edited page's postings are replaced
/// in place, and in the encoding of each term it touches only that page's part and the next
/// page's (whose number is written relative to it) are written again.
#[derive(Debug)]
pub struct Merged {
    language: String,
    /// The locale's synonyms, for `meta.json`.
    synonyms: super::Synonyms,
    /// Whether pages will be replaced (the encodings then keep where each page's part starts).
    editable: bool,
    /// Postings by term number, with their encoding.
    words: Vec<(Postings, Code)>,
    /// Per word number: not stemmed yet, or the number of its stem (`u32::MAX`: none worth
    /// indexing).
    stem_ids: Vec<Option<u32>>,
    stem_numbers: FastMap<String, u32>,
    /// Stems by number, with their postings and encoding.
    stems: Vec<(String, Postings, Code)>,
    /// While a page is added to an index that is not editable: the hits of each stem its words
    /// share, gathered, and per stem number where they are (0: not met yet, else 1 + the index).
    page_stems: Vec<(u32, Hits)>,
    stem_slots: Vec<u32>,
    /// Each page's kind.
    kinds: Vec<String>,
    /// Each page's fragment (editable indexes, whose packs are made again when a page changes).
    fragments: Vec<Vec<u8>>,
    /// The fragment packs, made as pages come (indexes that are not editable).
    packs: super::encode::Packs,
    /// The pages replaced since the files were last made, and those files (editable indexes).
    changed_pages: Vec<usize>,
    made: super::encode::Made,
}

impl Merged {
    /// An empty index for pages in `language`, `editable` when pages will be replaced.
    pub fn new(language: &str, editable: bool) -> Self {
        Self {
            language: language.to_string(),
            synonyms: super::Synonyms::new(),
            editable,
            words: Vec::new(),
            stem_ids: Vec::new(),
            stem_numbers: FastMap::default(),
            stems: Vec::new(),
            page_stems: Vec::new(),
            stem_slots: Vec::new(),
            kinds: Vec::new(),
            fragments: Vec::new(),
            packs: super::encode::Packs::default(),
            changed_pages: Vec::new(),
            made: super::encode::Made::default(),
        }
    }

    /// Writes `synonyms` into the index's `meta.json` from now on.
    pub fn set_synonyms(&mut self, synonyms: &super::Synonyms) {
        synonyms.clone_into(&mut self.synonyms);
    }

    /// Adds the next page (tokenized against `lexicon`).
    pub fn add(&mut self, lexicon: &Lexicon, page: &Indexed) {
        let p = self.kinds.len();
        self.kinds.push(page.kind.clone());
        if self.editable {
            self.fragments.push(page.fragment.clone());
        } else {
            self.packs.push(&page.fragment);
        }
        self.apply(lexicon, p, page);
    }

    /// The fragment packs finished since the last call (an index that is not editable), as
    /// `(path under _search/, bytes)`; [`Merged::files`] leaves them out.
    pub fn take_packs(&mut self) -> Vec<(String, Vec<u8>)> {
        self.packs.take_closed()
    }

    /// Replaces page number `p`, which was `old`, by `new`: every postings list either page
    /// touches gets the new page's hits in place of the old ones in one splice, which moves the
    /// rest of a long list only when the page's number of hits in it changed.
    pub fn replace(&mut self, lexicon: &Lexicon, p: usize, old: &Indexed, new: &Indexed) {
        let page = p as u32;
        let stemmer = algorithm(&self.language).map(Stemmer::create);
        // The new page's hits per stem, summed over the words that share it (stems are
        // numbered in the order `apply` would number them).
        let mut stem_hits: Vec<(u32, Hits)> = Vec::new();
        for (term, word, hits) in &new.terms {
            if let Some(stemmer) = &stemmer
                && *word != NO_WORD
            {
                let id = self.stem_id(lexicon, stemmer, *word, *term);
                if (id as usize) < self.stems.len() {
                    match stem_hits.iter_mut().find(|(s, _)| *s == id) {
                        Some((_, into)) => merge_hits(into, hits),
                        None => stem_hits.push((id, hits.iter().copied().collect())),
                    }
                }
            }
            let t = *term as usize;
            if self.words.len() <= t {
                self.words.resize_with(t + 1, Default::default);
            }
        }
        let mut kept: Vec<u32> = new.terms.iter().map(|(term, _, _)| *term).collect();
        kept.sort_unstable();
        for (term, word, _) in &old.terms {
            if kept.binary_search(term).is_err()
                && let Some((list, code)) = self.words.get_mut(*term as usize)
            {
                set_page(list, page, &[]);
                code.mark(page);
            }
            let stem = self.stem_ids.get(*word as usize).copied().flatten();
            if let Some(id) = stem.filter(|id| stem_hits.iter().all(|(s, _)| s != id))
                && let Some((_, list, code)) = self.stems.get_mut(id as usize)
            {
                set_page(list, page, &[]);
                code.mark(page);
            }
        }
        for (term, _, hits) in &new.terms {
            let (list, code) = &mut self.words[*term as usize];
            set_page(list, page, hits);
            code.mark(page);
        }
        for (id, hits) in stem_hits {
            let (_, list, code) = &mut self.stems[id as usize];
            set_page(list, page, &hits);
            code.mark(page);
        }
        self.kinds[p] = new.kind.clone();
        self.fragments[p] = new.fragment.clone();
        self.changed_pages.push(p);
    }

    fn apply(&mut self, lexicon: &Lexicon, p: usize, page: &Indexed) {
        let stemmer = algorithm(&self.language).map(Stemmer::create);
        let mut page_stems = std::mem::take(&mut self.page_stems);
        for (term, word, hits) in &page.terms {
            if let Some(stemmer) = &stemmer
                && *word != NO_WORD
            {
                let id = self.stem_id(lexicon, stemmer, *word, *term);
                if let Some((_, list, code)) = self.stems.get_mut(id as usize) {
                    if self.editable {
                        code.add(list, p, hits);
                    } else {
                        let s = id as usize;
                        if self.stem_slots.len() <= s {
                            self.stem_slots.resize(s + 1, 0);
                        }
                        match self.stem_slots[s] {
                            0 => {
                                page_stems.push((id, hits.clone()));
                                self.stem_slots[s] = page_stems.len() as u32;
                            }
                            slot => merge_hits(&mut page_stems[slot as usize - 1].1, hits),
                        }
                    }
                }
            }
            let t = *term as usize;
            if self.words.len() <= t {
                self.words.resize_with(t + 1, Default::default);
            }
            let (list, code) = &mut self.words[t];
            if self.editable {
                code.add(list, p, hits);
            } else {
                // A page's terms are distinct: these are all its hits of the term.
                code.push_page(p as u32, hits);
            }
        }
        for (id, hits) in page_stems.drain(..) {
            self.stem_slots[id as usize] = 0;
            self.stems[id as usize].2.push_page(p as u32, &hits);
        }
        self.page_stems = page_stems;
    }

    /// The number of `word`'s stem, stemming it the first time.
    fn stem_id(&mut self, lexicon: &Lexicon, stemmer: &Stemmer, word: u32, term: u32) -> u32 {
        let w = word as usize;
        if self.stem_ids.len() <= w {
            self.stem_ids.resize(w + 1, None);
        }
        if let Some(id) = self.stem_ids[w] {
            return id;
        }
        let stem = {
            let table = lexicon.lock();
            stem_of(
                stemmer,
                &table.word_text[w],
                &table.term_text[term as usize],
            )
        };
        let id = match stem {
            Some(stem) => {
                let stems = &mut self.stems;
                *self.stem_numbers.entry(stem).or_insert_with_key(|stem| {
                    stems.push((stem.clone(), Vec::new(), Code::default()));
                    stems.len() as u32 - 1
                })
            }
            None => u32::MAX,
        };
        self.stem_ids[w] = Some(id);
        id
    }

    /// Every index file of an index that is not editable, as `(path under _search/, bytes)`,
    /// sorted by path, but the packs taken by [`Merged::take_packs`].
    pub fn files(mut self, lexicon: &Lexicon) -> Vec<(String, Vec<u8>)> {
        let packs = std::mem::take(&mut self.packs);
        let table = lexicon.lock();
        let keys = keys(&mut self.words, &mut self.stems, &table, false);
        super::encode::files(&self.kinds, packs, keys, (&self.language, &self.synonyms))
    }

    /// Every index file of an editable index, as `(path under _search/, bytes)`, sorted by
    /// path: the postings that changed since the last call are encoded again, and only the
    /// chunks and packs they (or the pages replaced since) are in are made again.
    pub fn shared_files(&mut self, lexicon: &Lexicon) -> Vec<(String, Arc<[u8]>)> {
        let table = lexicon.lock();
        let keys = keys(&mut self.words, &mut self.stems, &table, true);
        let mut changed = std::mem::take(&mut self.changed_pages);
        changed.sort_unstable();
        super::encode::files_reusing(
            &self.kinds,
            &self.fragments,
            &changed,
            &keys,
            (&self.language, &self.synonyms),
            &mut self.made,
        )
    }
}

/// Every used key of `words` and `stems` in order, their postings brought up to date; a word
/// and a stem that are the same string make one key.
fn keys<'a>(
    words: &'a mut [(Postings, Code)],
    stems: &'a mut [(String, Postings, Code)],
    table: &'a Table,
    editable: bool,
) -> Vec<Key<'a>> {
    let changed_words: Vec<bool> = words
        .par_iter_mut()
        .map(|(list, code)| code.update(list, editable))
        .collect();
    let changed_stems: Vec<bool> = stems
        .par_iter_mut()
        .map(|(_, list, code)| code.update(list, editable))
        .collect();
    let mut keys: Vec<Key<'a>> = words
        .iter_mut()
        .zip(changed_words)
        .enumerate()
        .filter(|(_, ((_, code), _))| code.is_used())
        .map(|(t, ((_, code), changed))| Key {
            term: &table.term_text[t],
            word: code.give(editable),
            stem: None,
            changed,
        })
        .chain(
            stems
                .iter_mut()
                .zip(changed_stems)
                .filter(|((_, _, code), _)| code.is_used())
                .map(|((stem, _, code), changed)| Key {
                    term: stem.as_str(),
                    word: None,
                    stem: code.give(editable),
                    changed,
                }),
        )
        .collect();
    keys.sort_unstable_by(|a, b| {
        a.term
            .cmp(b.term)
            .then(b.word.is_some().cmp(&a.word.is_some()))
    });
    let mut joined: Vec<Key<'a>> = Vec::with_capacity(keys.len());
    for key in keys {
        match joined.last_mut() {
            Some(last) if last.term == key.term => {
                last.stem = key.stem;
                last.changed |= key.changed;
            }
            _ => joined.push(key),
        }
    }
    joined
}

/// A term's encoded postings. An index that is not editable encodes each page's part as the
/// page is added (all of a page's hits of a word come at once, and those of a stem are gathered
/// from the page's words first), so its postings lists stay empty.
#[derive(Debug, Default)]
struct Code {
    /// The encoding, once made (in part, while a non-editable index is being merged).
    text: Option<Vec<u8>>,
    /// The last page encoded in a non-editable index (page numbers are relative to it).
    encoded: u32,
    /// Where each page's part of `text` starts, as `(page, byte offset)` (editable indexes).
    starts: Vec<(u32, u32)>,
    /// Pages whose postings changed since `text` was made.
    changed: Vec<u32>,
}

impl Code {
    /// Adds page `page`'s `hits` to an editable index's postings `list` of the term.
    fn add(&mut self, list: &mut Postings, page: usize, hits: &[Hit]) {
        self.mark(page as u32);
        merge(list, page, hits);
    }

    /// Appends page `page`'s `hits`, all it has of the term, to a non-editable index's encoding.
    fn push_page(&mut self, page: u32, hits: &[Hit]) {
        let text = self.text.get_or_insert_with(Vec::new);
        super::encode::push_page(text, page - self.encoded, hits);
        self.encoded = page;
    }

    /// Notes that page `page`'s postings changed since the encoding was made.
    fn mark(&mut self, page: u32) {
        if self.text.is_some() {
            self.changed.push(page);
        }
    }

    /// The encoding for the index files: lent by an editable index, given away by another (it
    /// is then dropped once written into its chunk).
    fn give(&mut self, editable: bool) -> Option<Cow<'_, [u8]>> {
        if editable {
            self.text.as_deref().map(Cow::Borrowed)
        } else {
            self.text.take().map(Cow::Owned)
        }
    }

    /// Whether the term has postings (an empty list encodes to nothing).
    fn is_used(&self) -> bool {
        self.text.as_deref().is_some_and(|t| !t.is_empty())
    }

    /// Brings `text` up to date with `list`: the whole encoding the first time, then only the
    /// parts of changed pages. Returns whether the encoding changed (always, but in an editable
    /// index already encoded).
    fn update(&mut self, list: &mut Postings, editable: bool) -> bool {
        if !editable {
            // Encoded as the pages came.
            return true;
        }
        let Some(text) = &mut self.text else {
            let mut text = Vec::new();
            super::encode::postings_into(list, 0, &mut text, Some(&mut self.starts));
            self.text = Some(text);
            return true;
        };
        let mut differs = false;
        let mut changed = std::mem::take(&mut self.changed);
        changed.sort_unstable();
        changed.dedup();
        let mut next = 0;
        while let Some(&first) = changed.get(next) {
            // The parts from the first changed page through the next unchanged page after it
            // (whose number is written relative to the page before it) are written again.
            let mut upto = u32::MAX;
            let mut at = list.partition_point(|p| p.page <= first);
            while let Some(posting) = list.get(at) {
                if changed.binary_search(&posting.page).is_err() {
                    upto = posting.page;
                    break;
                }
                let page = posting.page;
                at = list.partition_point(|p| p.page <= page);
            }
            while changed.get(next).is_some_and(|&p| p <= upto) {
                next += 1;
            }
            let old = self.starts.partition_point(|s| s.0 < first)
                ..self.starts.partition_point(|s| s.0 <= upto);
            let bytes = self
                .starts
                .get(old.start)
                .map_or(text.len(), |s| s.1 as usize)
                ..self
                    .starts
                    .get(old.end)
                    .map_or(text.len(), |s| s.1 as usize);
            let new =
                list.partition_point(|p| p.page < first)..list.partition_point(|p| p.page <= upto);
            let previous = new.start.checked_sub(1).map_or(0, |i| list[i].page);
            let mut part = Vec::new();
            let mut starts = Vec::new();
            super::encode::postings_into(&list[new], previous, &mut part, Some(&mut starts));
            differs |= text[bytes.clone()] != part;
            let shift = part.len() as i64 - bytes.len() as i64;
            let base = bytes.start as u32;
            text.splice(bytes, part.iter().copied());
            let tail: Vec<(u32, u32)> = self.starts[old.end..]
                .iter()
                .map(|&(page, offset)| (page, (offset as i64 + shift) as u32))
                .collect();
            self.starts.truncate(old.start);
            self.starts.extend(
                starts
                    .into_iter()
                    .map(|(page, offset)| (page, base + offset)),
            );
            self.starts.extend(tail);
        }
        differs
    }
}

/// Puts `hits` in place of page `page`'s hits in a term's postings.
fn set_page(postings: &mut Postings, page: u32, hits: &[Hit]) {
    let start = postings.partition_point(|p| p.page < page);
    let end = start + postings[start..].partition_point(|p| p.page <= page);
    postings.splice(start..end, hits.iter().map(|&hit| Posting { page, hit }));
}

/// The folded stem of `word` when it is worth indexing: it differs from the word's term and
/// has three or more characters.
fn stem_of(stemmer: &Stemmer, word: &str, term: &str) -> Option<String> {
    let stem = fold(&stemmer.stem(word));
    (stem != term && stem.chars().count() >= 3).then_some(stem)
}

/// Adds one page's hits to a term's postings, kept sorted by page (two words of a page may
/// fold to the same term or share a stem, so a page may already have hits there).
fn merge(postings: &mut Postings, page: usize, hits: &[Hit]) {
    let page = page as u32;
    if postings.last().is_none_or(|p| p.page < page) {
        postings.extend(hits.iter().map(|&hit| Posting { page, hit }));
        return;
    }
    let start = postings.partition_point(|p| p.page < page);
    let end = postings.partition_point(|p| p.page <= page);
    let mut same: Hits = postings[start..end].iter().map(|p| p.hit).collect();
    merge_hits(&mut same, hits);
    postings.splice(
        start..end,
        same.into_iter().map(|hit| Posting { page, hit }),
    );
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
