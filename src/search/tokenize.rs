//! Splitting text into search terms, the same way for pages and queries (see [`super::normalize`]).
//!
//! A word is a run of letters, digits and combining marks. Inside a word, runs of CJK characters
//! become overlapping pairs (`接続方法` → `接続`, `続方`, `方法`; a lone character stays itself), so
//! Japanese and Chinese text needs no dictionary; other runs are one term each. Pages also index
//! the last character of every CJK run on its own ([`each_piece`] with `tails`), so that a query
//! of one character finds it either as that term or as the start of a pair.

use super::normalize::{fold, is_cjk, is_word_char, lower, lower_simple, simple_words, turkic};

/// One term of a text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Token {
    /// The folded term, as matched against queries.
    pub term: String,
    /// The lower-cased term before folding (what a stemmer reads); empty for CJK pairs.
    pub word: String,
    /// Position of the term in its text, counting terms.
    pub pos: u32,
}

/// Every term of `text`, in order, for a query in `language` (a primary subtag, e.g. `tr`).
/// Pages are indexed through [`each_piece`], which also gives each CJK run's last character.
pub fn tokens(text: &str, language: &str) -> Vec<Token> {
    let mut out = Vec::new();
    each_text_piece(text, language, false, &mut Buffers::default(), |piece| {
        let (term, word) = match piece {
            Piece::Run(run) => (fold(run), run.to_string()),
            Piece::Cjk(term) => (term, String::new()),
        };
        if !term.is_empty() {
            let pos = out.len() as u32;
            out.push(Token { term, word, pos });
        }
    });
    out
}

/// A term of lower-cased text before folding: a run of non-CJK word characters, or a CJK pair
/// or single character, already folded.
pub enum Piece<'a> {
    /// A lower-cased word (or the non-CJK part of one); its term is its [`fold`].
    Run(&'a str),
    /// A folded CJK term (its word, what a stemmer would read, is empty).
    Cjk(String),
}

/// What [`each_text_piece`] reuses from one text to the next.
#[derive(Debug, Default)]
pub struct Buffers {
    pub(super) lowered: String,
    pub(super) words: Vec<(u32, u32)>,
}

/// Calls `f` with every piece of `text` in `language`, as [`each_piece`] gives them from
/// [`lower`]'s result; word by word, without lower-casing the whole text, when every character
/// of the text allows it (`simple_words`).
pub fn each_text_piece(
    text: &str,
    language: &str,
    tails: bool,
    buffers: &mut Buffers,
    mut f: impl FnMut(Piece<'_>),
) {
    let turkic = turkic(language);
    if simple_words(text, turkic, &mut buffers.words) {
        for &(start, end) in &buffers.words {
            lower_simple(
                &text[start as usize..end as usize],
                turkic,
                &mut buffers.lowered,
            );
            f(Piece::Run(&buffers.lowered));
        }
        return;
    }
    each_piece(&lower(text, language), tails, f);
}

/// Calls `f` with every piece of `lowered` (text already passed through [`lower`]), in order;
/// `tails` adds each CJK run's last character, as pages index it. A piece whose term folds to
/// nothing takes no position.
pub fn each_piece<'a>(lowered: &'a str, tails: bool, mut f: impl FnMut(Piece<'a>)) {
    for word in lowered.split(|c: char| !is_word_char(c)) {
        // CJK characters start at U+3040: their UTF-8 starts with a byte of 0xE3 or more.
        if !word.bytes().any(|b| b >= 0xE3) || !word.chars().any(is_cjk) {
            if !word.is_empty() {
                f(Piece::Run(word));
            }
            continue;
        }
        for (cjk, run) in runs(word) {
            if cjk {
                push_pairs(run, tails, &mut f);
            } else {
                f(Piece::Run(run));
            }
        }
    }
}

/// The folded terms of a query, as `search.js` computes them.
pub fn query_terms(text: &str, language: &str) -> Vec<String> {
    tokens(text, language).into_iter().map(|t| t.term).collect()
}

/// Splits a word into maximal runs of CJK and of other characters.
fn runs(word: &str) -> Vec<(bool, &str)> {
    let mut out = Vec::new();
    let mut start = 0;
    let mut current = None;
    for (i, c) in word.char_indices() {
        let cjk = is_cjk(c);
        match current {
            Some(kind) if kind != cjk => {
                out.push((kind, &word[start..i]));
                start = i;
                current = Some(cjk);
            }
            None => current = Some(cjk),
            _ => {}
        }
    }
    if let Some(kind) = current {
        out.push((kind, &word[start..]));
    }
    out
}

fn push_pairs<'a>(run: &str, tails: bool, f: &mut impl FnMut(Piece<'a>)) {
    let chars: Vec<char> = fold(run).chars().collect();
    if chars.len() == 1 {
        f(Piece::Cjk(chars[0].to_string()));
    }
    for pair in chars.windows(2) {
        f(Piece::Cjk(pair.iter().collect()));
    }
    if let Some(last) = chars.last().filter(|_| tails && chars.len() > 1) {
        f(Piece::Cjk(last.to_string()));
    }
}
