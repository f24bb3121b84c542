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

use super::Synonyms;
use super::index::{Hit, PageText, Posting, TITLE_WEIGHT};

const CHUNK_BYTES: usize = 12_000;
const PACK_BYTES: usize = 8_000;
const SNIPPET_CHARS: usize = 400;
const SECTIONS_PER_PAGE: usize = 3;

/// Final digits 0–31, then leading digits 0–31.
pub const DIGITS: &[u8; 64] = b"0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ-_";

/// Appends `n` in the postings' number encoding.
pub fn push_number(out: &mut Vec<u8>, n: u32) {
    let mut digits = [0; MAX_DIGITS];
    let len = write_number(&mut digits, 0, n);
    out.extend_from_slice(&digits[..len]);
}

/// The most digits a number takes (`u32::MAX` takes seven).
const MAX_DIGITS: usize = 7;

/// Room for one page's part of a postings list: its gap, its count of sections and three numbers
/// per section shown.
const PART_BYTES: usize = MAX_DIGITS * (2 + 3 * SECTIONS_PER_PAGE);

/// Writes `n` in the number encoding into `buf` from `at`; returns where it ends.
#[inline(always)]
fn write_number(buf: &mut [u8], at: usize, n: u32) -> usize {
    // Most numbers (weights, gaps between pages, sections) are one digit.
    if n < 32 {
        buf[at] = DIGITS[n as usize];
        return at + 1;
    }
    let len = (u32::BITS - n.leading_zeros()).div_ceil(5) as usize;
    for k in 0..len {
        let digit = (n >> (5 * (len - 1 - k))) & 31;
        let lead = if k + 1 < len { 32 } else { 0 };
        buf[at + k] = DIGITS[(digit + lead) as usize];
    }
    at + len
}

/// One term's postings, encoded.
pub fn postings(list: &[Posting]) -> Vec<u8> {
    let mut out = Vec::new();
    postings_into(list, 0, &mut out, None);
    out
}

/// Appends the encoding of `list`, whose first page follows page `previous`; with `starts`,
/// records where each page's part starts in `out`, as `(page, byte offset)`.
pub fn postings_into(
    list: &[Posting],
    mut previous: u32,
    out: &mut Vec<u8>,
    mut starts: Option<&mut Vec<(u32, u32)>>,
) {
    for page in list.chunk_by(|a, b| a.page == b.page) {
        if let Some(starts) = starts.as_deref_mut() {
            starts.push((page[0].page, out.len() as u32));
        }
        push_part(out, page[0].page - previous, page.len(), |i| page[i].hit);
        previous = page[0].page;
    }
}

/// Appends one page's part of a postings list, the page being `gap` pages after the list's
/// previous one and `hits` all its hits, sorted by section.
pub fn push_page(out: &mut Vec<u8>, gap: u32, hits: &[Hit]) {
    push_part(out, gap, hits.len(), |i| hits[i]);
}

/// Appends one page's part of a postings list: `gap`, then the page's `count` hits (`hit(i)`,
/// sorted by section) or the heaviest [`SECTIONS_PER_PAGE`] of them, written into a buffer and
/// appended at once.
fn push_part(out: &mut Vec<u8>, gap: u32, count: usize, hit: impl Fn(usize) -> Hit) {
    let mut part = [0; PART_BYTES];
    let len = write_number(&mut part, 0, gap);
    let len = if count <= SECTIONS_PER_PAGE {
        write_hits(&mut part, len, (0..count).map(&hit), count)
    } else {
        let shown = heaviest(count, |i| hit(i).weight);
        write_hits(&mut part, len, shown.iter().map(|&i| hit(i)), shown.len())
    };
    out.extend_from_slice(&part[..len]);
}

/// Writes one page's `count` shown hits, sorted by section, after their count, into `part`
/// from `at`; returns where they end.
fn write_hits(part: &mut [u8], at: usize, hits: impl Iterator<Item = Hit>, count: usize) -> usize {
    let mut len = write_number(part, at, count as u32);
    let mut section = 0;
    for hit in hits {
        len = write_number(part, len, hit.section - section);
        section = hit.section;
        len = write_number(part, len, hit.weight);
        len = write_number(part, len, hit.pos);
    }
    len
}

/// The indexes of the [`SECTIONS_PER_PAGE`] heaviest of a page's `count` hits (`weight(i)`, in
/// section order; a tie goes to the earlier section), in section order.
fn heaviest(count: usize, weight: impl Fn(usize) -> u32) -> [usize; SECTIONS_PER_PAGE] {
    // Kept from heaviest to lightest, the earlier first among equals.
    let mut top: [usize; SECTIONS_PER_PAGE] = std::array::from_fn(|i| i);
    top.sort_by(|&a, &b| weight(b).cmp(&weight(a)).then(a.cmp(&b)));
    for i in SECTIONS_PER_PAGE..count {
        let mut k = SECTIONS_PER_PAGE - 1;
        if weight(i) <= weight(top[k]) {
            continue;
        }
        top[k] = i;
        while k > 0 && weight(top[k]) > weight(top[k - 1]) {
            top.swap(k - 1, k);
            k -= 1;
        }
    }
    top.sort_unstable();
    top
}

/// Appends `text` as a JSON string, escaped as serde_json escapes it.
fn push_json_string(out: &mut Vec<u8>, text: &str) {
    // Every byte looked at, without stopping at the first hit, which lets the loop be vectorized.
    let escapes = text.bytes().fold(false, |escapes, b| {
        escapes | (b == b'"') | (b == b'\\') | (b < b' ')
    });
    if escapes {
        serde_json::to_writer(out, text).expect("a string serializes");
    } else {
        out.push(b'"');
        out.extend_from_slice(text.as_bytes());
        out.push(b'"');
    }
}

/// A key of the index.
pub struct Key<'a> {
    /// The term.
    pub term: &'a str,
    /// The encoded postings of the word, when the term is one.
    pub word: Option<Cow<'a, [u8]>>,
    /// The encoded postings of the stem, when the term is one.
    pub stem: Option<Cow<'a, [u8]>>,
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
    fragments: &[Vec<u8>],
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
            let body = kept.map_or_else(|| pack(&fragments[r.clone()]).into(), |k| k.1);
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
    let (mut stems, mut words) = (Vec::new(), Vec::new());
    for key in keys {
        for (body, value) in [(&mut stems, key.stem), (&mut words, key.word)] {
            if let Some(value) = value {
                if !body.is_empty() {
                    body.push(b',');
                }
                push_json_string(body, key.term);
                body.extend_from_slice(b":\"");
                // Postings are digits and letters only: nothing to escape.
                body.extend_from_slice(&value);
                body.push(b'"');
            }
        }
    }
    let mut out = Vec::with_capacity(14 + stems.len() + words.len());
    out.extend_from_slice(b"{\"s\":{");
    out.extend_from_slice(&stems);
    out.extend_from_slice(b"},\"w\":{");
    out.extend_from_slice(&words);
    out.extend_from_slice(b"}}");
    out
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
fn pack_ranges(fragments: &[Vec<u8>]) -> Vec<Range<usize>> {
    ranges(fragments.iter().map(|f| 1 + f.len()), PACK_BYTES)
}

/// A pack's file: its fragments as a JSON array.
fn pack(fragments: &[Vec<u8>]) -> Vec<u8> {
    let mut out = Vec::with_capacity(2 + fragments.iter().map(|f| f.len() + 1).sum::<usize>());
    out.push(b'[');
    for (i, fragment) in fragments.iter().enumerate() {
        if i > 0 {
            out.push(b',');
        }
        out.extend_from_slice(fragment);
    }
    out.push(b']');
    out
}

/// The fragment packs, each a JSON array, made a fragment at a time in page order.
#[derive(Debug, Default)]
pub struct Packs {
    /// Closed packs not taken yet.
    packs: Vec<Vec<u8>>,
    /// How many closed packs were taken before `packs`.
    taken: usize,
    /// The first page of every pack but the first.
    firsts: Vec<usize>,
    open: Vec<u8>,
    pages: usize,
    cuts: Cuts,
}

impl Packs {
    /// Adds the next page's fragment.
    pub fn push(&mut self, fragment: &[u8]) {
        if self.cuts.next(1 + fragment.len(), PACK_BYTES) {
            self.open.push(b']');
            self.packs.push(std::mem::take(&mut self.open));
            self.firsts.push(self.pages);
        }
        self.open
            .push(if self.open.is_empty() { b'[' } else { b',' });
        self.open.extend_from_slice(fragment);
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
            self.open.push(b'[');
        }
        self.open.push(b']');
        self.packs.push(self.open);
        (pack_files(self.taken, self.packs), self.firsts)
    }
}

/// Packs numbered from `first` as files.
fn pack_files(first: usize, packs: Vec<Vec<u8>>) -> Vec<(String, Vec<u8>)> {
    packs
        .into_iter()
        .enumerate()
        .map(|(n, pack)| (format!("p/{}.json", first + n), pack))
        .collect()
}

/// A page's fragment: its URL, title and sections with the start of their text, as the JSON
/// object `{"s":[[id,heading,snippet],…],"t":title,"u":url}` (keys sorted, as serde_json
/// writes a map), written directly rather than through JSON values.
pub fn fragment(page: &PageText) -> Vec<u8> {
    let mut out = Vec::with_capacity(64 + page.url.len() + page.sections.len() * 96);
    out.extend_from_slice(b"{\"s\":[");
    for (i, s) in page.sections.iter().enumerate() {
        if i > 0 {
            out.push(b',');
        }
        out.push(b'[');
        for (j, field) in [s.id.as_str(), &s.heading, clip(&s.text)]
            .into_iter()
            .enumerate()
        {
            if j > 0 {
                out.push(b',');
            }
            push_json_string(&mut out, field);
        }
        out.push(b']');
    }
    out.extend_from_slice(b"],\"t\":");
    push_json_string(&mut out, &page.title);
    out.extend_from_slice(b",\"u\":");
    push_json_string(&mut out, &page.url);
    out.push(b'}');
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

#[cfg(test)]
mod tests {
    use super::{Hit, Posting, SECTIONS_PER_PAGE, heaviest};

    #[test]
    fn the_heaviest_sections_are_those_a_stable_sort_by_weight_puts_first() {
        // Every page of 4 to 7 sections weighing 1 to 3.
        for sections in 4..=7u32 {
            for code in 0..3u32.pow(sections) {
                let page: Vec<Posting> = (0..sections)
                    .map(|section| Posting {
                        page: 0,
                        hit: Hit {
                            section,
                            weight: 1 + code / 3u32.pow(section) % 3,
                            pos: 0,
                        },
                    })
                    .collect();
                let mut by_weight: Vec<usize> = (0..page.len()).collect();
                by_weight.sort_by_key(|&i| std::cmp::Reverse(page[i].hit.weight));
                let mut want = by_weight[..SECTIONS_PER_PAGE].to_vec();
                want.sort_unstable();
                let shown = heaviest(page.len(), |i| page[i].hit.weight);
                assert_eq!(shown.to_vec(), want, "{page:?}");
            }
        }
    }
}
