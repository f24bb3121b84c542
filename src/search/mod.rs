//! Static full-text search, written at build time: one index per locale, split into shards that
//! the browser fetches on demand (`theme/static/js/search.js` is the query side).
//!
//! [`normalize`] is the text normalization spec, [`tokenize`] splits text into terms,
//! [`extract`] turns rendered HTML into sections of plain text, [`index`] tokenizes pages,
//! `words` looks up the words as written, [`merge`] collects every term's postings and
//! [`encode`] writes the files; the text loops read eight bytes at a time with [`crate::bytes`].
//! This module is the only user of rust-stemmers, unicode-normalization and foldhash.

pub mod encode;
pub mod exclude;
pub mod extract;
pub mod index;
pub mod merge;
pub mod normalize;
pub mod tokenize;
mod words;

#[cfg(test)]
mod tests;

pub use extract::{Section, first_heading, marked, sections};
pub use index::{Indexed, Lexicon, PageText, index_pages};
pub use merge::Merged;

/// One locale's search synonyms: each folded term, the folded terms a query for it also finds
/// (both ways), written into `meta.json` for the query side.
pub type Synonyms = std::collections::BTreeMap<String, Vec<String>>;

/// The [`Synonyms`] of `groups` (words that mean the same, e.g. `[cancel, terminate]`) in
/// `language`; an error names a word that is not exactly one term.
pub fn synonyms(groups: &[Vec<String>], language: &str) -> Result<Synonyms, String> {
    let mut out = Synonyms::new();
    for group in groups {
        if group.len() < 2 {
            return Err(format!(
                "{group:?} has {} word(s); a group lists two or more words that mean the same",
                group.len()
            ));
        }
        let mut terms = Vec::with_capacity(group.len());
        for word in group {
            match tokenize::query_terms(word, language).as_slice() {
                [term] => terms.push(term.clone()),
                [] => return Err(format!("`{word}` has no letters or digits to search for")),
                _ => return Err(format!("`{word}` is more than one word")),
            }
        }
        for term in &terms {
            let others = out.entry(term.clone()).or_default();
            others.extend(terms.iter().filter(|t| *t != term).cloned());
            others.sort_unstable();
            others.dedup();
        }
    }
    out.retain(|_, others| !others.is_empty());
    Ok(out)
}

/// A 64-bit fingerprint of what a page's index entry is made from, to tell whether an entry kept
/// from an earlier build still holds.
pub fn fingerprint(value: &impl std::hash::Hash) -> u64 {
    use std::hash::BuildHasher;
    foldhash::fast::FixedState::default().hash_one(value)
}
