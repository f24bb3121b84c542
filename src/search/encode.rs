//! The index files of one locale and their compact encoding, read by `theme/static/js/search.js`.
//!
//! Files, under `<locale>/_search/`:
//! - `meta.json` — `{"v":3,"lang":"tr","pages":P,"tw":20,"c":[…],"f":[…],"kinds":["article",…],"k":"00…"}`:
//!   `tw` is the weight from which a hit in section 0 is in the page's title (see [`TITLE_WEIGHT`]),
//!   `c` holds the first key of every chunk but the first (keys sorted by code point), `f` the
//!   first page of every fragment pack but the first, `kinds` the page kinds (facets) and `k` one
//!   digit per page, that page's index in `kinds`; `y`, when the locale has synonyms, maps each
//!   folded term to the terms a query for it also finds.
//! - `t/<n>.json` — chunk `n`: `{"w":{term:postings},"s":{stem:postings}}`. Keys are sorted and
//!   cut into chunks of about 12,000 bytes (`CHUNK_BYTES`), so a term, its prefix matches and its
//!   possible stems (the term's own prefixes) sit in one chunk or a few neighbours.
//! - `p/<n>.json` — fragment pack `n`: the fragments of consecutive pages, about 8,000 bytes
//!   (`PACK_BYTES`) together, as an array of `{"u":url,"t":title,"s":[[id,heading,snippet],…]}`,
//!   the snippet being the section's first 400 characters (`SNIPPET_CHARS`). A results list
//!   fetches the packs of the results it shows; packing keeps the file count (and the build's file
//!   creation cost) low.
//!
//! Postings are one string of numbers, each written as base-32 digits, most significant first:
//! a final digit is one of `0-9a-v`, a leading digit one of `w-zA-Z_-` (see [`DIGITS`]). Per page:
//! page number minus the previous page's, the number of sections listed, then per section: its
//! index minus the previous one's, its weight and the term's first position in it. At most
//! three sections (`SECTIONS_PER_PAGE`) are listed, the heaviest.

use std::borrow::Cow;
use std::collections::HashMap;
use std::ops::Range;
use std::sync::Arc;

use serde_json::json;
use smallvec::SmallVec;

use super::Synonyms;
use super::index::{Hit, PageText, Posting, TITLE_WEIGHT};

const CHUNK_BYTES: usize = 12_000;
const PACK_BYTES: usize = 8_000;
const SNIPPET_CHARS: usize = 400;
const SECTIONS_PER_PAGE: usize = 3;

/// Final digits 0–31, then leading digits 0–31.
pub const DIGITS: &[u8; 64] = b"0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ-_";

/// Appends `n` in the postings' number encoding.
pub fn push_number(out: &mut String, n: u32) {
    // Most numbers (weights, positions, gaps between pages) are one digit.
    if n < 32 {
        out.push(char::from(DIGITS[n as usize]));
        return;
    }
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
    // Every byte looked at, without stopping at the first hit, which lets the loop be vectorized.
    let escapes = text.bytes().fold(false, |escapes, b| {
        escapes | (b == b'"') | (b == b'\\') | (b < b' ')
    });
    if escapes {
        out.push_str(&serde_json::to_string(text).expect("a string serializes"));
    } else {
        out.push('"');
        out.push_str(text);
        out.push('"');
    }
}

/// A key of the index.
pub struct Key<'a> {
    /// The term.
    pub term: &'a str,
    /// The encoded postings of the word, when the term is one.
    pub word: Option<Cow<'a, str>>,
    /// The encoded postings of the stem, when the term is one.
    pub stem: Option<Cow<'a, str>>,
    /// Whether either changed since the index files were last made (see [`Made`]).
    pub changed: bool,
}

impl Key<'_> {
    /// What the key adds to its chunk's size.
    fn size(&self) -> usize {
        [&self.word, &self.stem]
            .into_iter()
            .flatten()
            .map(|value| self.term.len() + value.len() + 6)
            .sum()
    }

    /// The key, lending its postings.
    fn borrowed(&self) -> Key<'_> {
        Key {
            term: self.term,
            word: self.word.as_deref().map(Cow::Borrowed),
            stem: self.stem.as_deref().map(Cow::Borrowed),
            changed: self.changed,
        }
    }
}

/// Every index file of one locale, sorted by path, from each page's kind, the fragment packs and
/// the sorted `keys` (each dropped once written into its chunk).
pub fn files(
    kinds: &[String],
    packs: Packs,
    keys: Vec<Key<'_>>,
    locale: (&str, &Synonyms),
) -> Vec<(String, Vec<u8>)> {
    let ranges = chunk_ranges(&keys);
    let starts = ranges.iter().skip(1).map(|r| keys[r.start].term).collect();
    let (packs, firsts) = packs.finish();
    let meta = meta(kinds, starts, &firsts, locale);
    let mut keys = keys.into_iter();
    let chunks = ranges
        .iter()
        .map(|r| chunk(keys.by_ref().take(r.len())))
        .collect();
    sorted(meta, chunks, packs)
}

/// The files an editable index made last, kept so that the next [`files_reusing`] makes again
/// only the chunks holding a changed key and the packs holding a changed page: by first key
/// (first page), with the number of keys (pages) and the bytes.
#[derive(Debug, Default)]
pub struct Made {
    chunks: HashMap<String, (usize, Arc<[u8]>)>,
    packs: HashMap<usize, (usize, Arc<[u8]>)>,
}

/// [`files`] for an editable index, from every page's `fragments`, reusing what `made` holds of
/// the chunks and packs that did not change (`changed_pages`: sorted) and keeping this call's.
pub fn files_reusing(
    kinds: &[String],
    fragments: &[String],
    changed_pages: &[usize],
    keys: &[Key<'_>],
    locale: (&str, &Synonyms),
    made: &mut Made,
) -> Vec<(String, Arc<[u8]>)> {
    let chunk_ranges = chunk_ranges(keys);
    let pack_ranges = pack_ranges(fragments);
    let starts = chunk_ranges
        .iter()
        .skip(1)
        .map(|r| keys[r.start].term)
        .collect();
    let firsts: Vec<usize> = pack_ranges.iter().skip(1).map(|r| r.start).collect();
    let meta = meta(kinds, starts, &firsts, locale);
    let mut before = std::mem::take(made);
    let chunks = chunk_ranges
        .into_iter()
        .map(|r| {
            let first = keys.get(r.start).map_or("", |k| k.term);
            let keys = &keys[r.clone()];
            let kept = before
                .chunks
                .remove(first)
                .filter(|(n, _)| *n == r.len() && keys.iter().all(|k| !k.changed));
            let body = kept.map_or_else(|| chunk(keys.iter().map(Key::borrowed)).into(), |k| k.1);
            made.chunks
                .insert(first.to_string(), (r.len(), Arc::clone(&body)));
            body
        })
        .collect::<Vec<_>>();
    let packs = pack_ranges
        .into_iter()
        .enumerate()
        .map(|(n, r)| {
            let changed = changed_pages.partition_point(|&p| p < r.start)
                < changed_pages.partition_point(|&p| p < r.end);
            let kept = before
                .packs
                .remove(&r.start)
                .filter(|(len, _)| *len == r.len() && !changed);
            let body =
                kept.map_or_else(|| pack(&fragments[r.clone()]).into_bytes().into(), |k| k.1);
            made.packs.insert(r.start, (r.len(), Arc::clone(&body)));
            (format!("p/{n}.json"), body)
        })
        .collect();
    sorted(meta.into(), chunks, packs)
}

/// The keys of each chunk: a chunk ends once it holds [`CHUNK_BYTES`].
fn chunk_ranges(keys: &[Key<'_>]) -> Vec<Range<usize>> {
    ranges(keys.iter().map(Key::size), CHUNK_BYTES)
}

/// Consecutive ranges of items of the given sizes, cut as [`Cuts`] says.
fn ranges(sizes: impl Iterator<Item = usize>, limit: usize) -> Vec<Range<usize>> {
    let mut ranges: Vec<Range<usize>> = std::iter::once(0..0).collect();
    let mut cuts = Cuts::default();
    for (i, size) in sizes.enumerate() {
        if cuts.next(size, limit) {
            ranges.push(i..i);
        }
        ranges.last_mut().expect("one range at least").end = i + 1;
    }
    ranges
}

/// Where a sequence of items (keys in chunks, fragments in packs) is cut: before an item, once
/// what is open since the last cut holds `limit` bytes.
#[derive(Debug, Default)]
struct Cuts {
    open: usize,
}

impl Cuts {
    /// Takes the next item's size; whether a new part starts with it.
    fn next(&mut self, size: usize, limit: usize) -> bool {
        let cut = self.open >= limit;
        if cut {
            self.open = 0;
        }
        self.open += size;
        cut
    }
}

/// A chunk's file: what serde_json writes for `{"s":{stem:postings},"w":{word:postings}}`.
fn chunk<'a>(keys: impl Iterator<Item = Key<'a>>) -> Vec<u8> {
    let (mut stems, mut words) = (String::new(), String::new());
    for key in keys {
        for (body, value) in [(&mut stems, key.stem), (&mut words, key.word)] {
            if let Some(value) = value {
                if !body.is_empty() {
                    body.push(',');
                }
                push_json_string(body, key.term);
                body.push_str(":\"");
                // Postings are digits and letters only: nothing to escape.
                body.push_str(&value);
                body.push('"');
            }
        }
    }
    format!("{{\"s\":{{{stems}}},\"w\":{{{words}}}}}").into_bytes()
}

/// `meta.json`: the page count and kinds, the title's weight, the first key of every chunk but the first, the
/// first page of every pack but the first, and the locale's synonyms (`y`, when it has any).
fn meta(
    kinds: &[String],
    starts: Vec<&str>,
    firsts: &[usize],
    (language, synonyms): (&str, &Synonyms),
) -> Vec<u8> {
    let pages = kinds.len();
    let k = kinds;
    let mut kinds: Vec<&str> = k.iter().map(String::as_str).collect();
    kinds.sort_unstable();
    kinds.dedup();
    let k: String = k
        .iter()
        .map(|kind| DIGITS[kinds.binary_search(&kind.as_str()).unwrap_or(0) % 64] as char)
        .collect();
    let mut meta = json!({"v": 3, "lang": language, "pages": pages, "tw": TITLE_WEIGHT, "c": starts, "f": firsts, "kinds": kinds, "k": k});
    if !synonyms.is_empty() {
        meta["y"] = json!(synonyms);
    }
    meta.to_string().into_bytes()
}

/// The files of a locale, sorted by path.
fn sorted<B>(meta: B, chunks: Vec<B>, packs: Vec<(String, B)>) -> Vec<(String, B)> {
    let mut out = vec![("meta.json".to_string(), meta)];
    out.extend(
        chunks
            .into_iter()
            .enumerate()
            .map(|(n, body)| (format!("t/{n}.json"), body)),
    );
    out.extend(packs);
    out.sort_by(|a, b| a.0.cmp(&b.0));
    out
}

/// The pages of each pack, cut as [`Packs::push`] cuts them (each fragment comes after a `[` or
/// a `,`).
fn pack_ranges(fragments: &[String]) -> Vec<Range<usize>> {
    ranges(fragments.iter().map(|f| 1 + f.len()), PACK_BYTES)
}

/// A pack's file: its fragments as a JSON array.
fn pack(fragments: &[String]) -> String {
    let mut out = String::with_capacity(2 + fragments.iter().map(|f| f.len() + 1).sum::<usize>());
    out.push('[');
    for (i, fragment) in fragments.iter().enumerate() {
        if i > 0 {
            out.push(',');
        }
        out.push_str(fragment);
    }
    out.push(']');
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
    cuts: Cuts,
}

impl Packs {
    /// Adds the next page's fragment.
    pub fn push(&mut self, fragment: &str) {
        if self.cuts.next(1 + fragment.len(), PACK_BYTES) {
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
    // A text has at most as many characters as bytes, one of ASCII as many.
    if text.len() <= SNIPPET_CHARS {
        return text;
    }
    if text.as_bytes()[..SNIPPET_CHARS].is_ascii() {
        return &text[..SNIPPET_CHARS];
    }
    match text.char_indices().nth(SNIPPET_CHARS) {
        Some((i, _)) => &text[..i],
        None => text,
    }
}
