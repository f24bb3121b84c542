//! Plain text by section from a page's rendered HTML: what gets indexed and what excerpts show.
//!
//! The rendered body is trusted, well-formed output of the markdown renderer, so a small scanner
//! is enough: tags become spaces, entities are decoded, `<script>`/`<style>` are skipped, and
//! each `<h2>`…`<h6>` with an `id` starts a new section that results can link to.

use crate::bytes::{HIGH_BITS, block_at, within};

/// A part of a page under one heading.
#[derive(Debug, Clone, Default, PartialEq, Eq, Hash)]
pub struct Section {
    /// The heading's id; empty for the text before the first heading.
    pub id: String,
    /// The heading's text; empty for the first section.
    pub heading: String,
    /// The section's text, whitespace collapsed.
    pub text: String,
}

/// The text a section starts with room for: most sections' text fits, so it is not copied
/// into ever larger buffers as it grows (at 2 × 1,000 pages that growing was 38 reallocations
/// a page).
const SECTION_ROOM: usize = 2048;

impl Section {
    /// An empty section whose text has room for [`SECTION_ROOM`] bytes, or for `rest`, the
    /// bytes of HTML left, which its text cannot outgrow when fewer.
    fn with_room(rest: usize) -> Self {
        Self {
            text: String::with_capacity(rest.min(SECTION_ROOM)),
            ..Self::default()
        }
    }
}

/// The searchable part of a whole generated page: the kind named by its first
/// `data-search-kind="…"` attribute, and the HTML from that element's tag to `</main>`.
pub fn marked(page: &str) -> Option<(&str, &str)> {
    const MARK: &str = " data-search-kind=\"";
    let at = page.find(MARK)?;
    let value = &page[at + MARK.len()..];
    let kind = &value[..value.find('"')?];
    let start = page[..at].rfind('<')?;
    let end = page[start..]
        .find("</main>")
        .map_or(page.len(), |i| start + i);
    Some((kind, &page[start..end])).filter(|(k, _)| !k.is_empty())
}

/// The text of the first `<h1>` in `html`, or an empty string.
pub fn first_heading(html: &str) -> String {
    let Some(open) = html.find("<h1") else {
        return String::new();
    };
    let body = &html[open..];
    let inner = body.find('>').map_or("", |i| &body[i + 1..]);
    let inner = &inner[..inner.find("</h1>").unwrap_or(inner.len())];
    sections(&format!("<p>{inner}</p>"))
        .first()
        .map(|s| s.text.clone())
        .unwrap_or_default()
}

/// Splits rendered HTML into sections of plain text, whitespace collapsed as it is appended.
///
/// One pass over the bytes: a run of words (of anything but whitespace, `<` and a character
/// reference) separated by single spaces is appended as a slice when it ends; only a byte that
/// may start a non-ASCII space is decoded.
pub fn sections(html: &str) -> Vec<Section> {
    let mut out = Texts {
        sections: vec![Section::with_room(html.len())],
        space: false,
        in_heading: false,
    };
    let bytes = html.as_bytes();
    let mut skip_until: Option<u64> = None;
    let mut word: Option<usize> = None;
    let mut i = 0;
    while let Some(&b) = bytes.get(i) {
        if let Some(wanted) = skip_until {
            let Some(lt) = memchr::memchr(b'<', &bytes[i..]) else {
                break;
            };
            let (name, end) = tag_at(bytes, i + lt);
            if bytes.get(i + lt + 1) == Some(&b'/') && name == wanted {
                skip_until = None;
            }
            i = end;
            continue;
        }
        if !STOPS[b as usize] {
            // Words separated by one space are appended together: the space is what appending
            // them one by one would put between them.
            word.get_or_insert(i);
            i += 1;
            loop {
                while let Some(block) = block_at(bytes, i) {
                    match may_end_run(block) {
                        0 => i += 8,
                        ends => {
                            i += ends.trailing_zeros() as usize / 8;
                            break;
                        }
                    }
                }
                i += bytes[i..]
                    .iter()
                    .take_while(|&&b| !STOPS[b as usize])
                    .count();
                match bytes.get(i..i + 2) {
                    Some(&[b' ', next]) if !STOPS[next as usize] => i += 2,
                    _ => break,
                }
            }
            continue;
        }
        let (white, len) = match b {
            b' ' | b'\t' | b'\n' | 0x0b | 0x0c | b'\r' => (true, 1),
            b'<' | b'&' => {
                if let Some(start) = word.take() {
                    out.push_word(&html[start..i]);
                }
                i = if b == b'<' {
                    out.tag(html, i, &mut skip_until)
                } else {
                    out.reference(html, i)
                };
                continue;
            }
            // U+0085, U+00A0, U+1680, U+2000–U+205F and U+3000 start with one of these bytes.
            0xC2 | 0xE1 | 0xE2 | 0xE3 => {
                let c = html[i..].chars().next().unwrap_or_default();
                (c.is_whitespace(), c.len_utf8())
            }
            _ => (false, 1),
        };
        if white {
            if let Some(start) = word.take() {
                out.push_word(&html[start..i]);
            }
            out.space = true;
        } else if word.is_none() {
            word = Some(i);
        }
        i += len;
    }
    if let Some(start) = word {
        out.push_word(&html[start..]);
    }
    out.sections
}

/// The bytes [`sections`] stops a word at, or looks at: ASCII whitespace, `<`, `&` and the
/// first bytes of non-ASCII spaces.
pub(super) const STOPS: [bool; 256] = {
    let mut stops = [false; 256];
    let mut i = 0;
    while i < 256 {
        stops[i] = matches!(
            i as u8,
            b' ' | b'\t' | b'\n' | 0x0b | 0x0c | b'\r' | b'<' | b'&' | 0xC2 | 0xE1 | 0xE2 | 0xE3
        );
        i += 1;
    }
    stops
};

/// The high bit of each of eight bytes (little-endian in `block`) that may end a run of words
/// in [`sections`]: a stop byte that is not a space followed by a byte that is no stop, and a
/// space in the last byte, whose next byte is not in the block (see [`crate::bytes`]: a branch
/// per byte is mispredicted at every space).
pub(super) fn may_end_run(block: u64) -> u64 {
    let high = block & HIGH_BITS;
    // Each byte's low seven bits, which `within` needs.
    let low = block & !HIGH_BITS;
    let space = within(low, b' ', b' ') & !high;
    let ascii_stops =
        within(low, b'\t', b'\r') | space | within(low, b'<', b'<') | within(low, b'&', b'&');
    // 0xC2 and 0xE1–0xE3, with their high bit cleared.
    let other_stops = within(low, 0x42, 0x42) | within(low, 0x61, 0x63);
    let stops = (ascii_stops & !high) | (other_stops & high);
    let joining = space & !(stops >> 8) & !(0x80 << 56);
    stops & !joining
}

/// The name (see [`tag_name`]) of the tag starting at `lt` and where the tag ends (after its
/// `>`, or at the end of `html`): right after the name, in most tags.
fn tag_at(html: &[u8], lt: usize) -> (u64, usize) {
    let (name, after) = tag_name(html, lt);
    let end = match html.get(after) {
        Some(b'>') => after + 1,
        _ => memchr::memchr(b'>', &html[after.min(html.len())..])
            .map_or(html.len(), |i| after + i + 1),
    };
    (name, end)
}

/// The sections being extracted, whether the text goes to the last one's heading, and whether
/// whitespace came since the last character appended (a space goes before the next character,
/// unless that character starts its heading or text: the text a new section's heading or body
/// starts with is always empty, so one flag serves both).
struct Texts {
    sections: Vec<Section>,
    space: bool,
    in_heading: bool,
}

impl Texts {
    fn push_word(&mut self, word: &str) {
        let Some(section) = self.sections.last_mut() else {
            return;
        };
        let out = if self.in_heading {
            &mut section.heading
        } else {
            &mut section.text
        };
        if std::mem::take(&mut self.space) && !out.is_empty() {
            out.push(' ');
        }
        out.push_str(word);
    }

    /// Takes the tag at `lt`: a heading with an id starts a section, `<script>` and `<style>`
    /// start skipping (`skip_until`), inline tags join words and other tags separate them.
    /// Returns where the tag ends.
    fn tag(&mut self, html: &str, lt: usize, skip_until: &mut Option<u64>) -> usize {
        let (name, end) = tag_at(html.as_bytes(), lt);
        let closing = html.as_bytes().get(lt + 1) == Some(&b'/');
        match name {
            name @ (SCRIPT | STYLE) if !closing => *skip_until = Some(name),
            H2 | H3 | H4 | H5 | H6 if closing => {
                self.in_heading = false;
                self.space = true;
            }
            H2 | H3 | H4 | H5 | H6 => {
                self.space = true;
                if let Some(id) = attribute(&html[lt..end], "id") {
                    self.sections.push(Section {
                        id,
                        ..Section::with_room(html.len() - end)
                    });
                    self.in_heading = true;
                }
            }
            A | EM | STRONG | CODE | SPAN | B | I | DEL | SUP | SUB | MARK | KBD | ABBR | SMALL
            | S | U => {}
            _ => self.space = true,
        }
        end
    }

    /// Takes the character reference at `amp`, decoded (a space when it is whitespace), or
    /// the `&` as written when it cannot be decoded. Returns where it ends.
    fn reference(&mut self, html: &str, amp: usize) -> usize {
        let after = &html[amp..];
        let decoded = after.find(';').filter(|&i| i <= 10).and_then(|semi| {
            let c = entity(&after[1..semi])?;
            Some((c, semi + 1))
        });
        let (c, len) = decoded.unwrap_or(('&', 1));
        if c.is_whitespace() {
            self.space = true;
        } else {
            self.push_word(c.encode_utf8(&mut [0; 4]));
        }
        amp + len
    }
}

/// The lower-cased name of the tag whose `<` is at `lt` in `html` as a number: its first eight
/// bytes, the first in the lowest byte (see [`name`]); a longer name is cut, which no name this
/// scanner treats specially has. With it, where the name (as cut) ends. The eight bytes after the
/// `<` (and the `/` of a closing tag) are read at once: the name is those before the first that
/// is not an ASCII letter or digit.
fn tag_name(html: &[u8], lt: usize) -> (u64, usize) {
    let start = lt + 1 + usize::from(html.get(lt + 1) == Some(&b'/'));
    let Some(block) = block_at(html, start) else {
        // Fewer than eight bytes left in the HTML.
        let mut packed = 0;
        let mut len = 0;
        for &b in html.get(start..).unwrap_or_default() {
            if !b.is_ascii_alphanumeric() {
                break;
            }
            packed |= u64::from(b.to_ascii_lowercase()) << (8 * len);
            len += 1;
        }
        return (packed, start + len);
    };
    let low = block & !HIGH_BITS;
    let upper = within(low, b'A', b'Z');
    let name = (within(low, b'0', b'9') | upper | within(low, b'a', b'z')) & !block;
    let len = (!name & HIGH_BITS).trailing_zeros() / 8;
    let kept = u64::MAX.checked_shl(8 * len).map_or(u64::MAX, |rest| !rest);
    // An upper-case letter's high bit, two places down, is the bit that lower-cases it.
    ((block | (upper >> 2)) & kept, start + len as usize)
}

/// A tag name as [`tag_name`] gives it.
const fn name(text: &[u8]) -> u64 {
    let mut packed = 0;
    let mut i = 0;
    while i < text.len() {
        packed |= (text[i] as u64) << (8 * i);
        i += 1;
    }
    packed
}

const SCRIPT: u64 = name(b"script");
const STYLE: u64 = name(b"style");
const H2: u64 = name(b"h2");
const H3: u64 = name(b"h3");
const H4: u64 = name(b"h4");
const H5: u64 = name(b"h5");
const H6: u64 = name(b"h6");
const A: u64 = name(b"a");
const EM: u64 = name(b"em");
const STRONG: u64 = name(b"strong");
const CODE: u64 = name(b"code");
const SPAN: u64 = name(b"span");
const B: u64 = name(b"b");
const I: u64 = name(b"i");
const DEL: u64 = name(b"del");
const SUP: u64 = name(b"sup");
const SUB: u64 = name(b"sub");
const MARK: u64 = name(b"mark");
const KBD: u64 = name(b"kbd");
const ABBR: u64 = name(b"abbr");
const SMALL: u64 = name(b"small");
const S: u64 = name(b"s");
const U: u64 = name(b"u");

fn attribute(tag: &str, name: &str) -> Option<String> {
    let start = tag.find(&format!(" {name}=\""))? + name.len() + 3;
    let len = tag[start..].find('"')?;
    let mut value = String::new();
    decode(&tag[start..start + len], |piece| match piece {
        Piece::Text(text) => value.push_str(text),
        Piece::Char(c) => value.push(c),
    });
    Some(value)
}

/// A part of text with character references: literal text, or one decoded reference.
enum Piece<'a> {
    Text(&'a str),
    Char(char),
}

/// Calls `f` with the parts of `raw`, HTML character references decoded (one that cannot be
/// decoded stays as written).
fn decode<'a>(raw: &'a str, mut f: impl FnMut(Piece<'a>)) {
    let mut rest = raw;
    while let Some(amp) = rest.find('&') {
        f(Piece::Text(&rest[..amp]));
        let after = &rest[amp..];
        let decoded = after.find(';').filter(|&i| i <= 10).and_then(|semi| {
            let c = entity(&after[1..semi])?;
            Some((c, semi + 1))
        });
        match decoded {
            Some((c, len)) => {
                f(Piece::Char(c));
                rest = &after[len..];
            }
            None => {
                f(Piece::Text("&"));
                rest = &after[1..];
            }
        }
    }
    f(Piece::Text(rest));
}

fn entity(name: &str) -> Option<char> {
    match name {
        "amp" => Some('&'),
        "lt" => Some('<'),
        "gt" => Some('>'),
        "quot" => Some('"'),
        "apos" => Some('\''),
        "nbsp" => Some(' '),
        _ => {
            let digits = name.strip_prefix('#')?;
            let code = match digits.strip_prefix(['x', 'X']) {
                Some(hex) => u32::from_str_radix(hex, 16).ok()?,
                None => digits.parse().ok()?,
            };
            char::from_u32(code)
        }
    }
}
