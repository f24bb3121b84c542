//! The index files of one locale and their compact encoding, read by `theme/static/js/search.js`.
//!
//! Files, under `<locale>/_search/`:
//! - `meta.json` — `{"v":3,"lang":"tr","pages":P,"c":[…],"f":[…],"kinds":["article",…],"k":"00…"}`:
//!   `c` holds the first key of every chunk but the first (keys sorted by code point), `f` the
//!   first page of every fragment pack but the first, `kinds` the page kinds (facets) and `k` one
//!   digit per page, that page's index in `kinds`.
//! - `t/<n>.json` — chunk `n`: `{"w":{term:postings},"s":{stem:postings}}`. Keys are sorted and
//!   cut into chunks of about [`CHUNK_BYTES`], so a term, its prefix matches and its possible
//!   stems (the term's own prefixes) sit in one chunk or a few neighbours.
//! - `p/<n>.json` — fragment pack `n`: the fragments of consecutive pages, about [`PACK_BYTES`]
//!   together, as an array of `{"u":url,"t":title,"s":[[id,heading,snippet],…]}`, the snippet
//!   being the section's first [`SNIPPET_CHARS`] characters. A results list fetches the packs of
//!   the results it shows; packing keeps the file count (and the build's file creation cost) low.
//!
//! Postings are one string of numbers, each written as base-32 digits, most significant first:
//! a final digit is one of `0-9a-v`, a leading digit one of `w-zA-Z_-` (see [`DIGITS`]). Per page:
//! page number minus the previous page's, the number of sections listed, then per section: its
//! index minus the previous one's, its weight and the term's first position in it. At most
//! [`SECTIONS_PER_PAGE`] sections are listed, the heaviest.

use std::borrow::Cow;

use serde_json::json;
use smallvec::SmallVec;

use super::index::{Hit, PageText, Posting};

const CHUNK_BYTES: usize = 12_000;
const PACK_BYTES: usize = 8_000;
const SNIPPET_CHARS: usize = 400;
const SECTIONS_PER_PAGE: usize = 3;

/// Final digits 0–31, then leading digits 0–31.
pub const DIGITS: &[u8; 64] = b"0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ-_";

/// Appends `n` in the postings' number encoding.
pub fn push_number(out: &mut String, n: u32) {
    let mut digits = [0u8; 7];
    let mut len = 0;
    let mut rest = n;
    loop {
        digits[len] = (rest % 32) as u8;
        len += 1;
        rest /= 32;
        if rest == 0 {
            break;
        }
    }
    for (i, &d) in digits[..len].iter().enumerate().rev() {
        let lead = if i > 0 { 32 } else { 0 };
        out.push(DIGITS[(d + lead) as usize] as char);
    }
}

/// One term's postings, encoded.
pub fn postings(list: &[Posting]) -> String {
    let mut out = String::new();
    postings_into(list, 0, &mut out, None);
    out
}

/// Appends the encoding of `list`, whose first page follows page `previous`; with `starts`,
/// records where each page's part starts in `out`, as `(page, byte offset)`.
pub fn postings_into(
    list: &[Posting],
    mut previous: u32,
    out: &mut String,
    mut starts: Option<&mut Vec<(u32, u32)>>,
) {
    for page in list.chunk_by(|a, b| a.page == b.page) {
        if let Some(starts) = starts.as_deref_mut() {
            starts.push((page[0].page, out.len() as u32));
        }
        push_number(out, page[0].page - previous);
        previous = page[0].page;
        if page.len() <= SECTIONS_PER_PAGE {
            push_hits(out, page.iter().map(|p| p.hit), page.len());
            continue;
        }
        let mut shown: SmallVec<[Hit; 8]> = page.iter().map(|p| p.hit).collect();
        shown.sort_by(|a, b| b.weight.cmp(&a.weight).then(a.section.cmp(&b.section)));
        shown.truncate(SECTIONS_PER_PAGE);
        shown.sort_by_key(|h| h.section);
        push_hits(out, shown.into_iter(), SECTIONS_PER_PAGE);
    }
}

/// Appends one page's `count` shown hits, sorted by section, after their count.
fn push_hits(out: &mut String, hits: impl Iterator<Item = Hit>, count: usize) {
    push_number(out, count as u32);
    let mut section = 0;
    for hit in hits {
        push_number(out, hit.section - section);
        section = hit.section;
        push_number(out, hit.weight);
        push_number(out, hit.pos);
    }
}

/// Appends `text` as a JSON string, escaped as serde_json escapes it.
fn push_json_string(out: &mut String, text: &str) {
    if text.bytes().any(|b| b == b'"' || b == b'\\' || b < b' ') {
        out.push_str(&serde_json::to_string(text).expect("a string serializes"));
    } else {
        out.push('"');
        out.push_str(text);
        out.push('"');
    }
}

/// A key of the index: the term, and the encoded postings of the word and of the stem it is.
pub type Key<'a> = (&'a str, Option<Cow<'a, str>>, Option<Cow<'a, str>>);

/// Every index file of one locale, sorted by path, from each page's kind, the fragment packs and
/// the sorted `keys` (each dropped once written into its chunk).
pub fn files(
    kinds: &[String],
    packs: Packs,
    keys: Vec<Key<'_>>,
    language: &str,
) -> Vec<(String, Vec<u8>)> {
    // Chunk bodies, stems then words: what serde_json writes for {"w":…,"s":…} (sorted keys).
    let mut chunks: Vec<[String; 2]> = vec![Default::default()];
    let mut starts = Vec::new();
    let mut size = 0;
    for (key, word, stem) in keys {
        if size >= CHUNK_BYTES {
            chunks.push(Default::default());
            starts.push(key);
            size = 0;
        }
        let chunk = chunks.last_mut().expect("one chunk at least");
        for (body, value) in chunk.iter_mut().zip([stem, word]) {
            if let Some(value) = value {
                size += key.len() + value.len() + 6;
                if !body.is_empty() {
                    body.push(',');
                }
                push_json_string(body, key);
                body.push_str(":\"");
                // Postings are digits and letters only: nothing to escape.
                body.push_str(&value);
                body.push('"');
            }
        }
    }
    let pages = kinds.len();
    let k = kinds;
    let mut kinds: Vec<&str> = k.iter().map(String::as_str).collect();
    kinds.sort_unstable();
    kinds.dedup();
    let k: String = k
        .iter()
        .map(|kind| DIGITS[kinds.binary_search(&kind.as_str()).unwrap_or(0) % 64] as char)
        .collect();
    let (packs, firsts) = packs.finish();
    let meta = json!({"v": 3, "lang": language, "pages": pages, "c": starts, "f": firsts, "kinds": kinds, "k": k});
    let mut out = vec![("meta.json".to_string(), meta.to_string().into_bytes())];
    out.extend(chunks.into_iter().enumerate().map(|(n, [s, w])| {
        let body = format!("{{\"s\":{{{s}}},\"w\":{{{w}}}}}");
        (format!("t/{n}.json"), body.into_bytes())
    }));
    out.extend(packs);
    out.sort_by(|a, b| a.0.cmp(&b.0));
    out
}

/// The fragment packs, each a JSON array, made a fragment at a time in page order.
#[derive(Debug, Default)]
pub struct Packs {
    /// Closed packs not taken yet.
    packs: Vec<String>,
    /// How many closed packs were taken before `packs`.
    taken: usize,
    /// The first page of every pack but the first.
    firsts: Vec<usize>,
    open: String,
    pages: usize,
}

impl Packs {
    /// Adds the next page's fragment.
    pub fn push(&mut self, fragment: &str) {
        if self.open.len() >= PACK_BYTES {
            self.open.push(']');
            self.packs.push(std::mem::take(&mut self.open));
            self.firsts.push(self.pages);
        }
        self.open.push(if self.open.is_empty() { '[' } else { ',' });
        self.open.push_str(fragment);
        self.pages += 1;
    }

    /// The packs closed since the last call, as `(path under _search/, bytes)`: they will not
    /// change, so a build can write them out before the index is finished.
    pub fn take_closed(&mut self) -> Vec<(String, Vec<u8>)> {
        let first = self.taken;
        self.taken += self.packs.len();
        pack_files(first, std::mem::take(&mut self.packs))
    }

    /// The packs not taken yet, as files, and the first page of every pack but the first.
    fn finish(mut self) -> (Vec<(String, Vec<u8>)>, Vec<usize>) {
        if self.open.is_empty() {
            self.open.push('[');
        }
        self.open.push(']');
        self.packs.push(self.open);
        (pack_files(self.taken, self.packs), self.firsts)
    }
}

/// Packs numbered from `first` as files.
fn pack_files(first: usize, packs: Vec<String>) -> Vec<(String, Vec<u8>)> {
    packs
        .into_iter()
        .enumerate()
        .map(|(n, pack)| (format!("p/{}.json", first + n), pack.into_bytes()))
        .collect()
}

/// A page's fragment: its URL, title and sections with the start of their text, as the JSON
/// object `{"s":[[id,heading,snippet],…],"t":title,"u":url}` (keys sorted, as serde_json
/// writes a map), written directly rather than through JSON values.
pub fn fragment(page: &PageText) -> String {
    let mut out = String::with_capacity(64 + page.url.len() + page.sections.len() * 96);
    out.push_str("{\"s\":[");
    for (i, s) in page.sections.iter().enumerate() {
        if i > 0 {
            out.push(',');
        }
        out.push('[');
        for (j, field) in [s.id.as_str(), &s.heading, clip(&s.text)]
            .into_iter()
            .enumerate()
        {
            if j > 0 {
                out.push(',');
            }
            push_json_string(&mut out, field);
        }
        out.push(']');
    }
    out.push_str("],\"t\":");
    push_json_string(&mut out, &page.title);
    out.push_str(",\"u\":");
    push_json_string(&mut out, &page.url);
    out.push('}');
    out
}

fn clip(text: &str) -> &str {
    match text.char_indices().nth(SNIPPET_CHARS) {
        Some((i, _)) => &text[..i],
        None => text,
    }
}
