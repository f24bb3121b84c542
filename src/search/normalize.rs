//! The text normalization spec, index side. `theme/static/js/search.js` implements the same
//! steps for queries, and `tests/search/vectors.json` proves the two equal.
//!
//! 1. Unicode NFKC (full-width forms, ligatures, compatibility characters).
//! 2. Lower case; in Turkish and Azerbaijani `I` → `ı` and `İ` → `i` first.
//! 3. Split into words: runs of letters, digits and combining marks (see [`crate::search::tokenize`]).
//! 4. Fold each word: NFD; drop U+0300–U+036F (Latin diacritics, so `desteği` → `destegi`) and
//!    Arabic tashkeel U+064B–U+065F, U+0670 and tatweel U+0640; map alef forms `آأإٱ` → `ا`,
//!    `ى` → `ي`, `ة` → `ه`, dotless `ı` → `i`, `ß` → `ss`; NFC again.

use unicode_normalization::UnicodeNormalization;

use crate::bytes::{HIGH_BITS, ONES, block_at, gather, within};

/// Steps 1 and 2: NFKC, then lower case with the Turkish and Azerbaijani dotted/dotless i.
pub fn lower(text: &str, language: &str) -> String {
    let turkic = turkic(language);
    if text.is_ascii() && !(turkic && text.contains('I')) {
        return text.to_ascii_lowercase();
    }
    // Most text in Latin, Greek, Cyrillic, Hebrew or Arabic script without marks: every
    // character ASCII or a `Simple` one.
    let table = simple_table();
    let simple = one_pass(text, turkic, |c, out| {
        out.push(table.get(c as usize)?.lower?);
        Some(())
    });
    if let Some(out) = simple {
        return out;
    }
    let nfkc = match unicode_normalization::is_nfkc_quick(text.chars()) {
        // One pass when no character's lower case depends on its neighbours (Greek final sigma).
        unicode_normalization::IsNormalized::Yes if !text.contains('Σ') => {
            let lowered = one_pass(text, turkic, |c, out| {
                out.extend(c.to_lowercase());
                Some(())
            });
            return lowered.unwrap_or_default();
        }
        unicode_normalization::IsNormalized::Yes => text.to_string(),
        _ => text.nfkc().collect(),
    };
    if turkic {
        nfkc.chars()
            .map(|c| match c {
                'I' => 'ı',
                'İ' => 'i',
                other => other,
            })
            .collect::<String>()
            .to_lowercase()
    } else {
        nfkc.to_lowercase()
    }
}

/// The lower case of text that NFKC leaves alone, in one pass: ASCII and the Turkish and
/// Azerbaijani `I`/`İ` here, any other character through `other` (which may give up: `None`).
fn one_pass(
    text: &str,
    turkic: bool,
    mut other: impl FnMut(char, &mut String) -> Option<()>,
) -> Option<String> {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            'I' if turkic => out.push('ı'),
            'İ' if turkic => out.push('i'),
            c if c.is_ascii() => out.push(c.to_ascii_lowercase()),
            c => other(c, &mut out)?,
        }
    }
    Some(out)
}

/// Whether `language` lower-cases `I` to `ı` and `İ` to `i` (Turkish, Azerbaijani).
pub fn turkic(language: &str) -> bool {
    matches!(language, "tr" | "az")
}

/// Step 3 before step 2, for text whose every character is ASCII, `Simple` or punctuation that
/// [`separates`] words (most text in the scripts [`simple_table`] covers): `words` gets the byte
/// range in `text` of each word, the runs of characters whose lower case [`is_word_char`] (a
/// `Simple` character belongs to a word as its lower case does, and NFKC leaves it alone), so the
/// words of [`lower`]'s result are the [`lower_simple`] of these. `false`, with `words` to be
/// ignored, when a character needs the full [`lower`].
pub(super) fn simple_words(text: &str, turkic: bool, words: &mut Vec<(u32, u32)>) -> bool {
    words.clear();
    let table = simple_table();
    let bytes = text.as_bytes();
    let mut start = None;
    let mut i = 0;
    while let Some(&b) = bytes.get(i) {
        let (word, len) = if let Some(block) = block_at(bytes, i) {
            // The block's ASCII bytes up to its first other one (all eight when it has none),
            // at once: each change between word and other bytes among them starts or ends a
            // word. In Turkish text most words hold a letter that is not ASCII, so the bytes
            // before it are not left to a loop of their own.
            let high = block & HIGH_BITS;
            let ascii = if high == 0 {
                8
            } else {
                high.trailing_zeros() / 8
            };
            if ascii > 0 {
                let kept = u8::MAX >> (8 - ascii);
                let word = ascii_word_bytes(block & !HIGH_BITS) & kept;
                let mut edges = (word ^ ((word << 1) | u8::from(start.is_some()))) & kept;
                while edges != 0 {
                    let k = edges.trailing_zeros();
                    let at = (i + k as usize) as u32;
                    if (word >> k) & 1 == 1 {
                        start = Some(at);
                    } else if let Some(start) = start.take() {
                        words.push((start, at));
                    }
                    edges &= edges - 1;
                }
                i += ascii as usize;
            }
            if ascii == 8 {
                continue;
            }
            let Some(found) = other_char(text, i, turkic, table) else {
                return false;
            };
            found
        } else if b.is_ascii() {
            // A run of ASCII letters and digits, or of other ASCII characters.
            let word = b.is_ascii_alphanumeric();
            let run = bytes[i + 1..]
                .iter()
                .position(|&b| !b.is_ascii() || b.is_ascii_alphanumeric() != word);
            (word, run.map_or(bytes.len() - i, |n| 1 + n))
        } else {
            let Some(found) = other_char(text, i, turkic, table) else {
                return false;
            };
            found
        };
        if word {
            start.get_or_insert(i as u32);
        } else if let Some(start) = start.take() {
            words.push((start, i as u32));
        }
        i += len;
    }
    if let Some(start) = start {
        words.push((start, bytes.len() as u32));
    }
    true
}

/// For the character that is not ASCII at byte `i` of `text`: whether it belongs to a word and
/// its length in bytes, or `None` when it is not a `Simple` one (nor the Turkish `İ`, nor
/// punctuation that [`separates`] words). The characters of two bytes (Latin, Greek, Cyrillic,
/// Hebrew, Arabic) are decoded here.
fn other_char(text: &str, i: usize, turkic: bool, table: &[Simple]) -> Option<(bool, usize)> {
    let bytes = text.as_bytes();
    let c = match (bytes[i], bytes.get(i + 1)) {
        (lead @ 0xC0..=0xDF, Some(&next)) => {
            char::from_u32(u32::from(lead & 0x1F) << 6 | u32::from(next & 0x3F))
        }
        _ => text[i..].chars().next(),
    }?;
    let word = match c {
        'İ' if turkic => true,
        c => match table.get(c as usize) {
            Some(Simple {
                lower: Some(_),
                word,
            }) => *word,
            None if separates(c) => false,
            _ => return None,
        },
    };
    Some((word, c.len_utf8()))
}

/// The General Punctuation block (dashes, curly quotes, the narrow no-break space, `…`), whose
/// characters are most of what is not `Simple` in Latin-script text.
const PUNCTUATION: std::ops::Range<u32> = 0x2000..0x2070;

/// Whether `c`, of the [`PUNCTUATION`] block, separates words wherever it stands just as the
/// spec's steps do: no word character itself nor in its NFKC (`…` is `...`, the en space a
/// space), which combines with nothing (combining class 0). The words around it are then those
/// of [`lower`]'s result, though `lower` would write the NFKC in its place.
fn separates(c: char) -> bool {
    static TABLE: std::sync::OnceLock<Vec<bool>> = std::sync::OnceLock::new();
    let table = TABLE.get_or_init(|| {
        PUNCTUATION
            .map(|n| {
                char::from_u32(n).is_some_and(|c| {
                    unicode_normalization::char::canonical_combining_class(c) == 0
                        && std::iter::once(c).nfkc().all(|c| !word_char_slow(c))
                })
            })
            .collect()
    });
    (c as u32)
        .checked_sub(PUNCTUATION.start)
        .and_then(|i| table.get(i as usize))
        .is_some_and(|&separates| separates)
}

/// Which of eight ASCII bytes (little-endian in `block`) are letters or digits: bit `k` for byte
/// `k`.
fn ascii_word_bytes(block: u64) -> u8 {
    let digit = within(block, b'0', b'9');
    let letter = within(block | (ONES * 0x20), b'a', b'z');
    gather(digit | letter)
}

/// Into `out`, the lower case of a word that [`simple_words`] found: what [`lower`] makes of it.
pub(super) fn lower_simple(word: &str, turkic: bool, out: &mut String) {
    out.clear();
    if !(turkic && word.contains('I')) && word.is_ascii() {
        out.push_str(word);
        out.make_ascii_lowercase();
        return;
    }
    let table = simple_table();
    out.extend(word.chars().map(|c| match c {
        'I' if turkic => 'ı',
        'İ' if turkic => 'i',
        c if c.is_ascii() => c.to_ascii_lowercase(),
        // `simple_words` let only `Simple` characters through.
        c => table.get(c as usize).and_then(|s| s.lower).unwrap_or(c),
    }));
}

/// What the hot loops need to know of a character below [`SIMPLE_BELOW`], read from the same
/// Unicode tables once: `lower` is its lower case when NFKC leaves it alone (quick check yes,
/// combining class 0) and it lowers to one character regardless of its neighbours (not `Σ`);
/// `word` is whether it belongs to a word, as its lower case does.
#[derive(Clone, Copy)]
struct Simple {
    lower: Option<char>,
    word: bool,
}

/// The characters [`simple_table`] covers: Latin, Greek, Cyrillic, Armenian, Hebrew, Arabic.
const SIMPLE_BELOW: u32 = 0x800;

fn simple_table() -> &'static [Simple] {
    static TABLE: std::sync::OnceLock<Vec<Simple>> = std::sync::OnceLock::new();
    TABLE.get_or_init(|| {
        (0..SIMPLE_BELOW)
            .map(|n| {
                let Some(c) = char::from_u32(n) else {
                    return Simple {
                        lower: None,
                        word: false,
                    };
                };
                let stable = unicode_normalization::is_nfkc_quick(std::iter::once(c))
                    == unicode_normalization::IsNormalized::Yes
                    && unicode_normalization::char::canonical_combining_class(c) == 0;
                let mut lowered = c.to_lowercase();
                let lower = match (lowered.next(), lowered.next()) {
                    (Some(l), None) if stable && c != 'Σ' => Some(l),
                    _ => None,
                };
                Simple {
                    lower,
                    word: word_char_slow(c),
                }
            })
            .collect()
    })
}

/// Step 4: folds one lower-cased word so that queries typed without diacritics still match.
pub fn fold(word: &str) -> String {
    if word.is_ascii() {
        return word.to_string();
    }
    let table = latin_folds();
    let folded: Option<String> = word
        .chars()
        .map(|c| table.get(c as usize).copied().flatten())
        .collect();
    folded.unwrap_or_else(|| fold_full(word))
}

/// The characters whose fold [`latin_folds`] holds: Latin-1 and Latin Extended-A and -B.
const LATIN_BELOW: u32 = 0x250;

/// The fold of each character below [`LATIN_BELOW`] when it is one character (`ü` → `u`, `ı` →
/// `i`), `None` when it is more (`ß` → `ss`). Each character there has combining class 0 and
/// none of them composes with the one before it, so the fold of a word made of them is the folds
/// of its characters, without the decomposing and composing of [`fold_full`].
fn latin_folds() -> &'static [Option<char>] {
    static TABLE: std::sync::OnceLock<Vec<Option<char>>> = std::sync::OnceLock::new();
    TABLE.get_or_init(|| {
        (0..LATIN_BELOW)
            .map(|n| {
                let folded = fold_full(&char::from_u32(n)?.to_string());
                let mut chars = folded.chars();
                match (chars.next(), chars.next()) {
                    (Some(f), None) => Some(f),
                    _ => None,
                }
            })
            .collect()
    })
}

/// [`fold`] for any word: decomposed, diacritics and Arabic marks dropped, composed again.
fn fold_full(word: &str) -> String {
    let mut out = String::with_capacity(word.len());
    for c in word.nfd() {
        match c {
            '\u{0300}'..='\u{036F}' | '\u{064B}'..='\u{065F}' | '\u{0670}' | '\u{0640}' => {}
            'آ' | 'أ' | 'إ' | 'ٱ' => out.push('ا'),
            'ى' => out.push('ي'),
            'ة' => out.push('ه'),
            'ı' => out.push('i'),
            'ß' => out.push_str("ss"),
            other => out.push(other),
        }
    }
    out.nfc().collect()
}

/// Whether `c` is written without spaces between words (Han, Hiragana, Katakana), so that
/// words are indexed as overlapping pairs of characters.
pub fn is_cjk(c: char) -> bool {
    matches!(c,
        '\u{3040}'..='\u{30FF}' | '\u{3400}'..='\u{4DBF}' | '\u{4E00}'..='\u{9FFF}'
        | '\u{F900}'..='\u{FAFF}' | '\u{20000}'..='\u{2FFFF}')
}

/// Whether `c` belongs to a word: a letter, a digit or a combining mark.
pub fn is_word_char(c: char) -> bool {
    if c.is_ascii() {
        return c.is_ascii_alphanumeric();
    }
    match simple_table().get(c as usize) {
        Some(simple) => simple.word,
        None => word_char_slow(c),
    }
}

fn word_char_slow(c: char) -> bool {
    c.is_alphanumeric() || unicode_normalization::char::is_combining_mark(c)
}
