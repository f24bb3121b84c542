//! Building one locale's search index: terms in shards fetched on demand, and one small
//! fragment per page fetched only for the results shown.
//!
//! Files, under `<locale>/_search/`:
//! - `meta.json` — `{"v":1,"lang":"tr","shards":N,"pages":P}`.
//! - `t/<n>.json` — `{"w":{term:[page,section,weight,pos,…]},"s":{stem:[…]}}`: every folded term
//!   whose shard is `n`, and every Snowball stem (folded) that differs from its word. A term's
//!   shard is [`shard_of`] its first two characters, so a query term of two or more characters
//!   finds all its prefix matches and every stem it starts with in one shard.
//! - `p/<page>.json` — `{"u":url,"t":title,"s":[[id,heading,text],…]}`.
//!
//! Weights: page title 10, section heading 5, body 1, summed per section; `pos` is the first
//! position of the term in its section (title or heading first), for phrase proximity.

use std::collections::BTreeMap;

use rust_stemmers::{Algorithm, Stemmer};
use serde_json::json;

use super::extract::Section;
use super::normalize::fold;
use super::tokenize::tokens;

/// One page to index.
#[derive(Debug, Clone)]
pub struct PageText {
    /// The page's URL.
    pub url: String,
    /// The page's title.
    pub title: String,
    /// The page's sections; the first one holds the text before any heading.
    pub sections: Vec<Section>,
}

const TITLE_WEIGHT: u32 = 10;
const HEADING_WEIGHT: u32 = 5;
const MAX_WEIGHT: u32 = 1000;
const TERMS_PER_SHARD: usize = 500;
const MAX_EXCERPT_SOURCE: usize = 4000;

/// Postings of one term: `(page, section)` → `(weight, first position)`.
type Postings = BTreeMap<(u32, u32), (u32, u32)>;

#[derive(Default)]
struct Terms {
    words: BTreeMap<String, Postings>,
    stems: BTreeMap<String, Postings>,
}

/// The shard of a term among `shards`: FNV-1a over the code points of its first two characters.
pub fn shard_of(term: &str, shards: u32) -> u32 {
    let mut hash: u32 = 0x811c_9dc5;
    for c in term.chars().take(2) {
        hash = (hash ^ c as u32).wrapping_mul(0x0100_0193);
    }
    hash % shards.max(1)
}

/// Builds every index file of one locale, as `(path under _search/, bytes)`, sorted by path.
pub fn build(pages: &[PageText], language: &str) -> Vec<(String, Vec<u8>)> {
    let stemmer = algorithm(language).map(Stemmer::create);
    let mut terms = Terms::default();
    for (p, page) in pages.iter().enumerate() {
        for (s, section) in page.sections.iter().enumerate() {
            let (prefix, weight) = if s == 0 {
                (&page.title, TITLE_WEIGHT)
            } else {
                (&section.heading, HEADING_WEIGHT)
            };
            let key = (p as u32, s as u32);
            let head = tokens(prefix, language);
            let offset = head.len() as u32;
            add(&mut terms, stemmer.as_ref(), key, head, 0, weight);
            let body = tokens(&section.text, language);
            add(&mut terms, stemmer.as_ref(), key, body, offset, 1);
        }
    }
    let shards = (terms.words.len() / TERMS_PER_SHARD + 1) as u32;
    let mut files = vec![(
        "meta.json".to_string(),
        json!({"v": 1, "lang": language, "shards": shards, "pages": pages.len()})
            .to_string()
            .into_bytes(),
    )];
    files.extend(shard_files(&terms, shards));
    files.extend(pages.iter().enumerate().map(|(p, page)| {
        let sections: Vec<_> = page
            .sections
            .iter()
            .map(|s| json!([s.id, s.heading, clip(&s.text)]))
            .collect();
        let fragment = json!({"u": page.url, "t": page.title, "s": sections});
        (format!("p/{p}.json"), fragment.to_string().into_bytes())
    }));
    files.sort_by(|a, b| a.0.cmp(&b.0));
    files
}

fn add(
    terms: &mut Terms,
    stemmer: Option<&Stemmer>,
    key: (u32, u32),
    found: Vec<super::tokenize::Token>,
    offset: u32,
    weight: u32,
) {
    for token in found {
        let pos = token.pos + offset;
        if let Some(stemmer) = stemmer.filter(|_| !token.word.is_empty()) {
            let stem = fold(&stemmer.stem(&token.word));
            if stem != token.term && stem.chars().count() >= 3 {
                post(terms.stems.entry(stem).or_default(), key, weight, pos);
            }
        }
        post(terms.words.entry(token.term).or_default(), key, weight, pos);
    }
}

fn post(postings: &mut Postings, key: (u32, u32), weight: u32, pos: u32) {
    let entry = postings.entry(key).or_insert((0, pos));
    entry.0 = (entry.0 + weight).min(MAX_WEIGHT);
}

fn shard_files(terms: &Terms, shards: u32) -> Vec<(String, Vec<u8>)> {
    type Shard<'a> = (BTreeMap<&'a str, Vec<u32>>, BTreeMap<&'a str, Vec<u32>>);
    let mut out: Vec<Shard<'_>> = (0..shards).map(|_| Default::default()).collect();
    for (term, postings) in &terms.words {
        out[shard_of(term, shards) as usize]
            .0
            .insert(term, flatten(postings));
    }
    for (stem, postings) in &terms.stems {
        out[shard_of(stem, shards) as usize]
            .1
            .insert(stem, flatten(postings));
    }
    out.into_iter()
        .enumerate()
        .map(|(n, (words, stems))| {
            let body = json!({"w": words, "s": stems});
            (format!("t/{n}.json"), body.to_string().into_bytes())
        })
        .collect()
}

fn flatten(postings: &Postings) -> Vec<u32> {
    postings
        .iter()
        .flat_map(|(&(page, section), &(weight, pos))| [page, section, weight, pos])
        .collect()
}

fn clip(text: &str) -> &str {
    match text.char_indices().nth(MAX_EXCERPT_SOURCE) {
        Some((i, _)) => &text[..i],
        None => text,
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
