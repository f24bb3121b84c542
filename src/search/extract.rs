//! Plain text by section from a page's rendered HTML: what gets indexed and what excerpts show.
//!
//! The rendered body is trusted, well-formed output of the markdown renderer, so a small scanner
//! is enough: tags become spaces, entities are decoded, `<script>`/`<style>` are skipped, and
//! each `<h2>`…`<h6>` with an `id` starts a new section that results can link to.

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
pub fn sections(html: &str) -> Vec<Section> {
    let mut out = Texts {
        sections: vec![Section::default()],
        space: false,
    };
    let mut in_heading = false;
    let mut skip_until: Option<&str> = None;
    let mut rest = html;
    while let Some(lt) = rest.find('<') {
        if skip_until.is_none() {
            out.push(&rest[..lt], in_heading);
        }
        let after = &rest[lt..];
        let end = after.find('>').map_or(after.len(), |i| i + 1);
        let tag = &after[..end];
        rest = &after[end..];
        let mut buf = [0; 7];
        let name = tag_name(tag, &mut buf);
        if let Some(wanted) = skip_until {
            if name == wanted && tag.starts_with("</") {
                skip_until = None;
            }
            continue;
        }
        match name {
            "script" | "style" if !tag.starts_with("</") => {
                skip_until = Some(if name == "script" { "script" } else { "style" });
            }
            "h2" | "h3" | "h4" | "h5" | "h6" if tag.starts_with("</") => in_heading = false,
            "h2" | "h3" | "h4" | "h5" | "h6" => {
                if let Some(id) = attribute(tag, "id") {
                    out.sections.push(Section {
                        id,
                        ..Section::default()
                    });
                    in_heading = true;
                }
            }
            "a" | "em" | "strong" | "code" | "span" | "b" | "i" | "del" | "sup" | "sub"
            | "mark" | "kbd" | "abbr" | "small" | "s" | "u" => {}
            _ => out.space = true,
        }
    }
    if skip_until.is_none() {
        out.push(rest, in_heading);
    }
    out.sections
}

/// The sections being extracted, and whether whitespace came since the last character appended
/// (a space goes before the next character, unless that character starts its heading or text:
/// the text a new section's heading or body starts with is always empty, so one flag serves
/// both).
struct Texts {
    sections: Vec<Section>,
    space: bool,
}

impl Texts {
    /// Appends `raw` with character references decoded and whitespace collapsed.
    fn push(&mut self, raw: &str, in_heading: bool) {
        let Some(section) = self.sections.last_mut() else {
            return;
        };
        let target = if in_heading {
            &mut section.heading
        } else {
            &mut section.text
        };
        let space = &mut self.space;
        decode(raw, |piece| match piece {
            Piece::Text(text) => push_collapsed(target, space, text),
            Piece::Char(c) if c.is_whitespace() => *space = true,
            Piece::Char(c) => push_word(target, space, c.encode_utf8(&mut [0; 4])),
        });
    }
}

/// Appends `text` to `out` with every run of whitespace (`char::is_whitespace`) made one space,
/// none at the start of `out`, and a trailing run left pending in `space`. Words are copied as
/// slices; only non-ASCII characters are decoded to be classified.
fn push_collapsed(out: &mut String, space: &mut bool, text: &str) {
    let bytes = text.as_bytes();
    let mut word: Option<usize> = None;
    let mut i = 0;
    while let Some(&b) = bytes.get(i) {
        let (white, len) = if b.is_ascii() {
            (matches!(b, b' ' | b'\t' | b'\n' | 0x0b | 0x0c | b'\r'), 1)
        } else {
            let c = text[i..].chars().next().unwrap_or_default();
            (c.is_whitespace(), c.len_utf8())
        };
        if white {
            if let Some(start) = word.take() {
                push_word(out, space, &text[start..i]);
            }
            *space = true;
        } else if word.is_none() {
            word = Some(i);
        }
        i += len;
    }
    if let Some(start) = word {
        push_word(out, space, &text[start..]);
    }
}

fn push_word(out: &mut String, space: &mut bool, word: &str) {
    if std::mem::take(space) && !out.is_empty() {
        out.push(' ');
    }
    out.push_str(word);
}

/// The lower-cased name of `tag`, written into `buf`; a longer name is cut to 7 characters,
/// which no name this scanner treats specially has.
fn tag_name<'b>(tag: &str, buf: &'b mut [u8; 7]) -> &'b str {
    let name = tag
        .trim_start_matches('<')
        .trim_start_matches('/')
        .bytes()
        .take_while(u8::is_ascii_alphanumeric);
    let mut len = 0;
    for (slot, b) in buf.iter_mut().zip(name) {
        *slot = b.to_ascii_lowercase();
        len += 1;
    }
    std::str::from_utf8(&buf[..len]).unwrap_or_default()
}

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
