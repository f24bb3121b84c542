//! Static full-text search, written at build time: one index per locale, split into shards that
//! the browser fetches on demand (`theme/static/js/search.js` is the query side).
//!
//! [`normalize`] is the text normalization spec, [`tokenize`] splits text into terms,
//! [`extract`] turns rendered HTML into sections of plain text, [`index`] tokenizes pages,
//! [`merge`] collects every term's postings and [`encode`] writes the files; `bytes` holds the
//! word arithmetic with which the text loops read eight bytes at a time.
//! This module is the only user of rust-stemmers, unicode-normalization and foldhash.

mod bytes;
pub mod encode;
pub mod exclude;
pub mod extract;
pub mod index;
pub mod merge;
pub mod normalize;
pub mod tokenize;

#[cfg(test)]
mod tests;

pub use extract::{Section, first_heading, marked, sections};
pub use index::{Indexed, Lexicon, PageText, index_pages};
pub use merge::Merged;

/// A 64-bit fingerprint of what a page's index entry is made from, to tell whether an entry kept
/// from an earlier build still holds.
pub fn fingerprint(value: &impl std::hash::Hash) -> u64 {
    use std::hash::BuildHasher;
    foldhash::fast::FixedState::default().hash_one(value)
}
